#include "cli/app.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <thread>

#include "check/engine.hpp"
#include "check/fixer.hpp"
#include "cli/exit_codes.hpp"
#include "cli/generate.hpp"
#include "cli/output_stream.hpp"
#include "cli/progress.hpp"
#include "diag/tally.hpp"
#include "fix/unified_diff.hpp"
#include "lsp/server.hpp"
#include "model/resource_kind.hpp"
#include "output/renderer.hpp"
#include "output/terminal_text.hpp"
#include "schema/embedded_schemas.hpp"
#include "schema/schema_error.hpp"
#include "schema/suggest_name.hpp"
#include "source/byte_source.hpp"
#include "source/temp_files.hpp"
#include "text/names.hpp"

namespace ckimport::cli {
namespace {

namespace fs = std::filesystem;

// A failure of the run itself (exit 2), with its one-line reason.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Counts and sizes are read as signed numbers and checked by check_limits():
// read as unsigned, -1 would become 2^64 - 1.
struct CommonOptions {
  std::string format = "text";
  std::string color = "auto";
  bool no_color = false;
  std::int64_t max_diagnostics = 1000;
  bool show_all = false;   // text: every occurrence, not 3 of each kind
  bool statistics = false;  // text: only the table of counts by rule
  bool quiet = false;
  bool strict = false;
  std::optional<std::int64_t> max_warnings;
  std::vector<std::string> rule_settings;
  std::string stdin_filename;
  std::string output_path;  // --output: "" writes to standard output
};

struct CheckOptions {
  std::vector<std::string> paths;
  std::string type;
  std::string schema_dir;
  std::int64_t max_item_size = static_cast<std::int64_t>(check::EngineOptions{}.max_item_size);
  std::string memory_limit;  // --memory-limit SIZE; "" for SpillOptions' default
  unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
  bool fix = false;
  bool unsafe_fixes = false;
  bool diff = false;
};

struct ValidateOptions {
  std::string schema;
  std::vector<std::string> paths;
};

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_option("--format,-f", options.format,
                     "Output format: text, json, sarif or github (at most 10 annotations of each type, "
                     "and a Markdown report appended to $GITHUB_STEP_SUMMARY when it is set)")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  command.add_option("--color", options.color,
                     "Colour text output: auto (on a terminal, unless NO_COLOR is set), always "
                     "(even when NO_COLOR is set) or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  command.add_flag("--no-color", options.no_color, "Never colour output: --color never");
  command.add_option("--max-diagnostics", options.max_diagnostics,
                     "Show at most N diagnostics (N >= 1, default 1000), and past N the first of each "
                     "kind (file, rule, message); the rest are counted")
      ->type_name("N");
  command.add_flag("--show-all", options.show_all,
                   "Text: show every occurrence of a problem; by default at most 3 of each kind "
                   "(file, rule, message) are shown, then \"... and N more like this\"");
  command.add_flag("--statistics", options.statistics,
                   "Print only the table of counts by rule (count, files, fixable), most first; "
                   "text format only");
  command.add_flag("--quiet,-q", options.quiet,
                   "Show errors only; warnings are still counted in the summary, by --strict and "
                   "--max-warnings");
  command.add_flag("--strict", options.strict, "Exit 1 on warnings too (shown or not)");
  command.add_option("--max-warnings", options.max_warnings, "Exit 1 when there are more than N warnings (N >= 0), shown or not")
      ->type_name("N");
  command.add_option("--rule", options.rule_settings,
                     "Set a rule's severity: RULE=off|warning|error (repeatable)");
  command.add_option("--stdin-filename", options.stdin_filename,
                     "With the path -, read standard input and report it as this path")
      ->type_name("PATH");
  command.add_option("--output,-o", options.output_path,
                     "Write the report to FILE instead of standard output; it replaces FILE only "
                     "once complete (a failed run leaves FILE as it was)")
      ->type_name("FILE");
}

// "; did you mean `unknown-field`?" for a misspelt name (a verb, a rule, a
// schema), or "" when none of `names` is near it.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& names) {
  const std::string_view meant = schema::suggest_name(word, names);
  return meant.empty() ? std::string() : "; did you mean `" + std::string(meant) + "`?";
}

// "no rule named `unknwn-field`; did you mean `unknown-field`?".
std::string no_rule_named(std::string_view id) {
  std::vector<std::string_view> ids;
  for (const auto& rule : diag::all_rules()) ids.push_back(rule.id);
  return "no rule named `" + output::detail::sanitize(std::string(id)) + "`" + did_you_mean(id, ids) +
         " (see `ckimport rules`)";
}

// --rule RULE=off|warning|error, each checked: a typo must not pass as a
// rule that was never set.
diag::RuleSettings rule_settings(const CommonOptions& options) {
  diag::RuleSettings result;
  for (const auto& setting : options.rule_settings) {
    const auto eq = setting.find('=');
    if (eq == std::string::npos) throw UsageError("--rule takes RULE=off|warning|error, got `" + setting + "`");
    const std::string id = setting.substr(0, eq);
    const std::string level = setting.substr(eq + 1);
    const auto rule = diag::find_rule(id);
    if (!rule) throw UsageError("--rule: " + no_rule_named(id));
    const auto severity = diag::parse_rule_setting(level);
    if (!severity) {
      throw UsageError("--rule " + id + ": severity must be off, warning or error, got `" + level + "`");
    }
    if (const auto why = diag::refused_setting(*rule, *severity)) {
      throw UsageError("--rule " + setting + ": " + *why);
    }
    result[*rule] = *severity;
  }
  return result;
}

// An explicit --color always wins over NO_COLOR, which only turns auto off
// (https://no-color.org: user-level configuration and command-line
// arguments override it).
bool use_color(const CommonOptions& options) {
  if (options.no_color || options.color == "never") return false;
  if (options.color == "always") return true;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

void require_at_least(std::int64_t value, std::int64_t least, const std::string& option) {
  if (value < least) {
    throw UsageError(option + " must be at least " + std::to_string(least) + ", got " + std::to_string(value));
  }
}

// The numeric options' ranges, checked here rather than by CLI11, whose
// message for a range ending at the largest double is 300 digits long.
void check_limits(const CommonOptions& options) {
  require_at_least(options.max_diagnostics, 1, "--max-diagnostics");
  // JSON and SARIF keep every occurrence, and have their counts by rule in
  // their summary: a table in them would break their readers.
  if (options.statistics && options.format != "text") {
    throw UsageError("--statistics prints a text table: it goes with --format text only");
  }
  if (options.max_warnings) require_at_least(*options.max_warnings, 0, "--max-warnings");
}

// --stdin-filename names what standard input is; without the path - nothing
// is read from standard input, and ignoring the option would hide the mistake.
void check_stdin_filename(const std::vector<std::string>& paths, const CommonOptions& options) {
  if (options.stdin_filename.empty()) return;
  if (std::find(paths.begin(), paths.end(), "-") == paths.end()) {
    throw UsageError("--stdin-filename goes with the path `-`");
  }
}

// --memory-limit SIZE: bytes, or a number with K, M or G (KiB, MiB, GiB;
// "KiB", "MB" and the like are read the same), at least what the duplicate
// finder can work in.
std::size_t memory_limit_bytes(const std::string& text) {
  const auto bad = [&] {
    return UsageError("--memory-limit takes a size such as 64M, 512K or 1G (at least 4K), got `" + text + "`");
  };
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 12) throw bad();
  std::uint64_t value = std::stoull(text.substr(0, digits));
  std::string unit = text.substr(digits);
  std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return std::toupper(c); });
  unsigned shift = 0;
  if (unit.empty() || unit == "B") {
    shift = 0;
  } else if (unit == "K" || unit == "KB" || unit == "KIB") {
    shift = 10;
  } else if (unit == "M" || unit == "MB" || unit == "MIB") {
    shift = 20;
  } else if (unit == "G" || unit == "GB" || unit == "GIB") {
    shift = 30;
  } else {
    throw bad();
  }
  if (value > (std::numeric_limits<std::size_t>::max() >> shift)) throw bad();
  value <<= shift;
  if (value < check::SpillOptions::min_memory_budget) throw bad();
  return static_cast<std::size_t>(value);
}

