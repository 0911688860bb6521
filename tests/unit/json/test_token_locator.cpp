// json::locate_token, json::value_extent, json::decode_string_token and
// json::JsonPointer::to_string.

#include "json/token_locator.hpp"

#include <optional>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "json/json_pointer.hpp"

namespace {

using ckimport::json::decode_string_token;
using ckimport::json::JsonPointer;
using ckimport::json::locate_token;
using ckimport::json::TokenPart;
using ckimport::json::value_extent;

// "<offset>+<length> <text>", or "none".
std::string found(std::string_view text, const JsonPointer& pointer, TokenPart part,
                  std::size_t occurrence = 0) {
  const auto range = locate_token(text, pointer, part, occurrence);
  if (!range) return "none";
  REQUIRE(range->offset + range->length <= text.size());
  return std::to_string(range->offset) + "+" + std::to_string(range->length) + " " +
         std::string(text.substr(range->offset, range->length));
}

JsonPointer ptr() { return JsonPointer{}; }

const std::string kDoc =
    R"({"a": 1, "b": {"c": [10, {"d": "x"}, [true]]}, "e": null, "a": 2, "f": {}, "a": "three"})";

}  // namespace

TEST_CASE("locate_token: a top-level member's value and key", "[json][token_locator]") {
  CHECK(found(kDoc, ptr().key("a"), TokenPart::value) == "6+1 1");
  CHECK(found(kDoc, ptr().key("a"), TokenPart::key) == "1+3 \"a\"");
  CHECK(found(kDoc, ptr().key("e"), TokenPart::value) == "52+4 null");
  CHECK(found(kDoc, ptr().key("e"), TokenPart::key) == "47+3 \"e\"");
}

TEST_CASE("locate_token: an object value spans `{` to `}`; opening_brace is its first byte",
          "[json][token_locator]") {
  CHECK(found(kDoc, ptr().key("b"), TokenPart::value) ==
        R"(14+31 {"c": [10, {"d": "x"}, [true]]})");
  CHECK(found(kDoc, ptr().key("b"), TokenPart::opening_brace) == "14+1 {");
  CHECK(found(kDoc, ptr().key("f"), TokenPart::value) == "71+2 {}");
  CHECK(found(kDoc, ptr().key("f"), TokenPart::opening_brace) == "71+1 {");
}

TEST_CASE("locate_token: the empty pointer is the whole value", "[json][token_locator]") {
  CHECK(found(kDoc, ptr(), TokenPart::value) == "0+" + std::to_string(kDoc.size()) + " " + kDoc);
  CHECK(found(kDoc, ptr(), TokenPart::opening_brace) == "0+1 {");
  CHECK(found("  \n[1, 2]  ", ptr(), TokenPart::value) == "3+6 [1, 2]");
  CHECK(found("  \n[1, 2]  ", ptr(), TokenPart::opening_brace) == "3+1 [");
  // The root has no key.
  CHECK(found(kDoc, ptr(), TokenPart::key) == "none");
}

TEST_CASE("locate_token: nested pointers through objects and arrays", "[json][token_locator]") {
  CHECK(found(kDoc, ptr().key("b").key("c"), TokenPart::value) == R"(20+24 [10, {"d": "x"}, [true]])");
  CHECK(found(kDoc, ptr().key("b").key("c"), TokenPart::key) == "15+3 \"c\"");
  CHECK(found(kDoc, ptr().key("b").key("c").index(0), TokenPart::value) == "21+2 10");
  CHECK(found(kDoc, ptr().key("b").key("c").index(1), TokenPart::value) == R"(25+10 {"d": "x"})");
  CHECK(found(kDoc, ptr().key("b").key("c").index(1), TokenPart::opening_brace) == "25+1 {");
  CHECK(found(kDoc, ptr().key("b").key("c").index(1).key("d"), TokenPart::value) == "31+3 \"x\"");
  CHECK(found(kDoc, ptr().key("b").key("c").index(1).key("d"), TokenPart::key) == "26+3 \"d\"");
  CHECK(found(kDoc, ptr().key("b").key("c").index(2), TokenPart::value) == "37+6 [true]");
  CHECK(found(kDoc, ptr().key("b").key("c").index(2).index(0), TokenPart::value) == "38+4 true");
}

