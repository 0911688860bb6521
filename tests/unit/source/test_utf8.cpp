// source::utf8: the one decoder. Valid sequences decode to their code point;
// an ill-formed one is one unit of its maximal subpart (what U+FFFD
// replaces), and says what is wrong and which bytes were meant together.

#include "source/utf8.hpp"

#include <string>
#include <string_view>

#include <catch2/catch.hpp>

namespace {

using ckimport::source::utf8::next_unit;
using ckimport::source::utf8::Problem;

// "length/span problem" of the unit at the start of `bytes`.
std::string unit_at_start(std::string_view bytes) {
  const auto unit = next_unit(bytes, 0);
  return std::to_string(unit.length) + "/" + std::to_string(unit.span) + " " +
         std::string(ckimport::source::utf8::describe(unit.problem));
}

}  // namespace

TEST_CASE("utf8: valid sequences of 1 to 4 bytes", "[source][utf8]") {
  CHECK(next_unit("A", 0).code_point == U'A');
  CHECK(next_unit("\u00e9", 0).code_point == U'\u00e9');
  CHECK(next_unit("\u20ac", 0).code_point == U'\u20ac');
  CHECK(next_unit("\U0001F600", 0).code_point == U'\U0001F600');
  CHECK(unit_at_start("\U0001F600") == "4/4 valid");
  CHECK(next_unit("a\u00e9", 1).length == 2);
}

TEST_CASE("utf8: each kind of ill-formed sequence", "[source][utf8]") {
  CHECK(unit_at_start("\x80") == "1/1 stray continuation byte");
  CHECK(unit_at_start("\xff") == "1/1 byte that never appears in UTF-8");
  CHECK(unit_at_start("\xc0\xaf") == "1/2 overlong encoding");
  CHECK(unit_at_start("\xe0\x80\xaf") == "1/3 overlong encoding");
  CHECK(unit_at_start("\xf0\x80\x80\xaf") == "1/4 overlong encoding");
  CHECK(unit_at_start("\xed\xa0\x80") == "1/3 UTF-16 surrogate encoded in UTF-8");
  CHECK(unit_at_start("\xf4\x90\x80\x80") == "1/4 code point above U+10FFFF");
  // Truncated: the maximal subpart is what was there.
  CHECK(unit_at_start("\xe2\x82") == "2/2 truncated sequence");
  CHECK(unit_at_start("\xe2\x82x") == "2/2 truncated sequence");
  CHECK(unit_at_start("\xf0\x9f\x98") == "3/3 truncated sequence");
  CHECK(unit_at_start("\xe2") == "1/1 truncated sequence");
}

TEST_CASE("utf8: append encodes what next_unit decodes", "[source][utf8]") {
  for (const char32_t cp : {U'\0', U'~', U'\u0080', U'\u07ff', U'\u0800', U'\uffff', U'\U00010000', U'\U0010ffff'}) {
    std::string encoded;
    ckimport::source::utf8::append(encoded, cp);
    const auto unit = next_unit(encoded, 0);
    CHECK(unit.valid());
    CHECK(unit.code_point == cp);
    CHECK(unit.length == encoded.size());
  }
}
