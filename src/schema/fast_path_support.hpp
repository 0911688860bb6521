#pragma once
// What the generated fast-path validators (fast_path_schemas.cpp, made by
// src/schema/codegen/schema_codegen.cpp) are written in terms of.
//
// Every helper here mirrors what valijson 1.0 does through SimdjsonAdapter
// (src/schema/simdjson_adapter.hpp), not what JSON Schema ideally says: the
// fast path must give valijson's verdict, because valijson stays the
// reference and explains every item the fast path does not pass. Where
// valijson's behaviour is undefined or could throw, a helper says "not
// sure", and the generated code then answers "not valid" (let valijson
// decide). A false "not valid" costs time; a false "valid" is a bug.
//
// No valijson here: the fast path and valijson must stay two independent
// implementations, or the differential tests would prove nothing.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <regex>
#include <string_view>
#include <vector>

#include <simdjson.h>

namespace ckimport::schema::fast {

using simdjson::dom::element;
using simdjson::dom::element_type;

inline constexpr double kTwoPow64 = 18446744073709551616.0;

// ---- numbers (SimdjsonValue's number model) ---------------------------------

// valijson's isNumber(): the adapter's isInteger() || isDouble(), which is
// every simdjson number (simdjson never produces an infinity or a NaN).
inline bool is_number(element_type type) noexcept {
  return type == element_type::INT64 || type == element_type::UINT64 ||
         type == element_type::DOUBLE;
}

// The adapter's isInteger(): no fractional part, whatever the spelling, so
// 1.0, 1e0 and 18446744073709551615 are integers ("type": "integer").
inline bool is_integer(element value) noexcept {
  switch (value.type()) {
    case element_type::INT64:
    case element_type::UINT64:
      return true;
    case element_type::DOUBLE: {
      const double d = value.get_double().value_unsafe();
      return std::isfinite(d) && std::trunc(d) == d;
    }
    default:
      return false;
  }
}

// What valijson's minimum/maximum compare: BasicAdapter::asDouble(), i.e. the
// nearest double. So 9223372036854775808 (2^63) is not above a maximum of
// 9223372036854775807, which valijson also reads as the double 2^63. The
// fast path copies that quirk rather than comparing integers exactly.
inline double as_double(element value) noexcept {
  switch (value.type()) {
    case element_type::INT64:
      return static_cast<double>(value.get_int64().value_unsafe());
    case element_type::UINT64:
      return static_cast<double>(value.get_uint64().value_unsafe());
    default:
      return value.get_double().value_unsafe();
  }
}

// An integral number in (-2^64, 2^64) as sign and magnitude, like
// detail::to_exact_integer in the adapter (numbers in `const` and `enum`
// compare by exact value: 1 == 1.0, 2^53 + 1 != 2^53).
struct ExactInteger {
  bool negative = false;
  std::uint64_t magnitude = 0;
};

inline std::optional<ExactInteger> exact_integer(element value) noexcept {
  switch (value.type()) {
    case element_type::INT64: {
      const std::int64_t i = value.get_int64().value_unsafe();
      // Unsigned negation is defined for INT64_MIN too.
      return ExactInteger{i < 0, i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i)};
    }
    case element_type::UINT64:
      return ExactInteger{false, value.get_uint64().value_unsafe()};
    case element_type::DOUBLE: {
      const double d = value.get_double().value_unsafe();
      if (!(d > -kTwoPow64 && d < kTwoPow64) || std::trunc(d) != d) return std::nullopt;
      return ExactInteger{d < 0, static_cast<std::uint64_t>(std::fabs(d))};  // -0.0 is 0
    }
    default:
      return std::nullopt;
  }
}

// `value` equals a schema constant that is an integer in (-2^64, 2^64).
inline bool integer_equals(element value, bool negative, std::uint64_t magnitude) noexcept {
  const auto exact = exact_integer(value);
  return exact && exact->negative == negative && exact->magnitude == magnitude;
}

// `value` equals a schema constant that is a number but not such an
// integer (a fraction, or beyond 2^64): never equal to an exact integer.
inline bool double_equals(element value, double constant) noexcept {
  if (!is_number(value.type()) || exact_integer(value)) return false;
  return value.get_double().value_unsafe() == constant;
}

// ---- other scalars -----------------------------------------------------------