TEST_CASE("locate_token: array indices in a top-level array, skipping nested values",
          "[json][token_locator]") {
  const std::string text = R"([{"x": [1, [2, 3]]}, "s,]", [[], {}], -0.5e+3])";
  CHECK(found(text, ptr().index(0), TokenPart::value) == R"(1+18 {"x": [1, [2, 3]]})");
  CHECK(found(text, ptr().index(1), TokenPart::value) == R"(21+5 "s,]")");
  CHECK(found(text, ptr().index(2), TokenPart::value) == "28+8 [[], {}]");
  CHECK(found(text, ptr().index(2).index(1), TokenPart::value) == "33+2 {}");
  CHECK(found(text, ptr().index(3), TokenPart::value) == "38+7 -0.5e+3");
  CHECK(found(text, ptr().index(4), TokenPart::value) == "none");
  CHECK(found("[]", ptr().index(0), TokenPart::value) == "none");
}

TEST_CASE("locate_token: duplicate keys are picked by occurrence", "[json][token_locator]") {
  CHECK(found(kDoc, ptr().key("a"), TokenPart::key, 0) == "1+3 \"a\"");
  CHECK(found(kDoc, ptr().key("a"), TokenPart::key, 1) == "58+3 \"a\"");
  CHECK(found(kDoc, ptr().key("a"), TokenPart::value, 1) == "63+1 2");
  CHECK(found(kDoc, ptr().key("a"), TokenPart::key, 2) == "75+3 \"a\"");
  CHECK(found(kDoc, ptr().key("a"), TokenPart::value, 2) == "80+7 \"three\"");
  CHECK(found(kDoc, ptr().key("a"), TokenPart::key, 3) == "none");
  // Keys that occur once have no second occurrence.
  CHECK(found(kDoc, ptr().key("e"), TokenPart::key, 1) == "none");
}

TEST_CASE("locate_token: occurrence applies to the last step only", "[json][token_locator]") {
  // The path goes through the last "o" (the one readers keep); occurrence
  // picks among the "k"s in it.
  const std::string text = R"({"o": {"k": 0}, "o": {"k": 1, "k": 2}})";
  CHECK(found(text, ptr().key("o").key("k"), TokenPart::value, 0) == "27+1 1");
  CHECK(found(text, ptr().key("o").key("k"), TokenPart::value, 1) == "35+1 2");
  CHECK(found(text, ptr().key("o").key("k"), TokenPart::value, 2) == "none");
  CHECK(found(text, ptr().key("o"), TokenPart::key, 1) == "16+3 \"o\"");
}

TEST_CASE("locate_token: without an occurrence, the last of duplicate keys", "[json][token_locator]") {
  const std::string text = R"({"o": {"k": 0}, "o": {"k": 1, "k": 2}})";
  CHECK(locate_token(text, ptr().key("o").key("k"), TokenPart::value)->offset == 35);
  CHECK(locate_token(text, ptr().key("o"), TokenPart::key)->offset == 16);
}

TEST_CASE("locate_token: keys with escapes match their decoded text", "[json][token_locator]") {
  const std::string text = R"({"caf\u00e9": 1, "a\"b": 2, "x/y~z": 3, "t\tab\\": 4, "caf\u00c9": 5})";
  CHECK(found(text, ptr().key("caf\xC3\xA9"), TokenPart::value) == "14+1 1");
  CHECK(found(text, ptr().key("caf\xC3\xA9"), TokenPart::key) == "1+11 \"caf\\u00e9\"");
  CHECK(found(text, ptr().key("a\"b"), TokenPart::value) == "25+1 2");
  CHECK(found(text, ptr().key("a\"b"), TokenPart::key) == "17+6 \"a\\\"b\"");
  CHECK(found(text, ptr().key("x/y~z"), TokenPart::value) == "37+1 3");
  CHECK(found(text, ptr().key("t\tab\\"), TokenPart::value) == "51+1 4");
  CHECK(found(text, ptr().key("caf\xC3\x89"), TokenPart::value) == "67+1 5");
  // The raw, undecoded spelling is not the key.
  CHECK(found(text, ptr().key("caf\\u00e9"), TokenPart::value) == "none");
}

TEST_CASE("locate_token: a key with raw UTF-8 matches the same bytes", "[json][token_locator]") {
  const std::string text = "{\"\xC3\xA9t\xC3\xA9\": [\"\xF0\x9F\x98\x80\"]}";
  CHECK(found(text, ptr().key("\xC3\xA9t\xC3\xA9").index(0), TokenPart::value) ==
        "11+6 \"\xF0\x9F\x98\x80\"");
}

