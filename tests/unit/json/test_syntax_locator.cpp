#include "json/syntax_locator.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>

using ckimport::json::find_syntax_error;
using ckimport::json::SyntaxError;
using ckimport::json::SyntaxErrorKind;
using ckimport::json::SyntaxLimits;

namespace {

// The error find_syntax_error reports for `text` (fails when there is none).
SyntaxError error_in(std::string_view text, SyntaxLimits limits = {}) {
  INFO("text: " << text.substr(0, 200));
  const std::optional<SyntaxError> e = find_syntax_error(text, limits);
  REQUIRE(e.has_value());
  CHECK(e->offset <= text.size());
  CHECK(e->offset + e->length <= text.size());
  INFO("message: " << e->message);
  REQUIRE_FALSE(e->message.empty());
  CHECK_FALSE((e->message.front() >= 'A' && e->message.front() <= 'Z'));
  CHECK(e->message.back() != '.');
  return *e;
}

void check_at(const SyntaxError& e, std::size_t offset, std::size_t length, std::string_view message) {
  CHECK(e.offset == offset);
  CHECK(e.length == length);
  CHECK(e.message == message);
}

}  // namespace

TEST_CASE("locator: valid documents", "[json][syntax_locator]") {
  for (const std::string_view text : {
           "{}", "[]", "0", "-0.5e-3", "\"\"", "true", "false", "null", " \r\n\t{ } \n",
           R"({"a": [1, {"b": null}, [], {}], "c": "\u00e9\ud83d\ude00", "d": -0})",
           "[18446744073709551615, -9223372036854775808, 9223372036854775807]",
           "[1.7976931348623157e308, -1.7976931348623157e308, 1e-400, 0e99999, 0.0e400]",
           "[100000000000000000000.0, 1e20]",  // big but fractional: a float, fine
           "{\"caf\xC3\xA9\": \"\xF0\x9F\x98\x80\"}",
       }) {
    INFO(text);
    CHECK_FALSE(find_syntax_error(text).has_value());
  }
  // exactly max_depth levels are fine
  const std::string deep = std::string(512, '[') + std::string(512, ']');
  CHECK_FALSE(find_syntax_error(deep).has_value());
}

TEST_CASE("locator: trailing commas point at the comma", "[json][syntax_locator]") {
  SyntaxError e = error_in("{\"a\": 1,}");
  check_at(e, 7, 1, "trailing comma before `}`");
  CHECK(e.help == "remove the comma");
  CHECK(e.kind == SyntaxErrorKind::syntax);

  e = error_in("[1, 2, \n]");
  check_at(e, 5, 1, "trailing comma before `]`");
  CHECK(e.help == "remove the comma");
}

TEST_CASE("locator: missing comma points at the token that came instead", "[json][syntax_locator]") {
  SyntaxError e = error_in("{\"a\": 1 \"b\": 2}");
  check_at(e, 8, 3, "expected `,` or `}` after object member");
  CHECK(e.help == "add a `,` before it");

  // on a following line: still the token, not the end of the previous line
  e = error_in("{\n  \"a\": 1\n  \"b\": 2\n}");
  check_at(e, 13, 3, "expected `,` or `}` after object member");

  e = error_in("[1 2]");
  check_at(e, 3, 1, "expected `,` or `]` after array element");
  e = error_in("[[1] {}]");
  check_at(e, 5, 1, "expected `,` or `]` after array element");
  e = error_in("[1: 2]");
  check_at(e, 2, 1, "expected `,` or `]` after array element");
}