// `constant` is a string literal, NULs included: its length is N - 1, known
// when compiling, so the comparison is a size check and an inlined memcmp.
template <std::size_t N>
bool string_equals(element value, const char (&constant)[N]) noexcept {
  std::string_view text;
  return value.get_string().get(text) == simdjson::SUCCESS && text.size() == N - 1 &&
         std::memcmp(text.data(), constant, N - 1) == 0;
}

inline bool bool_equals(element value, bool constant) noexcept {
  bool b = false;
  return value.get_bool().get(b) == simdjson::SUCCESS && b == constant;
}

// ---- strings -------------------------------------------------------------------

// What valijson's minLength/maxLength count: utils::u8_strlen(s.c_str()),
// copied step by step. It counts UTF-8 sequences (a lead byte and the
// continuation bytes after it) up to the first NUL byte, so "a\u0000bc" has
// length 1, and it also stops at a sequence that decodes to 0. It reads
// offsetsFromUTF8[sz - 1] for a sequence of sz bytes: beyond 6 that is out
// of bounds (undefined behaviour), so the answer is then kUnknownLength.
// Counting stops once `cap` is reached: the caller only needs to know
// whether the length is below its minimum or above its maximum.
inline constexpr std::uint64_t kUnknownLength = std::numeric_limits<std::uint64_t>::max();

inline std::uint64_t utf8_length(std::string_view text, std::uint64_t cap) noexcept {
  static constexpr std::uint32_t kOffsets[6] = {0x00000000U, 0x00003080U, 0x000E2080U,
                                                0x03C82080U, 0xFA082080U, 0x82082080U};
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto is_lead = [&](std::size_t i) { return (byte(i) & 0xC0U) != 0x80U; };
  std::uint64_t count = 0;
  std::size_t i = 0;
  // c_str() ends in a NUL: `i < text.size()` stands for "s[i] != 0 at the end".
  while (count < cap && i < text.size() && byte(i) != 0) {
    std::uint64_t ch = 0;
    std::size_t size = 0;
    do {
      ch = (ch << 6) + byte(i++);
      ++size;
    } while (i < text.size() && byte(i) != 0 && !is_lead(i));
    if (size > 6) return kUnknownLength;
    if (ch - kOffsets[size - 1] == 0) break;
    ++count;
  }
  return count;
}

// valijson's `pattern`: std::regex_search over the whole string, with a
// std::regex built from the pattern with default (ECMAScript) flags. May
// throw (std::regex_error for complexity or stack limits), as it would in
// valijson; FastValidator turns that into "let valijson decide".
inline bool search(const std::regex& regex, std::string_view text) {
  return std::regex_search(text.begin(), text.end(), regex);
}

// ---- containers ------------------------------------------------------------------

// simdjson keeps container sizes in 24 bits and saturates; the adapter then
// counts (detail::exact_size). So do we.
inline constexpr std::size_t kSaturatedCount = 0xFFFFFF;

template <typename Container>
std::uint64_t exact_size(const Container& container) noexcept {
  const std::size_t size = container.size();
  if (size < kSaturatedCount) return size;
  std::uint64_t count = 0;
  for (auto it = container.begin(); it != container.end(); ++it) ++count;
  return count;
}

// The adapter shows valijson an object as a JSON reader keeps it: of
// repeated keys, only the last member. These count and look up members so.

// The number of distinct keys.
inline std::uint64_t kept_size(simdjson::dom::object object) {
  std::vector<std::string_view> keys;
  for (const auto field : object) keys.push_back(field.key);
  std::sort(keys.begin(), keys.end());
  return static_cast<std::uint64_t>(std::unique(keys.begin(), keys.end()) - keys.begin());
}

// The value of the last member with `key`.
inline std::optional<element> last_member(simdjson::dom::object object, std::string_view key) noexcept {
  std::optional<element> found;
  for (const auto field : object) {
    if (field.key == key) found = field.value;
  }
  return found;
}

// Whether a member after `at` has the same key (so a reader drops `at`).
inline bool replaced_later(simdjson::dom::object::iterator at, simdjson::dom::object::iterator end) noexcept {
  const std::string_view key = at.key();
  for (++at; at != end; ++at) {
    if (at.key() == key) return true;
  }
  return false;
}

}  // namespace ckimport::schema::fast
