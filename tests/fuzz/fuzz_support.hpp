#pragma once
// Shared by the libFuzzer targets: an invariant check that aborts (so
// libFuzzer records the input as a crash) with a message naming the broken
// invariant, and helpers to look at rendered output.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "source/position.hpp"

#define FUZZ_CHECK(condition, what)                                                     \
  do {                                                                                  \
    if (!(condition)) {                                                                 \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n  (%s)\n", __FILE__, __LINE__, \
                   what, #condition);                                                   \
      std::abort();                                                                     \
    }                                                                                   \
  } while (false)

namespace ckimport::fuzz {

// A reader over the fuzzer's bytes: the first few bytes pick options, the
// rest is the input proper.
struct Bytes {
  const std::uint8_t* data;
  std::size_t size;
  std::uint8_t take_byte() {
    if (size == 0) return 0;
    --size;
    return *data++;
  }
  std::string_view rest() const { return {reinterpret_cast<const char*>(data), size}; }
};

// The position of byte `offset` of a file: source::advance from the start,
// except that a leading UTF-8 byte order mark takes no column (columns on
// line 1 are counted after it, as editors show them; element_reader.cpp).
inline source::Position position_of(std::string_view file, std::uint64_t offset) {
  const auto at = static_cast<std::size_t>(offset);
  if (file.starts_with("\xEF\xBB\xBF") && at >= 3) {
    return source::advance(source::Position{{3}, {1}, {1}, {1}, {3}}, file.substr(3, at - 3));
  }
  return source::advance({}, file.substr(0, at));
}

// Decodes one UTF-8 code point strictly (no overlongs, surrogates or values
// above U+10FFFF). Returns false on an ill-formed sequence.
inline bool decode_utf8(std::string_view s, std::size_t& i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = b(i);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 < 0x80) { cp = b0; ++i; return true; }
  if (b0 >= 0xC2 && b0 <= 0xDF) { n = 1; cp = b0 & 0x1Fu; }
  else if (b0 >= 0xE0 && b0 <= 0xEF) { n = 2; cp = b0 & 0x0Fu; if (b0 == 0xE0) lo = 0xA0; if (b0 == 0xED) hi = 0x9F; }
  else if (b0 >= 0xF0 && b0 <= 0xF4) { n = 3; cp = b0 & 0x07u; if (b0 == 0xF0) lo = 0x90; if (b0 == 0xF4) hi = 0x8F; }
  else return false;
  for (std::size_t k = 1; k <= n; ++k) {
    if (i + k >= s.size()) return false;
    const unsigned char c = b(i + k);
    if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return false;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  i += n + 1;
  return true;
}

// Text meant for a terminal (colour off): valid UTF-8 with no control
// character but the line feed, no C1 control, no bidi override, isolate or
// line/paragraph separator (see src/output/terminal_text.hpp). Returns the
// offset of the first offending byte, or npos.
inline std::size_t first_unsafe_for_terminal(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    char32_t cp = 0;
    if (!decode_utf8(s, i, cp)) return at;
    if ((cp < 0x20 && cp != U'\n') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
        cp == 0x2029) {
      return at;
    }
  }
  return std::string_view::npos;
}

}  // namespace ckimport::fuzz
