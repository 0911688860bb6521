#include "json/json_pointer.hpp"

namespace ckimport::json {

std::string JsonPointer::to_string() const {
  std::string out;
  for (const auto& step : steps) {
    out += '/';
    if (step.is_index) {
      out += std::to_string(step.index);
      continue;
    }
    for (const char c : step.key) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out += c;
      }
    }
  }
  return out;
}

}  // namespace ckimport::json
