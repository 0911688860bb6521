#pragma once
// The one UTF-8 decoder. Files, paths and messages carry bytes from users,
// so nothing here assumes the input is valid.
//
// An ill-formed sequence comes back as one invalid unit covering its
// "maximal subpart" (Unicode 15, section 3.9, "U+FFFD Substitution of
// Maximal Subparts"), which is what browsers, Python and ICU replace with
// one U+FFFD each: the JSON writer replaces it so, the terminal sanitiser
// shows its bytes as \xNN. A syntax error points at a little more: the lead
// byte and the continuation bytes that follow it, up to as many as the lead
// byte announces (`span`), which is the sequence the writer of the file
// meant, and says what is wrong with it (`problem`).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ckimport::source::utf8 {

inline constexpr char32_t replacement_character = U'\uFFFD';

constexpr bool is_continuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

enum class Problem : std::uint8_t {
  none,
  stray_continuation,  // 0x80..0xBF where a sequence should start
  invalid_byte,        // 0xF5..0xFF: never in UTF-8
  overlong,            // C0, C1, E0 80..9F, F0 80..8F: a shorter form exists
  surrogate,           // ED A0..BF: U+D800..U+DFFF
  above_max,           // F4 90..BF: above U+10FFFF
  truncated,           // fewer continuation bytes than the lead byte announces
};

// "stray continuation byte", "overlong encoding", ...: for messages.
constexpr std::string_view describe(Problem problem) {
  switch (problem) {
    case Problem::none: return "valid";
    case Problem::stray_continuation: return "stray continuation byte";
    case Problem::invalid_byte: return "byte that never appears in UTF-8";
    case Problem::overlong: return "overlong encoding";
    case Problem::surrogate: return "UTF-16 surrogate encoded in UTF-8";
    case Problem::above_max: return "code point above U+10FFFF";
    case Problem::truncated: return "truncated sequence";
  }
  return "invalid";
}

struct Unit {
  std::size_t length = 1;   // bytes taken: the sequence, or its maximal subpart; at least 1
  char32_t code_point = 0;  // when valid
  Problem problem = Problem::none;
  std::size_t span = 1;     // ill-formed: lead byte and the continuation bytes after it
  constexpr bool valid() const { return problem == Problem::none; }
};

// Decodes the unit that starts at text[pos]; pos must be < text.size().
constexpr Unit next_unit(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80U) return Unit{1, b0, Problem::none, 1};
  if (is_continuation(b0)) return Unit{1, 0, Problem::stray_continuation, 1};
  if (b0 >= 0xF5U) return Unit{1, 0, Problem::invalid_byte, 1};

  const std::size_t needed = b0 >= 0xF0U ? 3 : b0 >= 0xE0U ? 2 : 1;  // continuation bytes
  std::size_t following = 0;
  while (following < needed && pos + 1 + following < text.size() && is_continuation(byte(pos + 1 + following))) {
    ++following;
  }
  const std::size_t span = 1 + following;

  // Table 3-7 of the Unicode standard: the range allowed for the second byte
  // depends on the first (it rules out overlong forms, surrogates and code
  // points above U+10FFFF); later bytes are any continuation byte.
  Problem second_byte_problem = Problem::none;
  unsigned char second_low = 0x80U;
  unsigned char second_high = 0xBFU;
  if (b0 == 0xC0U || b0 == 0xC1U) return Unit{1, 0, Problem::overlong, span};
  if (b0 == 0xE0U) {
    second_low = 0xA0U;
    second_byte_problem = Problem::overlong;
  } else if (b0 == 0xEDU) {
    second_high = 0x9FU;
    second_byte_problem = Problem::surrogate;
  } else if (b0 == 0xF0U) {
    second_low = 0x90U;
    second_byte_problem = Problem::overlong;
  } else if (b0 == 0xF4U) {
    second_high = 0x8FU;
    second_byte_problem = Problem::above_max;
  }
  if (following >= 1 && (byte(pos + 1) < second_low || byte(pos + 1) > second_high)) {
    return Unit{1, 0, second_byte_problem, span};
  }
  if (following < needed) return Unit{span, 0, Problem::truncated, span};

  char32_t cp = needed == 1 ? (b0 & 0x1FU) : needed == 2 ? (b0 & 0x0FU) : (b0 & 0x07U);
  for (std::size_t i = 1; i <= needed; ++i) cp = (cp << 6U) | (byte(pos + i) & 0x3FU);
  return Unit{span, cp, Problem::none, span};
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

}  // namespace ckimport::source::utf8