// A --schema-dir that names no folder is a usage error: ignoring it would
// check against the built-in schemas while the user thinks theirs are used.
void require_schema_dir(const std::string& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  const auto status = fs::status(dir, ec);
  if (!fs::exists(status)) throw UsageError("--schema-dir " + dir + ": no such directory");
  if (!fs::is_directory(status)) throw UsageError("--schema-dir " + dir + ": not a directory");
}

// `path` as one shell word, for a command line the user can paste.
std::string shell_quoted(const std::string& path) {
  const bool plain = !path.empty() && std::all_of(path.begin(), path.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '/' || c == '.' || c == '_' || c == '-' || c == '+' || c == ',' || c == ':';
  });
  if (plain) return path;
  std::string quoted = "'";
  for (const char c : path) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// Standard input enters a check as a document of the overlay, at the path
// it stands for: the path `-` is replaced by that name, and the bytes are
// read once. With `spill` (check), past its memory budget they are copied on
// to a temporary file rather than held in memory: a check reads its files
// front to back in bounded memory, and re-reads them at random (excerpts,
// duplicate keys) from there. validate holds a document whole anyway.
std::vector<std::string> paths_with_stdin(const std::vector<std::string>& paths, const CommonOptions& common,
                                          check::Overlay& overlay, const check::SpillOptions* spill = nullptr) {
  std::vector<std::string> out;
  const std::string shown = common.stdin_filename.empty() ? "<stdin>" : common.stdin_filename;
  bool read = false;
  for (const auto& path : paths) {
    if (path != "-") {
      out.push_back(path);
      continue;
    }
    if (!read && spill != nullptr) {
      const std::string folder = spill->temp_folder.empty() ? source::default_temp_folder() : spill->temp_folder;
      // A sixteenth of the budget: a buffer from an editor stays in memory, a
      // stream does not peak at the budget's size before it is spilled.
      overlay.add(shown, source::read_standard_input(spill->memory_budget / 16, folder));
    } else if (!read) {
      overlay.add(shown, source::read_standard_input());
    }
    read = true;
    out.push_back(shown);
  }
  return out;
}

