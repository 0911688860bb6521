// text/name_differences: which characters make two names look alike, for
// the messages of lookalike-username and lookalike-channel-name (issue 16).

#include "text/name_differences.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "text/names.hpp"

namespace {

using namespace ckimport::text;

// "in_name/in_like name_script/like_script" of each pair.
std::vector<std::string> pairs(std::string_view name, std::string_view like) {
  std::vector<std::string> out;
  for (const auto& p : confusable_pairs(name, like)) {
    out.push_back(escape_invisible(p.in_name) + "/" + escape_invisible(p.in_like) + " " + p.name_script + "/" +
                  p.like_script);
  }
  return out;
}

}  // namespace

TEST_CASE("is_nfc and is_nfd tell the two forms of josé apart", "[names]") {
  CHECK(is_nfc("jos\u00e9"));
  CHECK_FALSE(is_nfd("jos\u00e9"));
  CHECK(is_nfd("jose\u0301"));
  CHECK_FALSE(is_nfc("jose\u0301"));
  CHECK(is_nfc("ann"));
  CHECK(is_nfd("ann"));
  CHECK(is_nfc(""));
  // Neither: one composed, one decomposed letter.
  CHECK_FALSE(is_nfc("\u00e9e\u0301"));
  CHECK_FALSE(is_nfd("\u00e9e\u0301"));
  // Ill-formed bytes are not judged, the runs around them are.
  CHECK(is_nfd("e\u0301\xff" "a"));
  CHECK_FALSE(is_nfc("e\u0301\xff" "a"));
}

TEST_CASE("code_point_label: U+ and the Unicode name", "[names]") {
  CHECK(code_point_label(0x200B) == "U+200B ZERO WIDTH SPACE");
  CHECK(code_point_label(0xFEFF) == "U+FEFF ZERO WIDTH NO-BREAK SPACE");
  CHECK(code_point_label(0x00AD) == "U+00AD SOFT HYPHEN");
  CHECK(code_point_label(0xE0001) == "U+E0001 LANGUAGE TAG");
  CHECK(code_point_label(0x10FFFF) == "U+10FFFF");  // unassigned: no name
  CHECK(code_point_label(0x110000) == "U+110000");
}

TEST_CASE("invisible_difference: the invisible characters one name has more of", "[names]") {
  CHECK(invisible_difference("carl\u200b", "carl") == std::vector<char32_t>{0x200B});
  CHECK(invisible_difference("carl", "\ufeffcarl") == std::vector<char32_t>{0xFEFF});
  CHECK(invisible_difference("c\u00adarl\u200b", "carl\u2060") == std::vector<char32_t>{0x00AD, 0x200B, 0x2060});
  CHECK(invisible_difference("c\u200barl", "ca\u200brl").empty());  // the same one, elsewhere
  CHECK(invisible_difference("carl\u00a0", "carl").empty());         // a no-break space is white space
  CHECK(invisible_difference("ca\xffrl", "carl").empty());
}

TEST_CASE("white_space_difference: at the start, at the end, inside", "[names]") {
  const auto where = [](std::string_view a, std::string_view b) {
    const auto d = white_space_difference(a, b);
    return std::string(d.start ? "start " : "") + (d.end ? "end " : "") + (d.inside ? "inside" : "");
  };
  CHECK(where("bob ", "bob") == "end ");
  CHECK(where("\tbob", "bob") == "start ");
  CHECK(where(" bob\u00a0", "bob") == "start end ");
  CHECK(where("anna  lee", "anna lee") == "inside");
  CHECK(where("anna\u00a0lee", "anna lee") == "inside");
  CHECK(where("bob\u200b ", "bob\u200b") == "end ");
  CHECK(where("jose\u0301 ", "jos\u00e9") == "end ");  // the forms differ, the white space only at the end
}

TEST_CASE("confusable_pairs: which characters stand for which, with their scripts", "[names]") {
  CHECK(pairs("c\u0430rl", "carl") == std::vector<std::string>{"\u0430/a Cyrillic/Latin"});
  CHECK(pairs("\u0421\u0430rl", "carl") ==
        std::vector<std::string>{"\u0421/c Cyrillic/Latin", "\u0430/a Cyrillic/Latin"});
  // Case is not a difference here: Carl is carl but for case.
  CHECK(pairs("C\u0430rl", "carl") == std::vector<std::string>{"\u0430/a Cyrillic/Latin"});
  // A digit has no script of its own.
  CHECK(pairs("car1", "carl") == std::vector<std::string>{"1/l /Latin"});
  // Different lengths: the one stretch between what is common.
  CHECK(pairs("rnary", "mary") == std::vector<std::string>{"rn/m Latin/Latin"});
  // Invisible characters and white space are not what makes them confusable.
  CHECK(pairs("c\u0430rl\u200b ", "carl") == std::vector<std::string>{"\u0430/a Cyrillic/Latin"});
  // At most three.
  CHECK(confusable_pairs("\uff47\uff45\uff4e\uff45\uff52\uff41\uff4c", "general").size() == 3);
  CHECK(confusable_pairs("carl", "carl").empty());
}
