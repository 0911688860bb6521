#include "output/terminal_text.hpp"

#include <fmt/format.h>

#include "output/utf8.hpp"
#include "source/position.hpp"

namespace ckimport::output::detail {

namespace {

bool is_format_hazard(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F)         // C1 controls
         || (cp >= 0x202A && cp <= 0x202E)  // bidi embeddings and overrides
         || (cp >= 0x2066 && cp <= 0x2069)  // bidi isolates
         || cp == 0x2028 || cp == 0x2029;   // line and paragraph separators
}

// Calls emit(byte_begin, shown_text) for each unit of the input.
template <typename Emit>
void for_each_unit(std::string_view input, Whitespace whitespace, Emit&& emit) {
  std::size_t pos = 0;
  while (pos < input.size()) {
    const utf8::Unit unit = utf8::next_unit(input, pos);
    if (!unit.valid) {
      for (std::size_t i = 0; i < unit.length; ++i) {
        emit(pos + i, fmt::format("\\x{:02x}", static_cast<unsigned char>(input[pos + i])));
      }
    } else if (unit.code_point < 0x20 || unit.code_point == 0x7F) {
      const char c = input[pos];
      if (whitespace == Whitespace::keep && (c == '\t' || c == '\n' || c == '\r')) {
        emit(pos, std::string(1, c));
      } else if (whitespace == Whitespace::tab_as_space && c == '\t') {
        emit(pos, std::string(" "));
      } else {
        emit(pos, fmt::format("\\x{:02x}", static_cast<unsigned>(unit.code_point)));
      }
    } else if (is_format_hazard(unit.code_point)) {
      emit(pos, fmt::format("\\u{{{:x}}}", static_cast<unsigned>(unit.code_point)));
    } else {
      emit(pos, std::string(input.substr(pos, unit.length)));
    }
    pos += unit.length;
  }
}

std::size_t cells_of(std::string_view shown) {
  std::size_t cells = 0;
  for (const char c : shown) {
    if (!source::is_utf8_continuation(static_cast<unsigned char>(c))) ++cells;
  }
  return cells;
}

}  // namespace

std::vector<ShownUnit> shown_units(std::string_view input, Whitespace whitespace) {
  std::vector<ShownUnit> units;
  for_each_unit(input, whitespace, [&](std::size_t begin, std::string text) {
    const std::size_t cells = cells_of(text);
    units.push_back(ShownUnit{begin, std::move(text), cells});
  });
  return units;
}

std::string sanitize(std::string_view input, Whitespace whitespace) {
  // Fast path: printable ASCII needs no work.
  bool plain = true;
  for (const char c : input) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20U || byte >= 0x7FU) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(input);

  std::string out;
  out.reserve(input.size());
  for_each_unit(input, whitespace, [&](std::size_t, const std::string& text) { out += text; });
  return out;
}

}  // namespace ckimport::output::detail