// Why a run without errors fails: --strict or --max-warnings, said in the
// summary so that exit status 1 with "0 errors" is never a puzzle.
std::string failed_by(const diag::Tally& tally, const CommonOptions& options) {
  if (tally.errors() > 0 || tally.warnings() == 0) return "";
  if (options.strict) return "--strict fails the run on warnings";
  if (options.max_warnings && tally.warnings() > static_cast<std::size_t>(*options.max_warnings)) {
    return fmt::format("more warnings than --max-warnings {}", *options.max_warnings);
  }
  return "";
}

int exit_status(const diag::Tally& tally, const CommonOptions& options) {
  if (tally.errors() > 0) return exit_problems;
  return failed_by(tally, options).empty() ? exit_ok : exit_problems;
}

// The engine's diagnostics through the tally (counts, --quiet, the limit) to
// the renderer. The output is begun at the first diagnostic shown: a run
// that stops (exit 2) before any, an unreadable file say, leaves stdout
// empty, even in JSON.
class RenderingReporter final : public check::Reporter {
 public:
  RenderingReporter(output::Renderer& renderer, diag::Tally& tally) : renderer_(renderer), tally_(tally) {}

  void report(diag::Diagnostic d) override {
    // Counted shown or not: --fix repairs what --quiet or the limit hides.
    if (d.fix) ++(d.fix->applicability == diag::Applicability::safe ? fixable_ : unsafe_fixable_);
    switch (tally_.take(d)) {
      case diag::Tally::Fate::shown:
        begin();
        renderer_.diagnostic(d);
        break;
      case diag::Tally::Fate::folded:
        renderer_.folded(d);
        break;
      case diag::Tally::Fate::hidden:
      case diag::Tally::Fate::cut: break;
    }
  }

  void begin() {
    if (!begun_) renderer_.begin();
    begun_ = true;
  }

  std::size_t fixable() const { return fixable_; }
  std::size_t unsafe_fixable() const { return unsafe_fixable_; }

 private:
  output::Renderer& renderer_;
  diag::Tally& tally_;
  bool begun_ = false;
  std::size_t fixable_ = 0;
  std::size_t unsafe_fixable_ = 0;
};

