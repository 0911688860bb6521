// text/names: names compared the way a person reads them (issue 16). Each
// case states exact bytes; names with invisible characters are compared
// through escape_invisible() where that makes a failure readable.

#include "text/names.hpp"

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using namespace ckimport::text;

// The reason as text, so a failing check prints a word, not a number.
std::string reason(std::string_view a, std::string_view b) {
  const std::optional<Lookalike> why = lookalike(a, b);
  if (!why) return "none";
  switch (*why) {
    case Lookalike::nfc: return "nfc";
    case Lookalike::invisible: return "invisible";
    case Lookalike::white_space: return "white_space";
    case Lookalike::case_only: return "case_only";
    case Lookalike::confusable: return "confusable";
  }
  return "?";
}

// Bytes as \xNN for anything outside printable ASCII: for failure messages.
std::string hex(std::string_view s) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20U && b < 0x7FU && b != '\\') {
      out.push_back(c);
    } else {
      out += "\\x";
      out.push_back(digits[b >> 4U]);
      out.push_back(digits[b & 0xFU]);
    }
  }
  return out;
}

// Ill-formed UTF-8 of each kind the decoder tells apart.
const std::vector<std::string> ill_formed = {
    "\xff",                      // never a UTF-8 byte
    "\x80",                      // lone continuation byte
    "\xc3",                      // truncated 2-byte sequence
    "\xe2\x82",                  // truncated 3-byte sequence
    "\xf0\x9f\x98",              // truncated 4-byte sequence
    "\xc0\xaf",                  // overlong '/'
    "\xed\xa0\x80",              // surrogate U+D800
    "\xf4\x90\x80\x80",          // above U+10FFFF
    "a\xff" "b",                 // between ASCII
    "\xc3\xa9\xff\xe2\x80\x8b",  // between é and U+200B
    "\xe2\x80",                  // truncated U+200B at the end
};

}  // namespace

// ---- nfc ----------------------------------------------------------------------

TEST_CASE("nfc: decomposed and precomposed josé are equal after NFC", "[names]") {
  const std::string precomposed = "jos\xc3\xa9";  // U+00E9
  const std::string decomposed = "jose\xcc\x81";  // e + U+0301
  CHECK(precomposed != decomposed);
  CHECK(hex(nfc(decomposed)) == hex(precomposed));
  CHECK(hex(nfc(precomposed)) == hex(precomposed));
}

TEST_CASE("nfc: is not NFKC, compatibility characters stay", "[names]") {
  CHECK(nfc("\xef\xac\x81") == "\xef\xac\x81");  // U+FB01 LATIN SMALL LIGATURE FI
  CHECK(nfc("\xef\xbd\x86") == "\xef\xbd\x86");  // U+FF46 FULLWIDTH f
  CHECK(nfc("a\xc2\xa0" "b") == "a\xc2\xa0" "b");  // U+00A0 is not made a space
}

TEST_CASE("nfc: empty and ASCII input come back unchanged", "[names]") {
  CHECK(nfc("").empty());
  CHECK(nfc("Bob 42") == "Bob 42");
  const std::string with_nul("a\0b", 3);
  CHECK(nfc(with_nul) == with_nul);
}

TEST_CASE("nfc: ill-formed bytes are copied and nothing composes across them", "[names]") {
  CHECK(hex(nfc("e\xcc\x81\xff")) == hex("\xc3\xa9\xff"));  // é composed, \xff kept
  CHECK(hex(nfc("e\xff\xcc\x81")) == hex("e\xff\xcc\x81"));  // e and U+0301 apart
  for (const std::string& bad : ill_formed) {
    INFO(hex(bad));
    CHECK_NOTHROW(nfc(bad));
    CHECK(hex(nfc(bad)) == hex(bad));  // each of these is already NFC where well-formed
  }
}

// ---- fold_case ----------------------------------------------------------------

TEST_CASE("fold_case: full case folding, not lower-casing", "[names]") {
  CHECK(fold_case("ANN") == "ann");
  CHECK(fold_case("Ann") == "ann");
  CHECK(fold_case("Stra\xc3\x9f" "e") == "strasse");  // ß folds to ss (status F)
  CHECK(fold_case("STRASSE") == "strasse");
  CHECK(fold_case("\xce\xa3\xce\x91\xce\xa3") == "\xcf\x83\xce\xb1\xcf\x83");  // ΣΑΣ -> σασ
  CHECK(fold_case("\xcf\x82") == "\xcf\x83");  // final ς folds to σ
  CHECK(fold_case("I") == "i");                // not Turkic: I is not ı
  CHECK(hex(fold_case("\xc4\xb0")) == hex("i\xcc\x87"));  // İ -> i + U+0307
}

