#include "output/terminal_text.hpp"

#include <fmt/format.h>

#include "source/utf8.hpp"
#include "source/position.hpp"
#include "text/names.hpp"

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
    const source::utf8::Unit unit = source::utf8::next_unit(input, pos);
    if (!unit.valid()) {
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
    } else if (text::needs_escape(unit.code_point)) {
      // As diag::shown() quotes names in messages (text::escape_invisible).
      emit(pos, fmt::format("\\u{{{:04x}}}", static_cast<unsigned>(unit.code_point)));
    } else {
      emit(pos, std::string(input.substr(pos, unit.length)));
    }
    pos += unit.length;
  }
}

// The terminal cells a code point takes, after Unicode's East Asian Width
// (W and F are two cells) and the usual zero-width classes, in the coarse
// ranges terminals agree on.
std::size_t cells_of(char32_t cp) {
  const auto in = [cp](char32_t first, char32_t last) { return cp >= first && cp <= last; };
  if (in(0x0300, 0x036F) || in(0x1AB0, 0x1AFF) || in(0x1DC0, 0x1DFF) || in(0x20D0, 0x20FF) ||
      in(0xFE20, 0xFE2F) || in(0x200B, 0x200F) || in(0xFE00, 0xFE0F) || cp == 0xFEFF) {
    return 0;  // combining marks, zero-width spaces and joiners, variation selectors
  }
  if (in(0x1100, 0x115F) || in(0x2E80, 0x303E) || in(0x3041, 0x33FF) || in(0x3400, 0x4DBF) ||
      in(0x4E00, 0x9FFF) || in(0xA000, 0xA4CF) || in(0xAC00, 0xD7A3) || in(0xF900, 0xFAFF) ||
      in(0xFE30, 0xFE4F) || in(0xFF00, 0xFF60) || in(0xFFE0, 0xFFE6) || in(0x1F300, 0x1F64F) ||
      in(0x1F900, 0x1F9FF) || in(0x1FA70, 0x1FAFF) || in(0x20000, 0x3FFFD)) {
    return 2;  // CJK, Hangul, full-width forms, emoji
  }
  return 1;
}

std::size_t cells_of(std::string_view shown) {
  std::size_t cells = 0;
  for (std::size_t pos = 0; pos < shown.size();) {
    const source::utf8::Unit unit = source::utf8::next_unit(shown, pos);
    cells += unit.valid() ? cells_of(unit.code_point) : 1;
    pos += unit.length;
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
