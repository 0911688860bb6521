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

namespace {

using ckimport::source::ColumnUnit;
using ckimport::source::LineIndex;

// "code points/utf-16/bytes" columns of a position.
std::string columns(const Position& p) {
  return std::to_string(p.column_in(ColumnUnit::code_points).value) + "/" +
         std::to_string(p.column_in(ColumnUnit::utf16).value) + "/" +
         std::to_string(p.column_in(ColumnUnit::bytes).value);
}

}  // namespace

TEST_CASE("advance: columns in code points, UTF-16 units and bytes", "[source][position]") {
  CHECK(columns(advance(Position{}, "abc")) == "4/4/4");
  // é is 2 bytes, one code point, one UTF-16 unit; 😀 is 4 bytes, one code
  // point, two UTF-16 units (a surrogate pair).
  CHECK(columns(advance(Position{}, "\"\u00e9\"")) == "4/4/5");
  CHECK(columns(advance(Position{}, "\"\U0001F600\" ")) == "5/6/8");
  // A newline resets all three; the byte column counts from the line start.
  CHECK(columns(advance(Position{}, "\U0001F600\n\u00e9x")) == "3/3/4");
  // In pieces as at once.
  Position p = advance(Position{}, "ab\n\U0001F600");
  p = advance(p, "\u00e9");
  CHECK(columns(p) == "3/4/7");
  CHECK(p.line_offset.value == 3);
}

TEST_CASE("text_start: line 1 of a file with a byte order mark counts after it", "[source][position]") {
  const std::string text = "\xEF\xBB\xBF[1]";
  const Position start = ckimport::source::text_start(text);
  CHECK(at(start) == "3 1:1");
  CHECK(columns(advance(start, "[")) == "2/2/2");
  CHECK(at(ckimport::source::text_start("[1]")) == "0 1:1");
}

TEST_CASE("LineIndex: offsets to positions agree with advance", "[source][position]") {
  const std::string text = "[\r\n  {\"n\": \"\U0001F600 Zo\u00eb\"},\n\n  \"\xff\"\n]";
  const LineIndex index(text);
  CHECK(index.line_count() == 5);
  for (std::uint64_t offset = 0; offset <= text.size(); ++offset) {
    INFO("offset " << offset);
    const Position expected = advance(Position{}, std::string_view(text).substr(0, offset));
    const Position got = index.position_of(offset);
    CHECK(at(got) == at(expected));
    CHECK(columns(got) == columns(expected));
  }
  CHECK(at(index.position_of(text.size() + 10)) == at(advance(Position{}, text)));
}

TEST_CASE("LineIndex: line and column in each unit back to an offset", "[source][position]") {
  const std::string text = "ab\n\U0001F600x\u00e9y\nlast";
  const LineIndex index(text);
  // Line 2: 😀 (bytes 3..6), x (7), é (8..9), y (10); line 3 starts at 12.
  CHECK(index.offset_of(2, 1, ColumnUnit::utf16) == 3);
  CHECK(index.offset_of(2, 3, ColumnUnit::utf16) == 7);
  CHECK(index.offset_of(2, 2, ColumnUnit::utf16) == 3);  // inside the pair: its start
  CHECK(index.offset_of(2, 2, ColumnUnit::code_points) == 7);
  CHECK(index.offset_of(2, 5, ColumnUnit::bytes) == 7);
  CHECK(index.offset_of(2, 6, ColumnUnit::bytes) == 8);
  CHECK(index.offset_of(2, 7, ColumnUnit::bytes) == 8);  // inside é: its start
  CHECK(index.offset_of(2, 5, ColumnUnit::utf16) == 10);
  // Past the end of the line: the line's end (before its '\n'); past the
  // last line: the end of the text.
  CHECK(index.offset_of(2, 99, ColumnUnit::utf16) == 11);
  CHECK(index.offset_of(3, 5, ColumnUnit::utf16) == 16);
  CHECK(index.offset_of(9, 1, ColumnUnit::utf16) == text.size());
  // Round trip from every offset that starts a code point.
  for (const std::uint64_t offset : {0U, 1U, 3U, 7U, 8U, 10U, 12U, 16U}) {
    for (const auto unit : {ColumnUnit::code_points, ColumnUnit::utf16, ColumnUnit::bytes}) {
      const Position p = index.position_of(offset);
      CHECK(index.offset_of(p.line.value, p.column_in(unit).value, unit) == offset);
    }
  }
}

TEST_CASE("LineIndex: a byte order mark is not on line 1", "[source][position]") {
  const std::string text = "\xEF\xBB\xBF[1,\n2]";
  const LineIndex index(text);
  CHECK(index.offset_of(1, 1, ColumnUnit::utf16) == 3);
  CHECK(columns(index.position_of(4)) == "2/2/2");
}
