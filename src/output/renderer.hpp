#pragma once
// Renderers turn Diagnostics into one output format each (clang's
// DiagnosticRenderer idea: one model, many renderers).
//
// Why streaming (begin, diagnostic..., end): a run can report many
// diagnostics, and each is written as it arrives. The caller (the sink)
// decides the order and which ones are shown; a renderer prints what it is
// given, in that order.
//
// Adding a format: a value in Format, its name in parse_format and its
// factory in make_renderer (renderer.cpp), a factory declaration in `detail`
// below, and one <format>_renderer.cpp with its test.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <vector>

#include "diag/diagnostic.hpp"
#include "diag/rule_catalog.hpp"
#include "diag/tally.hpp"

namespace ckimport::output {

enum class Format { text, json, sarif, github };

// "text", "json", "sarif" or "github"; nullopt for anything else.
std::optional<Format> parse_format(std::string_view name);
std::string_view to_string(Format format);

struct RunSummary {
  std::size_t files_checked = 0;
  // Counts of every diagnostic found, shown or not.
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t notes = 0;
  // How many of the counted diagnostics were not passed to diagnostic():
  // cut by a --max-diagnostics limit, or hidden by --quiet.
  std::size_t not_shown = 0;
  // How many of those not_shown were hidden by --quiet (warnings and notes),
  // and how many of these were notes.
  std::size_t hidden = 0;
  std::size_t hidden_notes = 0;
  // Why the run fails although it found no error (--strict, --max-warnings),
  // as a sentence; "" when it does not fail or errors are the reason.
  std::string failed_by;
  // The bundles the files belong to; shown only when more than one.
  std::size_t bundles = 0;

  std::size_t cut() const { return not_shown - std::min(hidden, not_shown); }
  // Diagnostics, shown or not, with a safe fix (what --fix would repair)
  // and with an unsafe one (what --unsafe-fixes would add).
  std::size_t fixable = 0;
  std::size_t unsafe_fixable = 0;
  // With --fix: the fixes applied before this run's diagnostics were found.
  std::optional<std::size_t> fixed{};
  // With --fix --unsafe-fixes: unsafe fixes are applied, so the summary
  // does not offer them.
  bool unsafe_fixes_applied = false;
  // Every diagnostic found, shown or not, by rule: most first.
  std::vector<diag::RuleCount> rules;
  // How many were folded into "… and N more like this" (text) rather than
  // shown; not in not_shown.
  std::size_t folded = 0;
};

// The SARIF renderer's default for tool.driver.informationUri.
inline constexpr std::string_view information_uri = "https://github.com/ckimport/ckimport";

struct RenderOptions {
  bool color = false;        // text only: ANSI SGR colours
  std::string tool_version;  // sarif: tool.driver.version (omitted when empty)
  // An absolute directory, normally the current working directory. Relative
  // paths in diagnostics are taken as relative to it; absolute paths under it
  // are made relative to it (sarif and github). SARIF declares it as
  // originalUriBaseIds.SRCROOT. Empty: paths are written as given, and SARIF
  // has no originalUriBaseIds.
  std::string base_dir;
  // sarif: tool.driver.rules, and what each result's ruleIndex points into.
  // The CLI passes diag::all_rules(); tests pass their own list. Rule ids not
  // in the list get a result without ruleIndex.
  std::span<const diag::RuleInfo> rules{};
  // text: only the table of counts by rule (--statistics), no diagnostics.
  bool statistics_only = false;
  // github: where to append a Markdown report (GITHUB_STEP_SUMMARY), or
  // none. The caller opens it, and sees to a failure to write it.
  std::ostream* step_summary = nullptr;
};

class Renderer {
 public:
  virtual ~Renderer() = default;
  virtual void begin() = 0;
  virtual void diagnostic(const diag::Diagnostic& d) = 0;
  // One more of a kind of problem (file, rule, message template) already
  // shown as often as the run shows one kind (text, without --show-all):
  // counted into "… and N more like this", not shown.
  virtual void folded(const diag::Diagnostic& /*d*/) {}
  virtual void end(const RunSummary& summary) = 0;
};

// The renderer writes to `out`, which must outlive it; so must the memory
// that options.rules refers to.
std::unique_ptr<Renderer> make_renderer(Format format, std::ostream& out, const RenderOptions& options);

namespace detail {

std::unique_ptr<Renderer> make_text_renderer(std::ostream& out, const RenderOptions& options);
std::unique_ptr<Renderer> make_json_renderer(std::ostream& out, const RenderOptions& options);
std::unique_ptr<Renderer> make_sarif_renderer(std::ostream& out, const RenderOptions& options);
std::unique_ptr<Renderer> make_github_renderer(std::ostream& out, const RenderOptions& options);

// "2 errors, 1 warning in 3 files", "no problems in 1 file", "... in 7 files
// of 2 bundles" when more than one bundle was checked, with
// " (N more not shown)" for those cut by the limit and " (N hidden by
// --quiet)" for the rest of summary.not_shown. Shared by text and github.
std::string summary_text(const RunSummary& summary);

// "fixed 3 problems; [*] 2 fixable with `--fix` (1 more with `--fix
// --unsafe-fixes`)", or "" when nothing was or can be fixed.
std::string fix_summary_text(const RunSummary& summary);

// The table of counts by rule, one line each after a header, most first:
//   count  rule            files  fixable
//   2,000  unknown-field       1    2,000
// "" when nothing was found.
std::string rule_table_text(const RunSummary& summary);

// Lines and columns are 1-based; a 0 (a bug upstream) is written as 1, since
// SARIF and GitHub reject 0.
struct Span {
  std::uint64_t line = 1;
  std::uint64_t column = 1;
  std::uint64_t end_line = 1;
  std::uint64_t end_column = 1;
};
// The location's range with every value >= 1 and the end not before the begin.
Span clamped_span(const diag::Location& location);

}  // namespace detail

}  // namespace ckimport::output