TEST_CASE("locator: missing colon and bad keys", "[json][syntax_locator]") {
  SyntaxError e = error_in("{\"a\" 1}");
  check_at(e, 5, 1, "expected `:` after object key");
  CHECK(e.help == "put a `:` between the key and its value");
  e = error_in("{\"a\", \"b\"}");
  check_at(e, 4, 1, "expected `:` after object key");

  e = error_in("{name: \"x\"}");
  check_at(e, 1, 4, "object keys must be strings");
  CHECK(e.help == "put the key in double quotes: \"name\"");
  e = error_in("{\"a\": 1, id: 2}");
  check_at(e, 9, 2, "object keys must be strings");
  CHECK(e.help == "put the key in double quotes: \"id\"");
  e = error_in("{1: 2}");
  check_at(e, 1, 1, "object keys must be strings");
  CHECK(e.help == "put the key in double quotes: \"1\"");
  e = error_in("{null: 2}");
  check_at(e, 1, 4, "object keys must be strings");
  e = error_in("{[]: 2}");
  check_at(e, 1, 1, "object keys must be strings");
  e = error_in("{'a': 2}");
  check_at(e, 1, 3, "strings must use double quotes");
  e = error_in("{:1}");
  check_at(e, 1, 1, "expected a string key or `}`, found `:`");
  e = error_in("{\"a\":1,,}");
  check_at(e, 7, 1, "expected a string key after `,`, found `,`");
}

TEST_CASE("locator: mismatched brackets name the opener", "[json][syntax_locator]") {
  SyntaxError e = error_in("{\"a\": [1, 2}");
  check_at(e, 11, 1, "`}` cannot close the `[` opened earlier");
  REQUIRE(e.related_offset.has_value());
  CHECK(*e.related_offset == 6);
  CHECK(e.related_message == "the `[` opened here");
  CHECK(e.help == "close the array with `]`");

  e = error_in("[{\"a\": 1]");
  check_at(e, 8, 1, "`]` cannot close the `{` opened earlier");
  REQUIRE(e.related_offset.has_value());
  CHECK(*e.related_offset == 1);

  e = error_in("{]");
  check_at(e, 1, 1, "`]` cannot close the `{` opened earlier");
  e = error_in("[}");
  check_at(e, 1, 1, "`}` cannot close the `[` opened earlier");
}

TEST_CASE("locator: unterminated string and unexpected end of input", "[json][syntax_locator]") {
  SyntaxError e = error_in("{\"a\": \"abc");
  check_at(e, 6, 1, "unterminated string");

  e = error_in("{\"a\": [1, 2");
  check_at(e, 11, 0, "unexpected end of input; expected `,` or `]`");
  REQUIRE(e.related_offset.has_value());
  CHECK(*e.related_offset == 6);
  CHECK(e.related_message == "the `[` opened here is not closed");
  CHECK_THAT(e.help, Catch::Contains("truncated"));

  struct Case {
    std::string_view text;
    std::string_view message;
    std::size_t related;
  };
  const Case cases[] = {
      {"[", "unexpected end of input; expected a value or `]`", 0},
      {"[1,", "unexpected end of input; expected a value", 0},
      {"{", "unexpected end of input; expected a string key or `}`", 0},
      {"{\"a\":1,", "unexpected end of input; expected a string key", 0},
      {"{\"a\"", "unexpected end of input; expected `:`", 0},
      {"{\"a\":", "unexpected end of input; expected a value", 0},
      {"{\"a\":1", "unexpected end of input; expected `,` or `}`", 0},
      {"[{}, {\"b\": {}  ", "unexpected end of input; expected `,` or `}`", 5},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    e = error_in(c.text);
    check_at(e, c.text.size(), 0, c.message);
    REQUIRE(e.related_offset.has_value());
    CHECK(*e.related_offset == c.related);
  }
  e = error_in("[tru");
  check_at(e, 1, 3, "incomplete literal `tru`");
}

TEST_CASE("locator: empty input, whitespace-only input, data after the value", "[json][syntax_locator]") {
  SyntaxError e = error_in("");
  check_at(e, 0, 0, "empty input; expected a JSON value");
  e = error_in(" \n\t\r\n");
  check_at(e, 0, 0, "empty input; expected a JSON value");
  CHECK(e.help == "the input contains only whitespace");

  e = error_in("{} {}");
  check_at(e, 3, 1, "unexpected data after the JSON value");
  CHECK_THAT(e.help, Catch::Contains("array"));
  e = error_in("{\"a\": 1}}");
  check_at(e, 8, 1, "unexpected data after the JSON value");
  CHECK_THAT(e.help, Catch::Contains("remove the extra `}`"));
  e = error_in("[1]\nxyz");
  check_at(e, 4, 3, "unexpected data after the JSON value");
  e = error_in("[1]\n// done");
  check_at(e, 4, 7, "comments are not allowed in JSON");
  e = error_in("]");
  check_at(e, 0, 1, "expected a JSON value, found `]`");
}

