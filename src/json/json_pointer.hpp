#pragma once
// JSON Pointers (RFC 6901) as a list of steps, so that the slow path that
// finds a token in the source can follow them, and as text for output.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ckimport::json {

struct PointerStep {
  bool is_index = false;
  std::uint64_t index = 0;  // when is_index
  std::string key;          // when !is_index (decoded, UTF-8)
};

// A key as one step of a JSON Pointer: "~" as "~0", "/" as "~1" (RFC 6901).
std::string escape_pointer_key(std::string_view key);

struct JsonPointer {
  std::vector<PointerStep> steps;

  JsonPointer& index(std::uint64_t i) {
    steps.push_back({true, i, {}});
    return *this;
  }
  JsonPointer& key(std::string_view k) {
    steps.push_back({false, 0, std::string(k)});
    return *this;
  }
  JsonPointer with_key(std::string_view k) const {
    JsonPointer p = *this;
    p.key(k);
    return p;
  }
  JsonPointer with_index(std::uint64_t i) const {
    JsonPointer p = *this;
    p.index(i);
    return p;
  }
  // "/3/members/0"; "~" and "/" in keys escaped as "~0" and "~1".
  std::string to_string() const;
};

}  // namespace ckimport::json
