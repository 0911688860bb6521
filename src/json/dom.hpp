#pragma once
// Small accessors over simdjson's DOM that return by value.
//
// Why: `for (auto x : e.get_array().value_unsafe())` binds the loop to a
// reference into a temporary simdjson_result that dies before the loop runs
// (AddressSanitizer: stack-use-after-scope). These return the array, object
// or string itself, which the loop then owns. A value of another type gives
// an empty array, object or string.
#include <optional>
#include <string_view>

#include <simdjson.h>

namespace ckimport::json {

// `[[], {}]`, parsed once: an empty array and object that can be iterated
// and searched (a default-constructed simdjson array or object cannot: it
// has no document behind it).
inline simdjson::dom::element empty_containers() {
  static simdjson::dom::parser parser;
  static const simdjson::dom::element root = [] {
    constexpr std::string_view text = "[[], {}]";
    return parser.parse(text.data(), text.size(), true).value();
  }();
  return root;
}

inline simdjson::dom::array as_array(simdjson::dom::element value) {
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) {
    return empty_containers().at(0).get_array().value();
  }
  return array;
}

inline simdjson::dom::object as_object(simdjson::dom::element value) {
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    return empty_containers().at(1).get_object().value();
  }
  return object;
}

inline std::string_view as_string(simdjson::dom::element value) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return {};
  return text;
}

// The value of `key` when `value` is an object that has it; of duplicate
// keys, the last (what JSON readers keep, and so what ckimport checks).
inline std::optional<simdjson::dom::element> member(simdjson::dom::object object,
                                                    std::string_view key) {
  std::optional<simdjson::dom::element> found;
  for (const auto field : object) {
    if (field.key == key) found = field.value;
  }
  return found;
}
inline std::optional<simdjson::dom::element> member(simdjson::dom::element value,
                                                    std::string_view key) {
  return member(as_object(value), key);
}

}  // namespace ckimport::json
