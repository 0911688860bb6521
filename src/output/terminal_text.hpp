#pragma once
// The one sanitiser for user bytes (paths, messages, rule ids, excerpts) on
// their way to a terminal or a CI log.
//
// Why: a file can hold ESC and other control bytes; printed raw they would
// drive the user's terminal (colours, cursor moves, window titles). So every
// such byte is shown as visible text instead:
//   - C0 controls U+0000..U+001F and DEL U+007F as \xNN (ESC is \x1b);
//   - C1 controls U+0080..U+009F as \u{NN} (they are valid UTF-8 and some
//     terminals act on them);
//   - the bidirectional overrides and isolates U+202A..U+202E,
//     U+2066..U+2069 and the separators U+2028, U+2029 as \u{NNNN}: they
//     reorder or break the displayed line ("Trojan Source") and the carets
//     would no longer point where they seem to;
//   - every other invisible or format character and every space other
//     than U+0020 (text::needs_escape: zero-width spaces and joiners, soft
//     hyphen, BOM, U+2060, tags, Hangul fillers, no-break spaces, U+3000,
//     ...) as \u{NNNN}, at least 4 hex digits, as messages quote names
//     (diag::shown): `carl` + U+200B must not look like `carl`;
//   - each byte of an ill-formed UTF-8 sequence as \xNN.
// Every other code point is copied. Widths are in terminal cells, so that
// carets line up under their token: East Asian wide characters and emoji
// take two, combining marks and zero-width characters none, the rest one
// (an escape is as wide as its text). An emoji sequence's U+200D is shown
// escaped like any zero-width joiner; an emoji changed by a variation
// selector may still be drawn narrower than counted.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ckimport::output::detail {

enum class Whitespace {
  escape,        // tab, LF and CR are escaped like the other controls
  keep,          // tab, LF and CR are copied (the github renderer escapes them itself)
  tab_as_space,  // a tab is shown as one space (excerpts); LF and CR escaped
};

// How one unit of the input (a code point, or one byte of an ill-formed
// sequence) is shown.
struct ShownUnit {
  std::size_t byte_begin = 0;  // where the unit starts in the input
  std::string text;            // what is printed for it
  std::size_t cells = 0;       // how many terminal cells that takes
};

std::vector<ShownUnit> shown_units(std::string_view input, Whitespace whitespace);

// The input made safe to print.
std::string sanitize(std::string_view input, Whitespace whitespace = Whitespace::escape);

}  // namespace ckimport::output::detail