TEST_CASE("fold_case: the result is NFC whatever the input's form", "[names]") {
  CHECK(hex(fold_case("JOSE\xcc\x81")) == hex("jos\xc3\xa9"));
  CHECK(hex(fold_case("JOS\xc3\x89")) == hex("jos\xc3\xa9"));
}

TEST_CASE("fold_case: canonically equivalent input folds equal (U+0345 reorders)", "[names]") {
  // α + U+0345 YPOGEGRAMMENI + U+0301 ACUTE, whose NFD puts the acute (230)
  // before U+0345 (240), and U+1FB4, its NFC: folding must see the NFD order,
  // or the ι that U+0345 folds to takes the acute (ί) instead of the α (ά).
  const std::string unordered = "\xce\xb1\xcd\x85\xcc\x81";
  const std::string precomposed = "\xe1\xbe\xb4";
  const std::string expected = "\xce\xac\xce\xb9";  // ά ι
  CHECK(hex(fold_case(unordered)) == hex(expected));
  CHECK(hex(fold_case(precomposed)) == hex(expected));
}

TEST_CASE("fold_case: ill-formed bytes are copied, the rest folded", "[names]") {
  CHECK(hex(fold_case("A\xff" "B")) == hex("a\xff" "b"));
  CHECK(hex(fold_case("\xc3\x89\xe2\x82")) == hex("\xc3\xa9\xe2\x82"));  // É, truncated
  for (const std::string& bad : ill_formed) {
    INFO(hex(bad));
    CHECK_NOTHROW(fold_case(bad));
  }
  CHECK(fold_case("").empty());
}

// ---- trim_white_space ---------------------------------------------------------

TEST_CASE("trim_white_space: strips Unicode White_Space from both ends only", "[names]") {
  CHECK(trim_white_space(" bob ") == "bob");
  CHECK(trim_white_space("\t\n\v\f\r bob\r\n") == "bob");
  CHECK(trim_white_space("\xe3\x80\x80" "bob\xc2\xa0") == "bob");  // U+3000, U+00A0
  CHECK(trim_white_space(" a  b ") == "a  b");
  // Each non-ASCII White_Space code point, alone on both sides.
  for (const std::string space :
       {"\xc2\x85", "\xc2\xa0", "\xe1\x9a\x80", "\xe2\x80\x80", "\xe2\x80\x8a", "\xe2\x80\xa8",
        "\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80"}) {
    INFO(hex(space));
    CHECK(trim_white_space(space + "x" + space) == "x");
  }
}

TEST_CASE("trim_white_space: zero-width and format characters are not white space", "[names]") {
  CHECK(hex(trim_white_space("\xe2\x80\x8b" "bob")) == hex("\xe2\x80\x8b" "bob"));  // U+200B
  CHECK(hex(trim_white_space("bob\xef\xbb\xbf")) == hex("bob\xef\xbb\xbf"));        // U+FEFF
  CHECK(trim_white_space("\x1f" "bob") == "\x1f" "bob");  // U+001F is not White_Space
}

TEST_CASE("trim_white_space: all-space and empty input give an empty view", "[names]") {
  CHECK(trim_white_space("").empty());
  CHECK(trim_white_space("    ").empty());
  CHECK(trim_white_space("\xe3\x80\x80\xe3\x80\x80").empty());
}

TEST_CASE("trim_white_space: ill-formed bytes are not white space", "[names]") {
  CHECK(hex(trim_white_space(" \xff ")) == hex("\xff"));
  CHECK(hex(trim_white_space(" \xe3\x80")) == hex("\xe3\x80"));  // truncated U+3000
  for (const std::string& bad : ill_formed) {
    INFO(hex(bad));
    CHECK(hex(trim_white_space(" " + bad + "\xe3\x80\x80")) == hex(bad));
  }
}

// ---- needs_escape and escape_invisible ------------------------------------------

