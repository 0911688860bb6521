#pragma once
// Units have types. A byte offset into a file, a line and a column are
// different things and never mix silently:
//  - ByteOffset counts bytes from the start of the file (0-based);
//  - Line is 1-based;
//  - Column is 1-based and counts Unicode code points (every byte that does
//    not continue a UTF-8 sequence starts a new column, so an invalid byte is
//    one column too).
// The only place that turns bytes into lines and columns is advance() below.
#include <cstddef>
#include <cstdint>
#include <string_view>

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

// A point in a file: its byte offset and the line and column it falls on.
struct Position {
  ByteOffset offset{};
  Line line{};
  Column column{};
  friend constexpr bool operator==(const Position&, const Position&) = default;
};

constexpr bool is_utf8_continuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

// The position reached from `from` after reading `bytes`, which must be the
// bytes of the file that start at from.offset. Written as two passes that
// the compiler vectorises: this runs over every byte of every file.
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
  }
  std::uint64_t code_points = 0;
  for (std::size_t i = line_start; i < bytes.size(); ++i) {
    code_points += is_utf8_continuation(static_cast<unsigned char>(bytes[i])) ? 0U : 1U;
  }
  to.column.value += code_points;
  return to;
}

}  // namespace ckimport::source
