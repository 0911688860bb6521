// source::advance: the one place that turns bytes into lines and columns.
// Columns count code points, newlines are '\n' only, and advancing in pieces
// must give what advancing at once gives (the element reader advances chunk by
// chunk).

#include "source/position.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using ckimport::source::advance;
using ckimport::source::ByteOffset;
using ckimport::source::Column;
using ckimport::source::Line;
using ckimport::source::Position;

// "offset line:column", so a failing check prints all three.
std::string at(const Position& p) {
  return std::to_string(p.offset.value) + " " + std::to_string(p.line.value) + ":" +
         std::to_string(p.column.value);
}

std::string at_start(std::string_view bytes) { return at(advance(Position{}, bytes)); }

}  // namespace

TEST_CASE("advance: the default position is offset 0, line 1, column 1", "[source][position]") {
  CHECK(at(Position{}) == "0 1:1");
}

TEST_CASE("advance: empty input does not move", "[source][position]") {
  CHECK(at_start("") == "0 1:1");
  const Position from{ByteOffset{17}, Line{4}, Column{9}};
  CHECK(advance(from, "") == from);
  CHECK(at(advance(from, std::string_view())) == "17 4:9");
}

TEST_CASE("advance: ASCII adds one column a byte", "[source][position]") {
  CHECK(at_start("a") == "1 1:2");
  CHECK(at_start("abc") == "3 1:4");
  CHECK(at_start("  \t{") == "4 1:5");  // a tab is one column
}

TEST_CASE("advance: continues from a position that is not the start", "[source][position]") {
  const Position from{ByteOffset{10}, Line{3}, Column{5}};
  CHECK(at(advance(from, "xy")) == "12 3:7");
  CHECK(at(advance(from, "x\ny")) == "13 4:2");
}

TEST_CASE("advance: a newline starts the next line at column 1", "[source][position]") {
  CHECK(at_start("\n") == "1 2:1");
  CHECK(at_start("a\n") == "2 2:1");
  CHECK(at_start("a\nb") == "3 2:2");
  CHECK(at_start("\n\n\n") == "3 4:1");
  CHECK(at_start("ab\ncd\nefg") == "9 3:4");
  // The column after the last newline ignores how long earlier lines were.
  CHECK(at_start("a very long first line\nxy") == "25 2:3");
}

TEST_CASE("advance: CRLF is one line break; the CR before LF is not counted", "[source][position]") {
  CHECK(at_start("a\r\nb") == "4 2:2");
  CHECK(at_start("a\r\n") == "3 2:1");
  CHECK(at_start("\r\n\r\n") == "4 3:1");
}

TEST_CASE("advance: a CR without LF is an ordinary column, not a line break", "[source][position]") {
  CHECK(at_start("a\rb") == "3 1:4");
  CHECK(at_start("\r") == "1 1:2");
}

TEST_CASE("advance: a 2-byte UTF-8 character is one column and two bytes", "[source][position]") {
  CHECK(at_start("\xC3\xA9") == "2 1:2");         // é
  CHECK(at_start("caf\xC3\xA9!") == "6 1:6");     // café!
}

TEST_CASE("advance: a 3-byte UTF-8 character is one column and three bytes", "[source][position]") {
  CHECK(at_start("\xE2\x82\xAC") == "3 1:2");       // €
  CHECK(at_start("1\xE2\x82\xAC\n\xE2\x82\xAC") == "8 2:2");
}

TEST_CASE("advance: a 4-byte UTF-8 character is one column and four bytes", "[source][position]") {
  CHECK(at_start("\xF0\x9F\x98\x80") == "4 1:2");  // U+1F600
  CHECK(at_start("\xF0\x9F\x98\x80\xF0\x9F\x98\x80x") == "9 1:4");
}

TEST_CASE("advance: an invalid lead byte (0xFF, 0xFE, 0xC0) is one column each", "[source][position]") {
  CHECK(at_start("\xFF") == "1 1:2");
  CHECK(at_start("\xFF\xFE") == "2 1:3");
  CHECK(at_start("a\xC0z") == "3 1:4");
}

TEST_CASE("advance: a truncated sequence counts its lead byte as one column", "[source][position]") {
  // 0xE2 starts a 3-byte sequence but is followed by ASCII.
  CHECK(at_start("\xE2z") == "2 1:3");
  CHECK(at_start("\xF0\x9F") == "2 1:2");
}

TEST_CASE(
    "advance: a stray continuation byte (0x80..0xBF) adds no column, it joins the code point "
    "before it",
    "[source][position]") {
  // The code counts every byte that is not 10xxxxxx, so a continuation byte
  // without a lead byte is invisible to the column count (unlike 0xFF).
  CHECK(at_start("\x80") == "1 1:1");
  CHECK(at_start("a\x80z") == "3 1:3");
  CHECK(at_start("a\xBF\xBF\xBFz") == "5 1:3");
  // ...and at the start of a line it still adds nothing.
  CHECK(at_start("x\n\x80y") == "4 2:2");
}

TEST_CASE("advance: multi-byte characters before the last newline do not affect the column",
          "[source][position]") {
  CHECK(at_start("\xF0\x9F\x98\x80\xC3\xA9\nab") == "9 2:3");
}

TEST_CASE("advance: advancing in pieces equals advancing at once (random splits)",
          "[source][position]") {
  // Newlines, CRLF, multi-byte characters of every length, invalid bytes and
  // stray continuation bytes, so that splits fall inside sequences too.
  const std::string text =
      "[\r\n  {\"name\": \"caf\xC3\xA9\", \"emoji\": \"\xF0\x9F\x98\x80\"},\n"
      "  {\"euro\": \"\xE2\x82\xAC\xE2\x82\xAC\", \"bad\": \"\xFF\x80\xC3\"}\n"
      "\n\n]\r\n\xE2\x82\xAC tail \xF0\x9F\x98\x80";
  const Position whole = advance(Position{}, text);
  REQUIRE(at(whole) == "94 7:9");

  std::mt19937 random(20240611);
  for (int round = 0; round < 2000; ++round) {
    // 1 to 12 cut points, possibly repeated (empty pieces).
    std::uniform_int_distribution<std::size_t> count(1, 12);
    std::uniform_int_distribution<std::size_t> cut(0, text.size());
    std::vector<std::size_t> cuts(count(random));
    for (auto& c : cuts) c = cut(random);
    std::sort(cuts.begin(), cuts.end());
    cuts.push_back(text.size());

    Position p{};
    std::size_t from = 0;
    for (const std::size_t to : cuts) {
      p = advance(p, std::string_view(text).substr(from, to - from));
      from = to;
    }
    INFO("round " << round);
    REQUIRE(p == whole);
  }
}

TEST_CASE("advance: every single-byte piecewise walk equals the whole", "[source][position]") {
  const std::string text = "a\xC3\xA9\r\n\xE2\x82\xAC\x80\n\xF0\x9F\x98\x80z\xFF";
  Position p{};
  for (const char c : text) p = advance(p, std::string_view(&c, 1));
  CHECK(p == advance(Position{}, text));
  CHECK(at(p) == "16 3:4");
}