TEST_CASE("needs_escape: every invisible, format and unusual space character of issue 16", "[names]") {
  const char32_t listed[] = {
      0x200B, 0x200C, 0x200D, 0x2060,                          // zero-width
      0x200E, 0x200F, 0x061C, 0x202A, 0x202B, 0x202C, 0x202D,  // bidi marks, embeddings
      0x202E, 0x2066, 0x2067, 0x2068, 0x2069,                  // override, isolates
      0x00AD,                                                  // soft hyphen
      0x00A0, 0x2007, 0x202F,                                  // no-break spaces
      0xFEFF,                                                  // BOM
      0x2061, 0x180E, 0xFFF9, 0xE0001, 0xE007F,                // other Cf
      0x3000, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,  // unusual white space
      0x2006, 0x2008, 0x2009, 0x200A, 0x1680, 0x205F, 0x2028, 0x2029,
      0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0,                  // default-ignorable, not Cf
  };
  for (const char32_t cp : listed) {
    INFO(static_cast<std::uint32_t>(cp));
    CHECK(needs_escape(cp));
  }
}

TEST_CASE("needs_escape: not for visible characters, U+0020, controls or variation selectors", "[names]") {
  const char32_t kept[] = {
      U' ', U'a', U'\\', 0x00E9, 0x0430, 0x674E, 0x1F431,  // visible
      0x0301,                                               // combining acute: visible mark
      0x0009, 0x000A, 0x000D, 0x0000, 0x001B, 0x007F,       // C0 controls and DEL
      0x0085, 0x0080, 0x009B, 0x009F,                       // C1 controls (U+0085 is White_Space)
      0xFE0F, 0xFE00, 0xE0100,                              // variation selectors
      0x10FFFF, 0x110000, 0xD800, 0xFFFD,                   // noncharacter, out of range, surrogate
  };
  for (const char32_t cp : kept) {
    INFO(static_cast<std::uint32_t>(cp));
    CHECK_FALSE(needs_escape(cp));
  }
}

TEST_CASE("escape_invisible: backslash, u{, lowercase hex of 4 digits or more, }", "[names]") {
  CHECK(escape_invisible("\xe2\x80\x8b") == "\\u{200b}");
  CHECK(escape_invisible("\xe2\x80\x8c") == "\\u{200c}");
  CHECK(escape_invisible("\xe2\x80\x8d") == "\\u{200d}");
  CHECK(escape_invisible("\xe2\x81\xa0") == "\\u{2060}");
  CHECK(escape_invisible("\xe2\x80\x8e") == "\\u{200e}");
  CHECK(escape_invisible("\xe2\x80\x8f") == "\\u{200f}");
  CHECK(escape_invisible("\xd8\x9c") == "\\u{061c}");
  CHECK(escape_invisible("\xe2\x80\xaa") == "\\u{202a}");
  CHECK(escape_invisible("\xe2\x80\xab") == "\\u{202b}");
  CHECK(escape_invisible("\xe2\x80\xac") == "\\u{202c}");
  CHECK(escape_invisible("\xe2\x80\xad") == "\\u{202d}");
  CHECK(escape_invisible("\xe2\x80\xae") == "\\u{202e}");
  CHECK(escape_invisible("\xe2\x81\xa6") == "\\u{2066}");
  CHECK(escape_invisible("\xe2\x81\xa7") == "\\u{2067}");
  CHECK(escape_invisible("\xe2\x81\xa8") == "\\u{2068}");
  CHECK(escape_invisible("\xe2\x81\xa9") == "\\u{2069}");
  CHECK(escape_invisible("\xc2\xad") == "\\u{00ad}");
  CHECK(escape_invisible("\xc2\xa0") == "\\u{00a0}");
  CHECK(escape_invisible("\xe2\x80\x87") == "\\u{2007}");
  CHECK(escape_invisible("\xe2\x80\xaf") == "\\u{202f}");
  CHECK(escape_invisible("\xef\xbb\xbf") == "\\u{feff}");
  CHECK(escape_invisible("\xe3\x80\x80") == "\\u{3000}");
  CHECK(escape_invisible("\xe2\x80\x80") == "\\u{2000}");
  CHECK(escape_invisible("\xe2\x80\x8a") == "\\u{200a}");
  CHECK(escape_invisible("\xe3\x85\xa4") == "\\u{3164}");      // Hangul filler
  CHECK(escape_invisible("\xf3\xa0\x80\x81") == "\\u{e0001}");  // 5 digits, no padding to 6
}