TEST_CASE("locator: lexical errors come through with their range", "[json][syntax_locator]") {
  check_at(error_in(R"({"a": "\x"})"), 7, 2, "invalid escape `\\x` in string");
  check_at(error_in("{\"a\": \"x\ny\"}"), 8, 1, "control character U+000A in string; escape it as \\n");
  check_at(error_in("[\"\xC0\xAF\"]"), 2, 2, "invalid UTF-8: overlong encoding (bytes 0xC0 0xAF)");
  check_at(error_in("[\"\xED\xA0\x80\"]"), 2, 3,
           "invalid UTF-8: UTF-16 surrogate encoded in UTF-8 (bytes 0xED 0xA0 0x80)");
  check_at(error_in("[\"\xF4\x90\x80\x80\"]"), 2, 4,
           "invalid UTF-8: code point above U+10FFFF (bytes 0xF4 0x90 0x80 0x80)");
  check_at(error_in("[\"ab\xE2\x82\"]"), 4, 2, "invalid UTF-8: truncated sequence (bytes 0xE2 0x82)");
  check_at(error_in("[\"\x80\"]"), 2, 1, "invalid UTF-8: stray continuation byte (byte 0x80)");
  check_at(error_in("[1, \xFF]"), 4, 1, "invalid UTF-8: byte that never appears in UTF-8 (byte 0xFF)");
  check_at(error_in("{\"a\": 1, // why\n\"b\": 2}"), 9, 6, "comments are not allowed in JSON");
  check_at(error_in("[1, /* x */ 2]"), 4, 7, "comments are not allowed in JSON");
  check_at(error_in("{\"a\": NaN}"), 6, 3, "`NaN` is not valid JSON; use null or a string");
  check_at(error_in("[007]"), 1, 3, "leading zero in number `007`");
  check_at(error_in("['x']"), 1, 3, "strings must use double quotes");
  check_at(error_in("[True]"), 1, 4, "`True` is not valid JSON; literals are lowercase");
  check_at(error_in("[1.]"), 1, 2, "number `1.` has no digits after the decimal point");
}

TEST_CASE("locator: a byte order mark is invalid; the caller strips it first", "[json][syntax_locator]") {
  // ckimport strips a leading UTF-8 BOM before parsing; a BOM that reaches
  // the locator is reported like any other stray character.
  const std::string with_bom = "\xEF\xBB\xBF{\"a\": 1}";
  const SyntaxError e = error_in(with_bom);
  check_at(e, 0, 3, "unexpected byte order mark (U+FEFF)");
  CHECK(e.kind == SyntaxErrorKind::syntax);
  CHECK_FALSE(find_syntax_error(std::string_view(with_bom).substr(3)).has_value());
}