// Runs `each(reporter)`, which returns what it checked (check::CheckSummary:
// files and bundles), and renders what it reported; returns the exit status.
// `fixed`: the fixes --fix applied before this check, for the summary.
// GitHub's step summary file (GITHUB_STEP_SUMMARY), when --format github
// runs in a workflow step; "" otherwise.
std::string step_summary_path(const CommonOptions& common) {
  if (common.format != "github") return "";
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  return path != nullptr ? path : "";
}

// Appends `markdown` to the step summary file. A report that does not reach
// its reader fails the run (exit 2), as for the output itself: a job whose
// summary is missing must not pass for one that found nothing.
void append_step_summary(const std::string& path, const std::string& markdown) {
  if (path.empty() || markdown.empty()) return;
  std::ofstream file(path, std::ios::app | std::ios::binary);
  if (file) file << markdown;
  if (file) file.close();
  if (!file) {
    const int error = errno;
    throw UsageError("cannot write the step summary to " + path + " (GITHUB_STEP_SUMMARY): " +
                     (error != 0 ? std::strerror(error) : "the stream failed"));
  }
}

// `step_summary`: where to leave the step summary's Markdown (--fix keeps
// only its last pass's); nullptr appends it to the file at once.
template <typename Each>
int run_and_render(const CommonOptions& common, std::ostream& out, Each each,
                   std::optional<std::size_t> fixed = std::nullopt, bool unsafe_fixes = false,
                   std::string* step_summary = nullptr) {
  output::RenderOptions render;
  render.color = use_color(common);
  render.tool_version = CKIMPORT_VERSION;
  std::error_code ec;
  render.base_dir = fs::current_path(ec).string();
  render.rules = diag::all_rules();
  render.statistics_only = common.statistics;
  const std::string summary_path = step_summary_path(common);
  std::ostringstream markdown;
  if (!summary_path.empty()) render.step_summary = &markdown;
  const auto format = output::parse_format(common.format).value_or(output::Format::text);
  auto renderer = output::make_renderer(format, out, render);
  // Text is read by people: a flood of one mistake shows 3 of it and says
  // how many more. The other formats are read by programs, which need each
  // place.
  constexpr std::size_t shown_per_kind = 3;
  diag::Tally tally({static_cast<std::size_t>(common.max_diagnostics), common.quiet,
                     format == output::Format::text && !common.show_all ? shown_per_kind : 0});
  RenderingReporter reporter(*renderer, tally);
  const check::CheckSummary checked = each(reporter);
  reporter.begin();
  output::RunSummary summary;
  summary.files_checked = checked.files_checked;
  summary.bundles = checked.bundles;
  summary.errors = tally.errors();
  summary.warnings = tally.warnings();
  summary.notes = tally.notes();
  summary.not_shown = tally.not_shown() + tally.hidden();
  summary.hidden = tally.hidden();
  summary.hidden_notes = tally.hidden_notes();
  summary.failed_by = failed_by(tally, common);
  summary.fixable = reporter.fixable();
  summary.unsafe_fixable = reporter.unsafe_fixable();
  summary.fixed = fixed;
  summary.unsafe_fixes_applied = unsafe_fixes;
  summary.rules = tally.by_rule();
  summary.folded = tally.folded();
  renderer->end(summary);
  out.flush();
  if (step_summary != nullptr) {
    *step_summary = markdown.str();
  } else {
    append_step_summary(summary_path, markdown.str());
  }
  return exit_status(tally, common);
}

// --diff: what --fix would change, as a unified diff on `out`; writes
// nothing. One pass: a fix that only the next pass would find (a second
// trailing comma in one item) is not in the diff.
int run_diff(check::Engine& engine, const check::CheckRequest& request, fix::Applicability allowed,
             std::ostream& out, std::ostream& err) {
  check::NullReporter drop;
  check::FixCollector collector(drop, allowed);
  engine.check(request, collector);
  const auto planned = check::plan_fixes(collector.found(), request.overlay, allowed);
  std::size_t fixes = 0;
  for (const auto& file : planned) {
    fixes += file.fixes;
    fix::OstreamSink sink(out);
    if (const std::string* document = request.overlay.find(file.path)) {
      out << fix::unified_diff(*document, file.edits, file.path);
    } else {
      const auto input = request.overlay.open(file.path);
      fix::write_unified_diff(*input, file.edits, file.path, sink);
    }
  }
  out.flush();
  if (!planned.empty()) {
    err << "ckimport: would fix " << fixes << (fixes == 1 ? " problem" : " problems") << " in " << planned.size()
        << (planned.size() == 1 ? " file" : " files") << '\n';
  }
  return planned.empty() ? exit_ok : exit_problems;
}

