#pragma once
// Helpers for the fix tests: random documents with the line endings and
// encodings import files have, random fix sets, and byte sources that read
// in odd pieces.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "fix/edit_plan.hpp"
#include "source/byte_source.hpp"

namespace ckimport::fix_test {

using fix::Edit;
using fix::Fix;

// A document of up to `max_pieces` pieces: JSON-ish ASCII, LF and CRLF line
// ends, blank lines, multibyte UTF-8, escapes, sometimes a BOM first and
// sometimes no final newline.
inline std::string random_text(std::mt19937& rng, int max_pieces = 60) {
  static const std::vector<std::string> pieces = {
      "{", "}", "[", "]", ",", ":", " ", "  ", "\t", "\"name\"", "\"é\"", "€", "😀", "\\\"", "\\n",
      "\n", "\n", "\n", "\r\n", "\r\n", "\n\n", "x", "true", "42",
  };
  std::string text;
  if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) text = "\xEF\xBB\xBF";
  const int count = std::uniform_int_distribution<int>(0, max_pieces)(rng);
  for (int i = 0; i < count; ++i) {
    text += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
  }
  if (std::uniform_int_distribution<int>(0, 2)(rng) == 0 && !text.empty() && text.back() != '\n') text += "\n";
  return text;
}

inline std::string random_replacement(std::mt19937& rng) {
  static const std::vector<std::string> texts = {
      "", "", "a", "isGuest", "\n", "\r\n", "x\n", "\"k\": 1,\n", "ü", "😀\n", "\n\n", "}\n{",
  };
  return texts[std::uniform_int_distribution<std::size_t>(0, texts.size() - 1)(rng)];
}

// Up to `max_fixes` fixes of 1 to 3 edits each, all inside [0, size];
// insertions, deletions and replacements, some overlapping.
inline std::vector<Fix> random_fixes(std::mt19937& rng, std::uint64_t size, int max_fixes = 8) {
  std::vector<Fix> fixes;
  const int count = std::uniform_int_distribution<int>(0, max_fixes)(rng);
  for (int f = 0; f < count; ++f) {
    Fix fix;
    fix.message = "fix " + std::to_string(f);
    const int edits = std::uniform_int_distribution<int>(1, 3)(rng);
    for (int e = 0; e < edits; ++e) {
      const std::uint64_t begin = std::uniform_int_distribution<std::uint64_t>(0, size)(rng);
      const std::uint64_t length =
          std::uniform_int_distribution<int>(0, 2)(rng) == 0
              ? 0
              : std::uniform_int_distribution<std::uint64_t>(0, std::min<std::uint64_t>(6, size - begin))(rng);
      fix.edits.push_back(Edit{begin, begin + length, random_replacement(rng)});
    }
    fixes.push_back(std::move(fix));
  }
  return fixes;
}

// A memory source that gives at most `piece` bytes a read (and at most the
// capacity asked for), to cross every chunk boundary; counts what is asked.
class PieceSource final : public source::ByteSource {
 public:
  PieceSource(std::string_view bytes, std::size_t piece) : bytes_(bytes), piece_(piece) {}

  std::size_t read(char* buffer, std::size_t capacity) override {
    ++reads;
    largest_capacity = std::max(largest_capacity, capacity);
    const std::size_t n = std::min({capacity, piece_, bytes_.size()});
    std::memcpy(buffer, bytes_.data(), n);
    bytes_.remove_prefix(n);
    bytes_read += n;
    return n;
  }
  bool read_at(std::uint64_t, std::size_t, std::string&) override {
    ++random_reads;
    return false;
  }
  std::optional<std::uint64_t> size() const override { return std::nullopt; }

  std::size_t reads = 0;
  std::size_t random_reads = 0;
  std::size_t largest_capacity = 0;
  std::uint64_t bytes_read = 0;

 private:
  std::string_view bytes_;
  std::size_t piece_;
};

}  // namespace ckimport::fix_test