TEST_CASE("escape_invisible: everything else is copied byte for byte", "[names]") {
  CHECK(escape_invisible("").empty());
  CHECK(escape_invisible("carl") == "carl");
  CHECK(escape_invisible("c\xd0\xb0rl") == "c\xd0\xb0rl");  // Cyrillic а is visible
  CHECK(escape_invisible("bob\xe2\x80\x8b") == "bob\\u{200b}");
  CHECK(escape_invisible("a b\xe2\x80\x8b" "c\xc2\xad" "d") == "a b\\u{200b}c\\u{00ad}d");
  // Controls and ill-formed bytes are the terminal sanitiser's to escape.
  CHECK(escape_invisible("\t\n\x1b\x7f") == "\t\n\x1b\x7f");
  CHECK(escape_invisible("\xc2\x85\xc2\x9b") == "\xc2\x85\xc2\x9b");
  CHECK(hex(escape_invisible("\xff\xe2\x80\x8b\xe2\x80")) == hex("\xff\\u{200b}\xe2\x80"));
  for (const std::string& bad : ill_formed) {
    INFO(hex(bad));
    if (bad.find("\xe2\x80\x8b") == std::string::npos) CHECK(hex(escape_invisible(bad)) == hex(bad));
  }
}

// ---- without_invisible and is_blank -------------------------------------------

TEST_CASE("without_invisible: drops invisible code points, keeps visible spaces", "[names]") {
  CHECK(without_invisible("car\xe2\x80\x8bl") == "carl");
  CHECK(without_invisible("\xef\xbb\xbf" "c\xc2\xad" "a\xe2\x80\xaer\xe2\x81\xa0l") == "carl");
  CHECK(hex(without_invisible("a\xc2\xa0" "b\xe3\x80\x80")) == hex("a\xc2\xa0" "b\xe3\x80\x80"));
  CHECK(hex(without_invisible("\xff\xe2\x80\x8b\xe2\x80")) == hex("\xff\xe2\x80"));
  CHECK(without_invisible("").empty());
}

TEST_CASE("is_blank: white space and invisible characters only", "[names]") {
  CHECK(is_blank(""));
  CHECK(is_blank(" "));
  CHECK(is_blank("    "));
  CHECK(is_blank("\xe3\x80\x80"));              // U+3000 only
  CHECK(is_blank("\xe3\x80\x80\xe3\x80\x80"));
  CHECK(is_blank("\xe2\x80\x8b"));              // U+200B only: blank to a reader
  CHECK(is_blank("\xe3\x85\xa4"));              // Hangul filler only
  CHECK(is_blank("\t\xc2\xa0\xe2\x80\x8b\xef\xbb\xbf \r\n"));
  CHECK_FALSE(is_blank("a"));
  CHECK_FALSE(is_blank(" a "));
  CHECK_FALSE(is_blank("\xe2\x80\x8b" "a"));
  CHECK_FALSE(is_blank("\xff"));  // shown as \xff: not blank
  CHECK_FALSE(is_blank(" \xe2\x80"));
  CHECK_FALSE(is_blank("\x01"));  // a control other than white space
  CHECK_FALSE(is_blank("\xcc\x81"));  // a lone combining mark is drawn
}

// ---- skeleton and has_confusable_mix --------------------------------------------

TEST_CASE("skeleton: Latin carl and carl with a Cyrillic a are the same skeleton", "[names]") {
  CHECK(skeleton("c\xd0\xb0rl") == skeleton("carl"));  // U+0430
  CHECK(skeleton("p\xd0\xb0yp\xd0\xb0l") == skeleton("paypal"));
  CHECK(skeleton("carl") != skeleton("karl"));
  CHECK(skeleton("Carl") != skeleton("carl"));  // case-sensitive: fold first
  CHECK(skeleton("").empty());
}

TEST_CASE("skeleton: ill-formed bytes are copied, the runs between mapped", "[names]") {
  CHECK(hex(skeleton("\xff")) == hex("\xff"));
  CHECK(skeleton("c\xd0\xb0\xff" "rl") == skeleton("ca") + "\xff" + skeleton("rl"));
  for (const std::string& bad : ill_formed) {
    INFO(hex(bad));
    CHECK_NOTHROW(skeleton(bad));
  }
}

