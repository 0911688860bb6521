#include "diag/diagnostic.hpp"
#include "source/utf8.hpp"
#include "text/names.hpp"

namespace ckimport::diag {

std::string shown(std::string_view value, std::size_t max_code_points) {
  std::size_t code_points = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (source::utf8::is_continuation(static_cast<unsigned char>(value[i]))) continue;
    if (++code_points > max_code_points) return text::escape_invisible(value.substr(0, i)) + "…";
  }
  return text::escape_invisible(value);
}

std::string with_thousands(std::size_t count) {
  std::string digits = std::to_string(count);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace ckimport::diag