// --fix: passes of check-then-fix until one fixes nothing (at most
// fix::max_fix_passes), then the diagnostics that remain. Each pass renders
// into memory (its output is kept only if it is the last), so the common
// case costs two checks and one copy of each fixed file. A document read
// from standard input is fixed in memory and written to `out`; the
// diagnostics then go to `err`.
int run_fix(check::Engine& engine, check::CheckRequest& request, const CommonOptions& common,
            fix::Applicability allowed, std::ostream& out, std::ostream& err) {
  const bool to_stdout = !request.overlay.empty();
  std::size_t fixed = 0;
  std::string step_summary;
  for (int pass = 1;; ++pass) {
    const auto identities = check::identify_files(request);
    std::ostringstream rendered;
    check::FoundFixes found;
    const int status = run_and_render(
        common, rendered,
        [&](check::Reporter& reporter) {
          check::FixCollector collector(reporter, allowed);
          const auto checked = engine.check(request, collector);
          found = std::move(collector.found());
          return checked;
        },
        fixed, allowed == fix::Applicability::unsafe, &step_summary);
    const std::size_t applied =
        pass > fix::max_fix_passes ? 0 : check::apply_fixes(found, identities, request.overlay, allowed);
    if (applied == 0) {
      append_step_summary(step_summary_path(common), step_summary);
      for (const auto& path : request.overlay.paths()) out << *request.overlay.find(path);
      (to_stdout ? err : out) << rendered.str();
      out.flush();
      return status;
    }
    fixed += applied;
  }
}

int run_check(const CheckOptions& check, const CommonOptions& common, std::ostream& out, std::ostream& err) {
  check_limits(common);
  check_stdin_filename(check.paths, common);
  require_at_least(check.max_item_size, 1, "--max-item-size");
  require_schema_dir(check.schema_dir);
  if (std::find(check.paths.begin(), check.paths.end(), "-") != check.paths.end() &&
      common.stdin_filename.empty() && check.type.empty()) {
    throw UsageError("reading standard input (-) needs --stdin-filename PATH or --type");
  }
  check::CheckRequest request;
  request.rules = rule_settings(common);
  if (!check.type.empty()) {
    request.kind = model::parse_resource_kind(check.type);
    if (!request.kind) {
      throw UsageError("--type must be users, channels, members or messages, got `" + check.type + "`");
    }
  }

  check::EngineOptions options;
  if (!check.schema_dir.empty()) options.schema_dir = check.schema_dir;
  options.max_item_size = static_cast<std::size_t>(check.max_item_size);
  options.jobs = check.jobs;
  if (!check.memory_limit.empty()) options.spill.memory_budget = memory_limit_bytes(check.memory_limit);
  TerminalProgress progress(std::cerr);
  if (common.format == "text" && ::isatty(STDERR_FILENO) == 1) {
    options.progress = [&progress](const std::string& path, std::uint64_t done, std::optional<std::uint64_t> total) {
      progress(path, done, total);
    };
  }
  check::Engine engine(options);
  // --fix and --diff rewrite standard input's bytes: they read it whole. A
  // check alone streams it through a bounded spill.
  const bool rewrites = check.fix || check.diff;
  request.paths = paths_with_stdin(check.paths, common, request.overlay, rewrites ? nullptr : &options.spill);
  if (check.unsafe_fixes && !rewrites) throw UsageError("--unsafe-fixes goes with --fix or --diff");
  const auto allowed = check.unsafe_fixes ? fix::Applicability::unsafe : fix::Applicability::safe;
  if (check.diff) return run_diff(engine, request, allowed, out, err);
  if (check.fix) return run_fix(engine, request, common, allowed, out, err);
  return run_and_render(common, out, [&](check::Reporter& reporter) {
    return engine.check(request, reporter);
  });
}

