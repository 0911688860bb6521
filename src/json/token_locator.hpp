#pragma once
// The slow path behind every located diagnostic: given the text of a valid
// JSON value and a JSON Pointer into it, find the bytes of the token a
// diagnostic should point at. Runs only when there is something to report,
// so the fast path (simdjson) never has to track positions.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json_pointer.hpp"

namespace ckimport::json {

enum class TokenPart {
  value,         // the whole value at the pointer (an object spans `{` to `}`)
  key,           // the key of the member the pointer's last step names
  opening_brace  // the first byte of the value: an object's `{`
};

struct TokenRange {
  std::size_t offset = 0;
  std::size_t length = 0;
};

// Which of an object's duplicate keys a step names: the last, by default,
// as JSON readers keep the last value (and ckimport checks it).
inline constexpr std::size_t last_occurrence = SIZE_MAX;

// `occurrence` picks among duplicate keys for the last step (0 = the first);
// earlier steps go through the last of duplicate keys.
std::optional<TokenRange> locate_token(std::string_view text, const JsonPointer& pointer,
                                       TokenPart part, std::size_t occurrence = last_occurrence);

// The ranges of every element of the array at `pointer`, in one pass (a
// channel's members can be thousands: locating each alone is quadratic).
// Empty when the pointer names no array.
std::vector<TokenRange> locate_array_elements(std::string_view text, const JsonPointer& pointer);

// The bytes to delete to remove the member or array element that
// `pointer`'s last step names, with the comma that separates it from the
// next one (or, for the last one, from the one before) and the whitespace
// after that comma, so the rest keeps its layout: `{"a": 1, "b": 2}` less
// `a` is `{"b": 2}`, less `b` is `{"a": 1}`. Nullopt when the pointer names
// nothing, or the document itself. For a key that repeats, `occurrence` picks
// the member as locate_token does.
std::optional<TokenRange> locate_removal(std::string_view text, const JsonPointer& pointer,
                                         std::size_t occurrence = last_occurrence);

// The length in bytes of the JSON value at the start of `text` (after any
// whitespace), or nullopt when `text` ends before the value does.
std::optional<std::size_t> value_extent(std::string_view text);

// The decoded (UTF-8) contents of a JSON string token, quotes included in
// `token`. Invalid escapes decode to U+FFFD; the text is assumed valid JSON.
std::string decode_string_token(std::string_view token);

}  // namespace ckimport::json