TEST_CASE("has_confusable_mix: Latin with Cyrillic or Greek look-alikes", "[names]") {
  CHECK(has_confusable_mix("c\xd0\xb0rl"));            // carl, Cyrillic а
  CHECK(has_confusable_mix("\xd0\x98\xd0\xb2" "a\xd0\xbd"));  // Иван with a Latin a
  CHECK(has_confusable_mix("\xce\xa9mega"));           // Greek Ω + Latin
  CHECK(has_confusable_mix("user1\xd9\xa3"));          // ASCII 1 with Arabic-Indic 3
}

TEST_CASE("has_confusable_mix: single scripts and ordinary mixes are fine", "[names]") {
  CHECK_FALSE(has_confusable_mix(""));
  CHECK_FALSE(has_confusable_mix("carl"));
  CHECK_FALSE(has_confusable_mix("jos\xc3\xa9"));
  CHECK_FALSE(has_confusable_mix("jose\xcc\x81"));                      // combining mark: Inherited
  CHECK_FALSE(has_confusable_mix("Zo\xc3\xab"));
  CHECK_FALSE(has_confusable_mix("\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd"));  // Иван
  CHECK_FALSE(has_confusable_mix("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99"));  // 李小龙
  CHECK_FALSE(has_confusable_mix("\xce\xa3\xcf\x89\xce\xba\xcf\x81\xce\xac\xcf\x84\xce\xb7\xcf\x82"));
  CHECK_FALSE(has_confusable_mix("\xe7\x94\xb0\xe4\xb8\xad" "Taro"));   // 田中Taro: Japanese
  CHECK_FALSE(has_confusable_mix("\xe3\x81\x9f\xe3\x81\xaa\xe3\x81\x8b" "Taro"));  // たなかTaro
  CHECK_FALSE(has_confusable_mix("\xea\xb9\x80" "Kim"));                // 김Kim
  CHECK_FALSE(has_confusable_mix("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf" "Ali"));  // محمدAli
  CHECK_FALSE(has_confusable_mix("carl \xf0\x9f\x90\xb1 2024"));  // emoji, digits: Common
  CHECK_FALSE(has_confusable_mix("ca\xe2\x80\x8brl"));
  CHECK_FALSE(has_confusable_mix("\xff\xfe"));
  CHECK_FALSE(has_confusable_mix("carl\xff"));
}

// ---- keys and lookalike --------------------------------------------------------

TEST_CASE("name_key: invisible dropped, spaces trimmed and made one, folded", "[names]") {
  CHECK(name_key("  Anna\xc2\xa0 Lee\xe2\x80\x8b ") == "anna lee");
  CHECK(name_key("Anna  Lee") == "anna lee");
  CHECK(name_key("ANN") == name_key("ann"));
  CHECK(name_key("Stra\xc3\x9f" "e") == name_key("STRASSE"));
  CHECK(name_key("JOSE\xcc\x81") == "jos\xc3\xa9");
  CHECK(name_key("ca\xe2\x80\x8brl") == "carl");
  CHECK(name_key("c\xd0\xb0rl") != name_key("carl"));  // look-alikes differ here
  CHECK(name_key("\xef\xbd\x86ull") != name_key("full"));  // and NFKC is not applied
  CHECK(name_key("").empty());
  CHECK(name_key("\xe2\x80\x8b \xe3\x80\x80").empty());
}

TEST_CASE("confusable_key: look-alikes, compatibility forms and case meet", "[names]") {
  CHECK(confusable_key("c\xd0\xb0rl") == confusable_key("carl"));
  CHECK(confusable_key("Carl") == confusable_key("c\xd0\xb0rl"));
  CHECK(confusable_key("\xef\xbd\x86\xef\xbd\x95\xef\xbd\x8c\xef\xbd\x8c") == confusable_key("full"));
  CHECK(confusable_key("\xf0\x9d\x90\x9c\xf0\x9d\x90\x9a\xf0\x9d\x90\xab\xf0\x9d\x90\xa5") ==
        confusable_key("carl"));  // mathematical bold
  CHECK(confusable_key("\xef\xac\x81ona") == confusable_key("fiona"));
  CHECK(confusable_key("carl") != confusable_key("karl"));
  CHECK(hex(confusable_key("A\xff")) == hex(confusable_key("a") + "\xff"));
}