int run_validate(const ValidateOptions& validate, const CommonOptions& common, std::ostream& out) {
  check_limits(common);
  check_stdin_filename(validate.paths, common);
  const auto rules = rule_settings(common);
  const auto schema = check::Engine::compile_schema(validate.schema);
  check::Overlay overlay;
  const auto paths = paths_with_stdin(validate.paths, common, overlay);
  check::Engine engine;
  return run_and_render(common, out, [&](check::Reporter& reporter) {
    return check::CheckSummary{engine.validate(*schema, paths, overlay, rules, reporter), 0};
  });
}

// The schema names users can ask for (the file names of schemas/ without
// ".schema.json"), "a, b, c or d" (`last` the last separator), for help and
// messages: from the embedded set, so a schema added to schemas/ is listed
// without a word changed here.
std::string schema_names(std::string_view last) {
  const auto names = schema::embedded_schemas_names();
  std::string joined;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) joined += i + 1 == names.size() ? last : std::string_view(", ");
    joined += names[i];
  }
  return joined;
}

int run_schema(const std::string& name, const std::string& schema_dir, std::ostream& out) {
  require_schema_dir(schema_dir);
  const auto text = schema::schema_text(name + ".schema.json", schema_dir.empty() ? std::nullopt : std::optional(schema_dir));
  if (!text) {
    const std::string hint = did_you_mean(name, schema::embedded_schemas_names());
    throw UsageError("no schema named `" + output::detail::sanitize(name) + "`" + hint + (hint.empty() ? "; the" : " The") +
                     " schemas are " + schema_names(" and "));
  }
  out << *text;
  if (!text->ends_with('\n')) out << '\n';
  return exit_ok;
}

int run_rules(std::ostream& out) {
  std::size_t width = 0;
  for (const auto& rule : diag::all_rules()) width = std::max(width, rule.id.size());
  // The fixable column: which kinds of fix the rule's diagnostics can carry.
  const auto fixable = [](diag::RuleId id) -> std::string_view {
    const diag::RuleFixes fixes = diag::rule_fixes(id);
    if (!fixes.safe.empty() && !fixes.unsafe.empty()) return "safe+unsafe";
    if (!fixes.safe.empty()) return "safe";
    if (!fixes.unsafe.empty()) return "unsafe";
    return "-";
  };
  for (const auto& rule : diag::all_rules()) {
    const std::string_view fix = fixable(rule.rule);
    out << rule.id << std::string(width - rule.id.size() + 2, ' ')
        << diag::to_string(rule.default_severity)
        << std::string(9 - std::string_view(diag::to_string(rule.default_severity)).size(), ' ') << fix
        << std::string(13 - fix.size(), ' ') << rule.summary << '\n';
  }
  return exit_ok;
}

int run_explain(const std::string& id, std::ostream& out) {
  const auto found = diag::find_rule(id);
  if (!found) throw UsageError(no_rule_named(id));
  const auto* rule = &diag::rule_info(*found);
  out << rule->id << " (" << diag::to_string(rule->default_severity) << "): " << rule->summary
      << "\n\n"
      << rule->explanation << "\n\nBad:\n  " << text::escape_invisible(rule->bad_example) << "\n\nGood:\n  "
      << text::escape_invisible(rule->good_example) << '\n';
  const diag::RuleFixes fixes = diag::rule_fixes(rule->rule);
  if (!fixes.safe.empty() || !fixes.unsafe.empty()) {
    out << "\nFixes:\n";
    if (!fixes.safe.empty()) out << "  safe (check --fix): " << fixes.safe << '\n';
    if (!fixes.unsafe.empty()) out << "  unsafe (check --fix --unsafe-fixes): " << fixes.unsafe << '\n';
  } else {
    out << "\nFixes: none; the repair needs a decision only the user can make\n";
  }
  return exit_ok;
}

// Flushes `out` and says, in one line, why the product could not be written.
// A report that did not reach its reader is a failed run (exit 2), whatever
// the check found: an empty SARIF file must not pass as a clean CI job.
int finish_output(std::ostream& out, std::ostream& err, int status) {
  out.flush();
  if (out) return status;
  const auto* fd_buffer = dynamic_cast<const FdBuffer*>(out.rdbuf());
  const std::string reason =
      fd_buffer != nullptr && fd_buffer->error() != 0 ? std::strerror(fd_buffer->error()) : "the stream failed";
  err << "ckimport: cannot write the output: " << reason << '\n';
  return exit_usage;
}

