#pragma once
// UTF-8 decoding for the renderers. Paths, messages and excerpts carry bytes
// from user files, so nothing here assumes the input is valid: an ill-formed
// sequence comes back as one invalid unit covering its "maximal subpart"
// (Unicode 15, section 3.9, "U+FFFD Substitution of Maximal Subparts"), which
// is what browsers, Python and ICU replace with one U+FFFD each. The JSON
// writer turns an invalid unit into U+FFFD; the terminal sanitiser shows its
// bytes as \xNN.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ckimport::output::utf8 {

inline constexpr char32_t replacement_character = U'\uFFFD';

struct Unit {
  std::size_t length = 1;   // bytes taken from the input, at least 1
  char32_t code_point = 0;  // the decoded code point when valid
  bool valid = false;       // false: an ill-formed byte sequence
};

// Decodes the unit that starts at text[pos]; pos must be < text.size().
constexpr Unit next_unit(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80U) return Unit{1, b0, true};

  // Table 3-7 of the Unicode standard: the range allowed for the second byte
  // depends on the first (it rules out overlong forms, surrogates and code
  // points above U+10FFFF); later bytes are any continuation byte.
  std::size_t needed = 0;
  unsigned char second_low = 0x80U;
  unsigned char second_high = 0xBFU;
  char32_t cp = 0;
  if (b0 >= 0xC2U && b0 <= 0xDFU) {
    needed = 1;
    cp = b0 & 0x1FU;
  } else if (b0 >= 0xE0U && b0 <= 0xEFU) {
    needed = 2;
    cp = b0 & 0x0FU;
    if (b0 == 0xE0U) second_low = 0xA0U;
    if (b0 == 0xEDU) second_high = 0x9FU;
  } else if (b0 >= 0xF0U && b0 <= 0xF4U) {
    needed = 3;
    cp = b0 & 0x07U;
    if (b0 == 0xF0U) second_low = 0x90U;
    if (b0 == 0xF4U) second_high = 0x8FU;
  } else {
    return Unit{1, 0, false};  // a lone continuation byte, C0, C1 or F5..FF
  }

  std::size_t length = 1;
  for (std::size_t i = 0; i < needed; ++i) {
    const std::size_t at = pos + length;
    if (at >= text.size()) return Unit{length, 0, false};
    const unsigned char b = byte(at);
    const unsigned char low = i == 0 ? second_low : static_cast<unsigned char>(0x80U);
    const unsigned char high = i == 0 ? second_high : static_cast<unsigned char>(0xBFU);
    if (b < low || b > high) return Unit{length, 0, false};
    cp = (cp << 6U) | (b & 0x3FU);
    ++length;
  }
  return Unit{length, cp, true};
}

// Appends the UTF-8 encoding of a valid code point (not a surrogate, at most
// U+10FFFF).
inline void append(std::string& out, char32_t cp) {
  const auto put = [&](std::uint32_t v) { out.push_back(static_cast<char>(v)); };
  const auto v = static_cast<std::uint32_t>(cp);
  if (v < 0x80U) {
    put(v);
  } else if (v < 0x800U) {
    put(0xC0U | (v >> 6U));
    put(0x80U | (v & 0x3FU));
  } else if (v < 0x10000U) {
    put(0xE0U | (v >> 12U));
    put(0x80U | ((v >> 6U) & 0x3FU));
    put(0x80U | (v & 0x3FU));
  } else {
    put(0xF0U | (v >> 18U));
    put(0x80U | ((v >> 12U) & 0x3FU));
    put(0x80U | ((v >> 6U) & 0x3FU));
    put(0x80U | (v & 0x3FU));
  }
}

}  // namespace ckimport::output::utf8
