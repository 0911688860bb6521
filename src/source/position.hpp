#pragma once
// Units have types. A byte offset into a file, a line and a column are
// different things and never mix silently:
//  - ByteOffset counts bytes from the start of the file (0-based);
//  - Line is 1-based;
//  - Column is 1-based, in one of three units, because the consumers of a
//    position disagree on what a column counts: ckimport's own output counts
//    Unicode code points (every byte that does not continue a UTF-8 sequence
//    starts a new column, so an invalid byte is one column too); LSP, VS Code
//    and SARIF's default count UTF-16 code units; vim and GCC-style tools
//    count bytes.
// A Position carries the column in each unit, so every consumer asks for
// its own. The only places that turn bytes into lines and columns are
// advance() (and advance_counted(), its form for counted line breaks) and
// LineIndex below.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "source/utf8.hpp"

namespace ckimport::source {

struct ByteOffset {
  std::uint64_t value = 0;
  friend constexpr auto operator<=>(ByteOffset, ByteOffset) = default;
};

struct Line {
  std::uint64_t value = 1;
  friend constexpr auto operator<=>(Line, Line) = default;
};

struct Column {
  std::uint64_t value = 1;
  friend constexpr auto operator<=>(Column, Column) = default;
};

enum class ColumnUnit { code_points, utf16, bytes };

// A point in a file: its byte offset and the line and column it falls on.
struct Position {
  ByteOffset offset{};
  Line line{};
  Column column{};        // code points
  Column utf16_column{};  // UTF-16 code units: a code point above U+FFFF is two
  // Where the line's first byte is; byte columns count from it. On line 1 of
  // a file that starts with a byte order mark, the first byte after it (as
  // editors show the line).
  ByteOffset line_offset{};

  Column column_in(ColumnUnit unit) const {
    switch (unit) {
      case ColumnUnit::code_points: return column;
      case ColumnUnit::utf16: return utf16_column;
      case ColumnUnit::bytes: return Column{offset.value - line_offset.value + 1};
    }
    return column;
  }

  friend constexpr bool operator==(const Position&, const Position&) = default;
};

// Adds the columns of `bytes`, which hold no line break, to `to`.
inline void advance_columns(Position& to, std::string_view bytes) {
  std::uint64_t code_points = 0;
  std::uint64_t supplementary = 0;  // 4-byte sequences: two UTF-16 units each
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    code_points += utf8::is_continuation(byte) ? 0U : 1U;
    supplementary += byte >= 0xF0U && byte <= 0xF4U ? 1U : 0U;
  }
  to.column.value += code_points;
  to.utf16_column.value += code_points + supplementary;
}

// The position reached from `from` after reading `bytes`, which must be the
// bytes of the file that start at from.offset. Written as passes that the
// compiler vectorises: this runs over every byte of every file.
inline Position advance(Position from, std::string_view bytes) {
  Position to = from;
  to.offset.value += bytes.size();
  std::size_t line_start = 0;
  for (std::size_t i = bytes.size(); i > 0; --i) {
    if (bytes[i - 1] == '\n') {
      line_start = i;
      break;
    }
  }
  if (line_start > 0) {
    std::uint64_t newlines = 0;
    for (std::size_t i = 0; i < line_start; ++i) newlines += bytes[i] == '\n' ? 1U : 0U;
    to.line.value += newlines;
    to.column.value = 1;
    to.utf16_column.value = 1;
    to.line_offset.value = from.offset.value + line_start;
  }
  advance_columns(to, bytes.substr(line_start));
  return to;
}

// advance() for bytes whose line breaks were counted already (by the element
// splitter, from its bit masks): `newlines` of them, the last at index
// `last_newline` of `bytes` when there is one. Only the bytes after the last
// line break are read; the result is advance()'s.
inline Position advance_counted(Position from, std::string_view bytes, std::uint64_t newlines,
                                std::size_t last_newline) {
  Position to = from;
  to.offset.value += bytes.size();
  std::size_t line_start = 0;
  if (newlines > 0) {
    line_start = last_newline + 1;
    to.line.value += newlines;
    to.column.value = 1;
    to.utf16_column.value = 1;
    to.line_offset.value = from.offset.value + line_start;
  }
  advance_columns(to, bytes.substr(line_start));
  return to;
}

// The start of a text (a file, an editor's buffer), after a byte order mark
// when it has one: columns of line 1 count from there.
inline Position text_start(std::string_view text) {
  Position start;
  if (text.starts_with("\xEF\xBB\xBF")) {
    start.offset.value = 3;
    start.line_offset.value = 3;
  }
  return start;
}

// Line starts of a text held in memory (an editor's buffer), for turning
// offsets into positions and back in any unit without reading from the
// start each time. `text` must outlive the index.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {
    line_starts_.push_back(text_start(text).offset.value);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  std::size_t line_count() const { return line_starts_.size(); }

  // The position of a byte offset (clamped to the end of the text).
  Position position_of(std::uint64_t offset) const {
    offset = std::min<std::uint64_t>(offset, text_.size());
    const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<std::size_t>(after - line_starts_.begin());  // 1-based, >= 1 unless before a BOM
    if (line == 0) return Position{};
    Position start;
    start.offset.value = line_starts_[line - 1];
    start.line_offset = start.offset;
    start.line.value = line;
    return advance(start, text_.substr(start.offset.value, offset - start.offset.value));
  }

  // The byte offset of a 1-based line and column in `unit`. A column past
  // the end of its line is the line's end (LSP says so for positions); a line
  // past the last is the end of the text; a column inside a UTF-16 surrogate
  // pair or a UTF-8 sequence is the start of its code point.
  std::uint64_t offset_of(std::uint64_t line, std::uint64_t column, ColumnUnit unit) const {
    if (line == 0) line = 1;
    if (column == 0) column = 1;
    if (line > line_starts_.size()) return text_.size();
    const std::uint64_t begin = line_starts_[line - 1];
    const std::uint64_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
    std::uint64_t at = begin;
    std::uint64_t counted = 1;
    while (at < end && counted < column) {
      const utf8::Unit unit_here = utf8::next_unit(text_, static_cast<std::size_t>(at));
      std::uint64_t width = 1;
      if (unit == ColumnUnit::bytes) {
        width = unit_here.length;
      } else if (unit == ColumnUnit::utf16 && unit_here.valid() && unit_here.code_point > 0xFFFF) {
        width = 2;
      }
      if (counted + width > column) break;  // inside this code point
      counted += width;
      at += unit_here.length;
    }
    return std::min(at, end);
  }

 private:
  std::string_view text_;
  std::vector<std::uint64_t> line_starts_;
};

}  // namespace ckimport::source