TEST_CASE("locate_token: a pointer that leads nowhere gives nullopt", "[json][token_locator]") {
  CHECK_FALSE(locate_token(kDoc, ptr().key("zzz"), TokenPart::value).has_value());
  CHECK_FALSE(locate_token(kDoc, ptr().key("zzz"), TokenPart::key).has_value());
  CHECK_FALSE(locate_token(kDoc, ptr().key("b").key("zzz"), TokenPart::value).has_value());
  CHECK_FALSE(locate_token(kDoc, ptr().key("b").key("c").index(3), TokenPart::value).has_value());
  // An index into an object, a key into an array, a step into a scalar.
  CHECK_FALSE(locate_token(kDoc, ptr().index(0), TokenPart::value).has_value());
  CHECK_FALSE(locate_token(kDoc, ptr().key("b").key("c").key("0"), TokenPart::value).has_value());
  CHECK_FALSE(locate_token(kDoc, ptr().key("a").key("x"), TokenPart::value).has_value());
  CHECK_FALSE(locate_token(kDoc, ptr().key("e").index(0), TokenPart::value).has_value());
  // A key is not found in a nested object by accident.
  CHECK_FALSE(locate_token(kDoc, ptr().key("d"), TokenPart::value).has_value());
  // Not JSON at all.
  CHECK_FALSE(locate_token("", ptr().key("a"), TokenPart::value).has_value());
  CHECK_FALSE(locate_token("{\"a\" 1}", ptr().key("b"), TokenPart::value).has_value());
}

TEST_CASE("locate_token: a key that only matches an object's value is not a key",
          "[json][token_locator]") {
  const std::string text = R"({"x": "k", "y": {"k": 1}, "k": 2})";
  CHECK(found(text, ptr().key("k"), TokenPart::value) == "31+1 2");
}

// ---------------------------------------------------------------------------

TEST_CASE("value_extent: the end offset of the first value", "[json][token_locator]") {
  CHECK(value_extent("{\"a\": [1, {\"b\": \"}\"}]} trailing") == std::optional<std::size_t>(22));
  CHECK(value_extent("[1,2]") == std::optional<std::size_t>(5));
  CHECK(value_extent("\"abc\",") == std::optional<std::size_t>(5));
  CHECK(value_extent("123 ") == std::optional<std::size_t>(3));
  CHECK(value_extent("true]") == std::optional<std::size_t>(4));
  CHECK(value_extent("null") == std::optional<std::size_t>(4));
  CHECK(value_extent("{}{}") == std::optional<std::size_t>(2));
}

TEST_CASE("value_extent: leading whitespace is counted (an end offset, not a length)",
          "[json][token_locator]") {
  CHECK(value_extent("  [1]") == std::optional<std::size_t>(5));
  CHECK(value_extent("\n\t{}\n") == std::optional<std::size_t>(4));
}

TEST_CASE("value_extent: nullopt when the text ends before the value", "[json][token_locator]") {
  CHECK_FALSE(value_extent("").has_value());
  CHECK_FALSE(value_extent("   ").has_value());
  CHECK_FALSE(value_extent("{\"a\": ").has_value());
  CHECK_FALSE(value_extent("[1, [2, 3]").has_value());
  CHECK_FALSE(value_extent("{\"a\": \"unterminated").has_value());
  CHECK_FALSE(value_extent("\"abc").has_value());
}

// ---------------------------------------------------------------------------

TEST_CASE("decode_string_token: plain text and the simple escapes", "[json][token_locator]") {
  CHECK(decode_string_token(R"("abc")") == "abc");
  CHECK(decode_string_token(R"("")").empty());
  CHECK(decode_string_token(R"("a\"b\\c\/d\be\ff\ng\rh\ti")") == "a\"b\\c/d\be\ff\ng\rh\ti");
  // Raw UTF-8 passes through.
  CHECK(decode_string_token("\"\xC3\xA9\xF0\x9F\x98\x80\"") == "\xC3\xA9\xF0\x9F\x98\x80");
}

TEST_CASE("decode_string_token: \\u escapes of 1, 2 and 3 UTF-8 bytes", "[json][token_locator]") {
  CHECK(decode_string_token(R"("\u0041")") == "A");
  CHECK(decode_string_token(R"("caf\u00e9")") == "caf\xC3\xA9");
  CHECK(decode_string_token(R"("\u00E9")") == "\xC3\xA9");
  CHECK(decode_string_token(R"("\u20AC\u20ac")") == "\xE2\x82\xAC\xE2\x82\xAC");
  CHECK(decode_string_token(R"("\u07ff\u0800")") == "\xDF\xBF\xE0\xA0\x80");
  CHECK(decode_string_token(R"("\uFFFF")") == "\xEF\xBF\xBF");
  CHECK(decode_string_token(R"("\u0000")") == std::string("\0", 1));
}