// Runs `verb(out)` with the product going to --output's file when one is
// named: written beside it and renamed over it only when the run did not
// fail (exit 0 or 1).
template <typename Verb>
int with_output(const CommonOptions& common, std::ostream& out, std::ostream& err, Verb verb) {
  if (common.output_path.empty()) return verb(out);
  std::optional<CommandOutput> file;
  try {
    file.emplace(common.output_path);
  } catch (const source::TempFileError& e) {
    err << "ckimport: cannot write the output: " << output::detail::sanitize(e.what()) << '\n';
    return exit_usage;
  }
  const int status = verb(file->stream());
  if (const auto why = file->finish(status != exit_usage)) {
    err << "ckimport: cannot write the output: " << output::detail::sanitize(*why) << '\n';
    return exit_usage;
  }
  return status;
}

int run_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"ckimport: check ChatKitty bulk-import files before you upload them", "ckimport"};
  app.set_version_flag("--version", std::string("ckimport ") + CKIMPORT_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 no errors (warnings alone pass), 1 errors found (or warnings with\n"
      "--strict / over --max-warnings), 2 the run failed: bad usage, unreadable input.\n"
      "`ckimport rules` lists the rules; `ckimport explain RULE` explains one.");

  CommonOptions common;
  CheckOptions check;
  auto* check_command = app.add_subcommand(
      "check", "Check import files, or bundle folders, against the import format");
  check_command->footer(
      "A folder is a bundle: users*.json, channels*.json, messages*.json,\n"
      "members/<channelId>.json, and existing/channels*.json and existing/users*.json for\n"
      "what is already on the platform; ckimport.json at its root overrides that. A folder\n"
      "with no import files of its own but bundle folders below it is each of those bundles,\n"
      "checked on its own. A file is checked with the rest of its bundle as context; only its\n"
      "own problems are reported.");
  check_command->add_option("paths", check.paths,
                            "Files or bundle folders; - reads standard input")
      ->required();
  check_command->add_option("--type,-t", check.type,
                            "Treat every named file (or standard input) as this kind: users, channels, members or messages; not for a folder");
  check_command->add_option("--schema-dir", check.schema_dir,
                            "Read schemas from this folder instead of the built-in ones")
      ->type_name("DIR");
  check_command->add_option("--max-item-size", check.max_item_size,
                            "Largest array element read, in bytes (at least 1, default 64 MiB); a larger one "
                            "stops the file's check")
      ->type_name("BYTES");
  check_command->add_option("--memory-limit", check.memory_limit,
                            "Memory for what grows with the input (default 32M, at least 4K): past it, the "
                            "index of a file's idempotency keys goes to temporary files in TMPDIR, removed at "
                            "exit; standard input over a sixteenth of it is copied to one")
      ->type_name("SIZE");
  check_command->add_option("--jobs,-j", check.jobs,
                            "Threads that check a large file's items (default: one per core); "
                            "output is the same for any number")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            const bool digits = !text.empty() && text.size() <= 3 &&
                                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (digits && std::stoi(text) >= 1 && std::stoi(text) <= 256) return "";
            return "must be a number of threads from 1 to 256, got `" + text + "`";
          },
          ""))
      ->type_name("N");
  check_command->add_flag("--fix", check.fix,
                          "Apply the safe fixes in place (each file replaced atomically), then report what "
                          "remains; with -, write the fixed document to standard output and the report to "
                          "standard error");
  check_command->add_flag("--unsafe-fixes", check.unsafe_fixes,
                          "With --fix or --diff, also apply the unsafe fixes (did-you-mean renames, "
                          "unquoting, removals)");
  check_command->add_flag("--diff", check.diff,
                          "Print a unified diff of what --fix would change and write nothing; exit 1 if "
                          "it would change something");
  add_common_options(*check_command, common);

  ValidateOptions validate;
  auto* validate_command = app.add_subcommand(
      "validate", "Validate whole JSON documents against any JSON Schema (draft 7)");
  validate_command->add_option("--schema,-s", validate.schema, "The schema file")->required();
  validate_command->add_option("paths", validate.paths, "JSON files; - reads standard input")
      ->required();
  add_common_options(*validate_command, common);

  std::string schema_name;
  std::string schema_dir;
  auto* schema_command = app.add_subcommand("schema", "Print a built-in schema");
  schema_command->add_option("name", schema_name, "The schema: " + schema_names(" or "))
      ->required();
  schema_command->add_option("--schema-dir", schema_dir, "Read schemas from this folder");

  auto* rules_command = app.add_subcommand("rules", "List every rule with its default severity");
  std::string rule_id;
  auto* explain_command = app.add_subcommand("explain", "Explain a rule, with a bad and a good example");
  explain_command->add_option("rule", rule_id, "A rule id, as `ckimport rules` lists them")->required();

  // `ckimport lsp`: a language server for editors (src/lsp/server.hpp).
  auto* lsp_command = app.add_subcommand("lsp", "Run a language server for editors (LSP over stdin and stdout)");
  lsp_command->footer(
      "Editors start it (see the Language server section of README).\n"
      "Exit status: 0 after the client's shutdown request, 1 when `exit` or the end of the input comes without it.");

  add_generate_option(app, out);  // hidden: --generate man|complete-bash|complete-zsh|complete-fish
  // A misspelt verb (`ckimport chek`) would otherwise read "A subcommand
  // is required": say which verb was meant.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string_view> verbs;
    for (const auto* command : app.get_subcommands(nullptr)) verbs.push_back(command->get_name());
    const std::string_view word = argv[1];
    if (std::find(verbs.begin(), verbs.end(), word) == verbs.end()) {
      const std::string hint = did_you_mean(word, verbs);
      err << "ckimport: no command `" << output::detail::sanitize(std::string(word)) << "`"
          << (hint.empty() ? std::string("; the commands are check, validate, schema, rules, explain and lsp") : hint)
          << " (see ckimport --help)\n";
      return exit_usage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, out, err);
  } catch (const CLI::Success&) {
    return exit_ok;  // --generate wrote what it names
  } catch (const CLI::ParseError& e) {
    // One line, as every other reason for exit status 2.
    err << "ckimport: " << e.what() << " (see ckimport --help)\n";
    return exit_usage;
  }

  try {
    if (*check_command) {
      return with_output(common, out, err, [&](std::ostream& to) { return run_check(check, common, to, err); });
    }
    if (*validate_command) {
      return with_output(common, out, err, [&](std::ostream& to) { return run_validate(validate, common, to); });
    }
    if (*schema_command) return run_schema(schema_name, schema_dir, out);
    if (*rules_command) return run_rules(out);
    if (*explain_command) return run_explain(rule_id, out);
    if (*lsp_command) return lsp::run_server(std::cin, out, err, lsp::ServerOptions(CKIMPORT_VERSION));
  } catch (const UsageError& e) {
    err << "ckimport: " << output::detail::sanitize(e.what()) << '\n';
    return exit_usage;
  } catch (const source::NotRegularFile& e) {
    // A stream is checked from standard input, where reading it to its end
    // is what the user asked for.
    const std::string how = *validate_command
                                ? "ckimport validate --schema " + shell_quoted(validate.schema) + " -"
                                : "ckimport check --stdin-filename NAME -";
    err << "ckimport: "
        << output::detail::sanitize(std::string(e.what()) +
                                    "; to check a stream, pipe it to standard input: " + how + " < " +
                                    shell_quoted(e.path()))
        << '\n';
    return exit_usage;
  } catch (const fix::FixError& e) {
    err << "ckimport: " << output::detail::sanitize(e.what()) << '\n';
    return exit_usage;
  } catch (const check::RequestError& e) {
    err << "ckimport: " << output::detail::sanitize(e.what()) << '\n';
    return exit_usage;
  } catch (const source::InputError& e) {
    err << "ckimport: " << output::detail::sanitize(e.what()) << '\n';
    return exit_usage;
  } catch (const schema::SchemaError& e) {
    err << "ckimport: " << output::detail::sanitize(e.what()) << '\n';
    return exit_usage;
  } catch (const source::TempFileError& e) {
    // A check's spill (the one beside --output's file is with_output's):
    // a full or missing temporary folder. The check cannot be finished, and
    // an answer without what was spilled would be a wrong one.
    err << "ckimport: " << output::detail::sanitize(e.what()) << '\n';
    return exit_usage;
  }
  return exit_usage;
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  return finish_output(out, err, run_command(argc, argv, out, err));
}

}  // namespace ckimport::cli
