#include "json/json_pointer.hpp"

namespace ckimport::json {

std::string escape_pointer_key(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string JsonPointer::to_string() const {
  std::string out;
  for (const auto& step : steps) {
    out += '/';
    out += step.is_index ? std::to_string(step.index) : escape_pointer_key(step.key);
  }
  return out;
}

}  // namespace ckimport::json