TEST_CASE("lookalike: one test for each reason", "[names]") {
  CHECK(reason("jos\xc3\xa9", "jose\xcc\x81") == "nfc");
  CHECK(reason("carl", "carl\xe2\x80\x8b") == "invisible");
  CHECK(reason("carl", "\xef\xbb\xbf" "carl") == "invisible");
  CHECK(reason("bob", "bob ") == "white_space");
  CHECK(reason("bob", "\xe3\x80\x80" "bob") == "white_space");
  CHECK(reason("Anna Lee", "Anna\xc2\xa0Lee") == "white_space");
  CHECK(reason("ann", "Ann") == "case_only");
  CHECK(reason("Stra\xc3\x9f" "e", "STRASSE") == "case_only");
  CHECK(reason("carl", "c\xd0\xb0rl") == "confusable");
  CHECK(reason("full", "\xef\xbd\x86\xef\xbd\x95\xef\xbd\x8c\xef\xbd\x8c") == "confusable");
}

TEST_CASE("lookalike: the first stage at which the names meet", "[names]") {
  CHECK(reason("Bob\xe2\x80\x8b", "bob") == "case_only");  // invisible and case: the later
  CHECK(reason("bob \xe2\x80\x8b", "bob") == "white_space");
  CHECK(reason("Jose\xcc\x81", "jos\xc3\xa9") == "case_only");
  CHECK(reason("C\xd0\xb0rl ", "carl") == "confusable");
}

TEST_CASE("lookalike: none for equal bytes and for different names", "[names]") {
  CHECK(reason("", "") == "none");
  CHECK(reason("carl", "carl") == "none");
  CHECK(reason("ann", "bob") == "none");
  CHECK(reason("carl", "karl") == "none");
  CHECK(reason("\xff", "\xfe") == "none");  // shown differently (\xff, \xfe)
  CHECK(reason("a\xff", "A\xff") == "case_only");
  CHECK(reason("", " ") == "white_space");
}

TEST_CASE("lookalike agrees with the keys and is symmetric", "[names]") {
  // Random names from pieces that exercise every stage.
  const std::vector<std::string> pieces = {
      "a", "A", "c", "C", "\xd0\xb0", "\xd0\x90", "e", "\xcc\x81", "\xc3\xa9", "\xc3\x89", " ",
      "\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\x8b", "\xc2\xad", "\xc3\x9f", "ss", "S", "l", "I",
      "1", "\xef\xbd\x81", "\xef\xac\x81", "fi", "\xff", "\xe2\x80", "\xc4\xb0", "i\xcc\x87"};
  std::mt19937 random(16);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> count(0, 3);
  const auto name = [&] {
    std::string s;
    for (int n = count(random); n > 0; --n) s += pieces[pick(random)];
    return s;
  };
  int alike = 0;
  for (int i = 0; i < 4000; ++i) {
    const std::string a = name();
    const std::string b = name();
    INFO(hex(a) << " vs " << hex(b));
    const std::optional<Lookalike> why = lookalike(a, b);
    REQUIRE(why == lookalike(b, a));
    CHECK(why.has_value() == (a != b && confusable_key(a) == confusable_key(b)));
    CHECK((why && *why <= Lookalike::case_only) == (a != b && name_key(a) == name_key(b)));
    if (why) ++alike;
  }
  CHECK(alike > 100);  // the pieces do collide; the checks above were not vacuous
}

// ---- the ASCII fast path ------------------------------------------------------

TEST_CASE("name_key and confusable_key: the ASCII fast paths give what ICU gives", "[names]") {
  for (int c = 0; c < 0x80; ++c) {
    const std::string one(1, static_cast<char>(c));
    const std::string around = "x" + one + "Y" + one;
    INFO(c);
    CHECK(hex(name_key(one)) == hex(detail::name_key_by_icu(one)));
    CHECK(hex(name_key(around)) == hex(detail::name_key_by_icu(around)));
    CHECK(hex(confusable_key(one)) == hex(detail::confusable_key_by_icu(one)));
    CHECK(hex(confusable_key(around)) == hex(detail::confusable_key_by_icu(around)));
  }
  std::mt19937 random(42);
  std::uniform_int_distribution<int> byte(0, 0x7F);
  std::uniform_int_distribution<std::size_t> length(0, 12);
  for (int i = 0; i < 2000; ++i) {
    std::string s(length(random), ' ');
    for (char& c : s) c = static_cast<char>(byte(random));
    INFO(hex(s));
    REQUIRE(hex(name_key(s)) == hex(detail::name_key_by_icu(s)));
    REQUIRE(hex(confusable_key(s)) == hex(detail::confusable_key_by_icu(s)));
  }
  CHECK(name_key(" \tBob\v\f SMITH\r\n") == "bob smith");
}