TEST_CASE("locator: depth limit without recursion", "[json][syntax_locator]") {
  SECTION("100000 `[` stop at the 513th") {
    const std::string text(100000, '[');
    const SyntaxError e = error_in(text);
    check_at(e, 512, 1, "nesting deeper than 512 levels");
    CHECK(e.kind == SyntaxErrorKind::too_deep);
  }
  SECTION("513 levels of objects") {
    std::string text;
    for (int i = 0; i < 513; ++i) text += "{\"a\":";
    const SyntaxError e = error_in(text);
    check_at(e, 512 * 5, 1, "nesting deeper than 512 levels");
    CHECK(e.kind == SyntaxErrorKind::too_deep);
  }
  SECTION("a custom limit") {
    const SyntaxError e = error_in("[[[1]]]", SyntaxLimits{2});
    check_at(e, 2, 1, "nesting deeper than 2 levels");
    CHECK_FALSE(find_syntax_error("[[1]]", SyntaxLimits{2}).has_value());
  }
  SECTION("a million levels with no limit: no stack overflow") {
    const std::size_t levels = 1000000;
    std::string text(levels, '[');
    const SyntaxError e = error_in(text, SyntaxLimits{levels + 1});
    check_at(e, levels, 0, "unexpected end of input; expected a value or `]`");
    REQUIRE(e.related_offset.has_value());
    CHECK(*e.related_offset == levels - 1);
    text += std::string(levels, ']');
    CHECK_FALSE(find_syntax_error(text, SyntaxLimits{levels}).has_value());
  }
  SECTION("a syntax error before the depth limit wins") {
    const SyntaxError e = error_in("[1 " + std::string(1000, '['));
    CHECK(e.kind == SyntaxErrorKind::syntax);
    CHECK(e.offset == 3);
  }
}

TEST_CASE("locator: numbers out of range are valid JSON, reported separately", "[json][syntax_locator]") {
  SyntaxError e = error_in("{\"a\": 1e400}");
  check_at(e, 6, 5, "number 1e400 is out of range for a 64-bit float");
  CHECK(e.kind == SyntaxErrorKind::number_out_of_range);
  e = error_in("[-1e400]");
  check_at(e, 1, 6, "number -1e400 is out of range for a 64-bit float");
  CHECK(e.kind == SyntaxErrorKind::number_out_of_range);
  e = error_in("[1.8e308]");
  CHECK(e.kind == SyntaxErrorKind::number_out_of_range);
  e = error_in("[0.000001e315]");
  CHECK(e.kind == SyntaxErrorKind::number_out_of_range);
  e = error_in("[1e99999999999999999999999999]");
  CHECK(e.kind == SyntaxErrorKind::number_out_of_range);

  e = error_in("[18446744073709551616]");
  check_at(e, 1, 20, "number 18446744073709551616 is out of range for a 64-bit integer");
  CHECK(e.kind == SyntaxErrorKind::number_out_of_range);
  e = error_in("[-9223372036854775809]");
  check_at(e, 1, 20, "number -9223372036854775809 is out of range for a 64-bit integer");
  CHECK(e.kind == SyntaxErrorKind::number_out_of_range);
  e = error_in("[99999999999999999999]");
  CHECK(e.kind == SyntaxErrorKind::number_out_of_range);

  SECTION("long numbers are cut in the message") {
    const std::string big(100, '7');
    e = error_in("[" + big + "]");
    CHECK(e.offset == 1);
    CHECK(e.length == 100);
    CHECK(e.message == "number " + big.substr(0, 39) + "\u2026 is out of range for a 64-bit integer");
  }
  SECTION("the first problem in document order wins") {
    e = error_in("[1e400, tru]");
    CHECK(e.kind == SyntaxErrorKind::number_out_of_range);
    CHECK(e.offset == 1);
    e = error_in("[tru, 1e400]");
    CHECK(e.kind == SyntaxErrorKind::syntax);
    CHECK(e.offset == 1);
    e = error_in("{\"a\": 1e400, \"b\": 1e400");
    CHECK(e.kind == SyntaxErrorKind::number_out_of_range);
    CHECK(e.offset == 6);
  }
}

TEST_CASE("locator: unpaired surrogate escapes are valid JSON, reported separately", "[json][syntax_locator]") {
  SyntaxError e = error_in(R"({"a": "x\ud800y"})");
  check_at(e, 8, 6, "unpaired surrogate escape `\\ud800` in string");
  CHECK(e.kind == SyntaxErrorKind::unpaired_surrogate);
  e = error_in(R"({"\uDC00": 1})");
  check_at(e, 2, 6, "unpaired surrogate escape `\\uDC00` in string");
  CHECK(e.kind == SyntaxErrorKind::unpaired_surrogate);
  CHECK_FALSE(find_syntax_error(R"(["\ud83d\ude00"])").has_value());
}