TEST_CASE("decode_string_token: a surrogate pair is one 4-byte character", "[json][token_locator]") {
  CHECK(decode_string_token(R"("\ud83d\ude00")") == "\xF0\x9F\x98\x80");
  CHECK(decode_string_token(R"("\uD83D\uDE00")") == "\xF0\x9F\x98\x80");
  CHECK(decode_string_token(R"("a\uD800\uDC00b")") == "a\xF0\x90\x80\x80" "b");
  CHECK(decode_string_token(R"("\uDBFF\uDFFF")") == "\xF4\x8F\xBF\xBF");
}

TEST_CASE("decode_string_token: a lone surrogate decodes to U+FFFD", "[json][token_locator]") {
  const std::string replacement = "\xEF\xBF\xBD";
  CHECK(decode_string_token(R"("\uD83D")") == replacement);
  CHECK(decode_string_token(R"("\uDE00")") == replacement);
  CHECK(decode_string_token(R"("\uD83Dx")") == replacement + "x");
  CHECK(decode_string_token(R"("\uD83D\u0041")") == replacement + "A");
  // A high surrogate after a high surrogate: the first is lone, the second pairs.
  CHECK(decode_string_token(R"("\uD83D\uD83D\uDE00")") == replacement + "\xF0\x9F\x98\x80");
  // Two low surrogates.
  CHECK(decode_string_token(R"("\uDE00\uDE00")") == replacement + replacement);
}

TEST_CASE("decode_string_token: an invalid escape decodes to U+FFFD", "[json][token_locator]") {
  CHECK(decode_string_token(R"("a\xb")") == "a\xEF\xBF\xBD" "b");
}

TEST_CASE("decode_string_token: a token too short to have quotes is empty", "[json][token_locator]") {
  CHECK(decode_string_token("").empty());
  CHECK(decode_string_token("\"").empty());
}

// ---------------------------------------------------------------------------

TEST_CASE("JsonPointer::to_string: steps, indices and escaping of ~ and /",
          "[json][json_pointer]") {
  CHECK(JsonPointer{}.to_string().empty());
  CHECK(JsonPointer{}.index(3).key("members").index(0).to_string() == "/3/members/0");
  CHECK(JsonPointer{}.key("a/b").key("m~n").to_string() == "/a~1b/m~0n");
  CHECK(JsonPointer{}.key("~1").to_string() == "/~01");
  CHECK(JsonPointer{}.key("/~").to_string() == "/~1~0");
  CHECK(JsonPointer{}.key("").to_string() == "/");
  CHECK(JsonPointer{}.key("").key("").to_string() == "//");
  CHECK(JsonPointer{}.key("0").to_string() == "/0");  // a key that looks like an index
  CHECK(JsonPointer{}.key("caf\xC3\xA9").to_string() == "/caf\xC3\xA9");
  CHECK(JsonPointer{}.index(18446744073709551615ULL).to_string() == "/18446744073709551615");
}

TEST_CASE("JsonPointer: with_key and with_index leave the original alone", "[json][json_pointer]") {
  const JsonPointer base = JsonPointer{}.key("members");
  const JsonPointer child = base.with_index(2);
  const JsonPointer sibling = base.with_key("x");
  CHECK(base.to_string() == "/members");
  CHECK(child.to_string() == "/members/2");
  CHECK(sibling.to_string() == "/members/x");
  REQUIRE(child.steps.size() == 2);
  CHECK(child.steps[1].is_index);
  CHECK(child.steps[1].index == 2);
  CHECK_FALSE(sibling.steps[1].is_index);
  CHECK(sibling.steps[1].key == "x");
}

TEST_CASE("locate_array_elements: every element's range in one pass", "[json][token_locator]") {
  const std::string text = R"({"members": ["ann", {"x": [1]}, 3, "é"], "other": []})";
  const auto ranges = ckimport::json::locate_array_elements(
      text, ckimport::json::JsonPointer{}.with_key("members"));
  REQUIRE(ranges.size() == 4);
  CHECK(text.substr(ranges[0].offset, ranges[0].length) == "\"ann\"");
  CHECK(text.substr(ranges[1].offset, ranges[1].length) == "{\"x\": [1]}");
  CHECK(text.substr(ranges[2].offset, ranges[2].length) == "3");
  CHECK(text.substr(ranges[3].offset, ranges[3].length) == "\"é\"");
  CHECK(ckimport::json::locate_array_elements(text, ckimport::json::JsonPointer{}.with_key("other")).empty());
  CHECK(ckimport::json::locate_array_elements(text, ckimport::json::JsonPointer{}.with_key("none")).empty());
}
