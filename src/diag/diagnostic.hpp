#pragma once
// A Diagnostic is data only: checks produce them, renderers (src/output/)
// print them. Nothing in here knows about a terminal or a format.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/rule_catalog.hpp"
#include "diag/severity.hpp"
#include "source/position.hpp"

namespace ckimport::diag {

// A range in one file: [begin, end). `end` is the position just after the
// last byte of the token (so a one-character token at column 5 ends at 6).
struct Location {
  std::string file;  // as given on the command line (or --stdin-filename)
  source::Position begin{};
  source::Position end{};
};

// Another place that takes part in the problem ("first defined here").
struct Related {
  Location location;
  std::string message;
};

// The source line a diagnostic points into, cut to a window around the token
// when the line is long. Filled in by the checker, which can read the file;
// renderers only display it.
struct Excerpt {
  std::string text;              // raw bytes of the (possibly cut) line, no newline
  std::size_t caret_begin = 0;   // byte offsets into text of the token's first line part
  std::size_t caret_end = 0;
  bool cut_before = false;       // text does not start at the start of the line
  bool cut_after = false;        // text does not reach the end of the line
};

// How sure a fix is (ruff's terms). Safe: certain and meaning-preserving,
// applied by --fix. Unsafe: a likely repair that may change what the user
// meant (a did-you-mean rename), applied only with --unsafe-fixes.
enum class Applicability { safe, unsafe };

// One replacement in the diagnostic's file: the bytes [begin.offset,
// end.offset) become `replacement` (begin == end inserts). Offsets are into
// the file as it was read, so every edit of one run refers to the same
// bytes. Positions, not bare offsets, because each consumer wants its own
// unit: --fix the byte offsets, JSON and SARIF lines and code-point columns,
// an editor's code action lines and UTF-16 columns.
struct Edit {
  source::Position begin{};
  source::Position end{};
  std::string replacement;
};

// A repair for the problem: all of its edits are applied, or none.
struct Fix {
  std::string message;  // what the fix does: "rename `display_name` to `displayName`"
  Applicability applicability = Applicability::safe;
  std::vector<Edit> edits;
};

struct Diagnostic {
  // The rule it is reported under. A diagnostic that stands for more than
  // one finding (a misspelt key that hides a required field) also names
  // the rules of the others in `merged`: it counts as the strongest of them
  // after the run's settings, and is shown under that rule, so turning one
  // rule off or down never hides the other finding (BundleOutput).
  RuleId rule = RuleId::syntax;
  std::vector<RuleId> merged;
  Severity severity = Severity::error;
  std::string message;       // what is wrong: lowercase, no final period
  std::string pointer;       // JSON Pointer (RFC 6901) of the value, "" for the document
  Location location;
  std::vector<Related> related;
  std::optional<std::string> help;  // how to fix it, when known
  std::optional<Excerpt> excerpt;
  std::optional<Fix> fix;
  // How many places this diagnostic stands for. A rule whose catalogue
  // entry says `once_per_file` (a reference to a missing user, say) gives
  // the same message at every place that repeats one problem; the bundle's
  // output keeps the first place, counts the rest here and names the next
  // few in `related` (GCC's "reported only once"), so 20,000 references
  // cost a counter, not 20,000 diagnostics.
  std::size_t occurrences = 1;
};

// A value from a checked file as quoted in a message: cut to
// `max_code_points` with "…", so a 50 MB key makes a one-line message, not a
// 50 MB one, and with its invisible and format characters (zero-width
// spaces, bidi controls, soft hyphens, no-break and other unusual spaces,
// BOM: text::needs_escape) written as \u{200b}, so that `carl` and `carl`
// + U+200B read differently in every format; the raw bytes stay in the file,
// at the diagnostic's pointer and offsets. (Controls and ill-formed bytes
// are the renderers' to escape, for the terminal.)
std::string shown(std::string_view value, std::size_t max_code_points = 64);

// `count` with thousands separators, as counts are written in messages:
// "20,000".
std::string with_thousands(std::size_t count);

}  // namespace ckimport::diag