TEST_CASE("skeleton: the ASCII table gives what ICU gives", "[names]") {
  for (int c = 0; c < 0x80; ++c) {
    const std::string one(1, static_cast<char>(c));
    INFO(c);
    CHECK(hex(skeleton(one)) == hex(detail::skeleton_by_icu(one)));
  }
  // The characters ICU maps to something else, next to each other.
  CHECK(hex(skeleton("m0%1I|`\"")) == hex(detail::skeleton_by_icu("m0%1I|`\"")));
  CHECK(skeleton("rn") == skeleton("m"));  // m's prototype is rn
  CHECK(skeleton("0") == skeleton("O"));
  std::mt19937 random(39);
  std::uniform_int_distribution<int> byte(0, 0x7F);
  std::uniform_int_distribution<std::size_t> length(0, 12);
  for (int i = 0; i < 2000; ++i) {
    std::string s(length(random), ' ');
    for (char& c : s) c = static_cast<char>(byte(random));
    INFO(hex(s));
    REQUIRE(hex(skeleton(s)) == hex(detail::skeleton_by_icu(s)));
  }
}

// ---- robustness -----------------------------------------------------------------

TEST_CASE("every function takes ill-formed UTF-8 without throwing", "[names]") {
  for (const std::string& bad : ill_formed) {
    INFO(hex(bad));
    CHECK_NOTHROW(nfc(bad));
    CHECK_NOTHROW(fold_case(bad));
    CHECK_NOTHROW(trim_white_space(bad));
    CHECK_NOTHROW(without_invisible(bad));
    CHECK_NOTHROW(is_blank(bad));
    CHECK_NOTHROW(escape_invisible(bad));
    CHECK_NOTHROW(skeleton(bad));
    CHECK_NOTHROW(has_confusable_mix(bad));
    CHECK_NOTHROW(name_key(bad));
    CHECK_NOTHROW(confusable_key(bad));
    CHECK_NOTHROW(lookalike(bad, "a"));
    CHECK(reason(bad, bad + " ") == "white_space");
    CHECK_FALSE(is_blank(bad));
  }
}

TEST_CASE("a 100 kB name works", "[names]") {
  std::string precomposed;
  std::string decomposed;
  for (int i = 0; i < 50000; ++i) {
    precomposed += "\xc3\xa9";  // 2 bytes
    decomposed += "e\xcc\x81";  // 3 bytes
  }
  REQUIRE(precomposed.size() == 100000);
  CHECK(nfc(decomposed) == precomposed);
  CHECK(fold_case(decomposed) == precomposed);
  CHECK(reason(precomposed, decomposed) == "nfc");
  CHECK(confusable_key(precomposed) == confusable_key(decomposed));
  CHECK_FALSE(has_confusable_mix(precomposed));
  CHECK_FALSE(is_blank(precomposed));

  std::string zero_width;
  for (int i = 0; i < 33334; ++i) zero_width += "\xe2\x80\x8b";
  CHECK(is_blank(zero_width));
  CHECK(escape_invisible(zero_width).size() == 33334 * 8);
  CHECK(name_key(zero_width).empty());

  const std::string ascii(100000, 'A');
  CHECK(name_key(ascii) == std::string(100000, 'a'));
  CHECK(reason(ascii, std::string(100000, 'a')) == "case_only");
  CHECK(trim_white_space(" " + ascii + " ") == ascii);
  CHECK(skeleton(ascii) == ascii);  // A is its own prototype
}

TEST_CASE("worker threads may call everything at once, from the first use on", "[names]") {
  // Under ctest each case is its own process, so this is also the first use
  // of the ICU objects: their one-time set-up races here.
  const std::vector<std::string> names = {"carl", "c\xd0\xb0rl", "Jose\xcc\x81", "Stra\xc3\x9f" "e",
                                          "bob\xe2\x80\x8b", "\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99"};
  const auto keys_of = [&] {
    std::string all;
    for (const std::string& n : names) {
      all += name_key(n) + "|" + confusable_key(n) + "|" + (has_confusable_mix(n) ? "1" : "0") + "|" +
             nfc(n) + "|" + escape_invisible(n) + "\n";
    }
    return all;
  };
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) results[t] = keys_of();
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::string expected = keys_of();
  CHECK(expected.find("carl|carl|0|") != std::string::npos);
  for (const std::string& result : results) CHECK(result == expected);
}
