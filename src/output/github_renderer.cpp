// --format github: GitHub Actions workflow commands, one line per diagnostic,
// which the runner turns into annotations on the run and the pull request:
//
//   ::error file=users.json,line=3,col=5,endLine=3,endColumn=19,title=unknown-field::message%0Ahelp: ...
//
// Escaping follows the runner's own unescaping (actions/runner,
// ActionCommand.cs): in the message `%` `\r` `\n` become %25 %0D %0A; in
// property values `:` and `,` become %3A %2C as well. Before that, user bytes
// go through the terminal sanitiser (keeping tab, CR and LF), because the log
// viewer interprets ANSI escapes too.
//
// col and endColumn are left out when the range spans lines: GitHub's
// annotations only take columns on a single line. endColumn is the model's
// exclusive end, as in SARIF.
//
// Summary: one plain log line ("ckimport: 2 errors, ... in 3 files"), not a
// workflow command, so it costs no annotation (GitHub keeps only 10 of each
// kind per step) yet someone reading the log sees the count. With a step
// summary file (GITHUB_STEP_SUMMARY), a Markdown report is appended to it:
// the counts, the table by rule, the first occurrence of each kind.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <ostream>
#include <string>
#include <unordered_set>
#include <vector>

#include "output/paths.hpp"
#include "output/renderer.hpp"
#include "output/terminal_text.hpp"

namespace ckimport::output::detail {

namespace {

std::string escape_data(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : sanitize(text, Whitespace::keep)) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out.push_back(c);
        break;
    }
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : escape_data(text)) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out.push_back(c);
        break;
    }
  }
  return out;
}

std::string_view command_for(diag::Severity severity) {
  switch (severity) {
    case diag::Severity::error:
      return "error";
    case diag::Severity::warning:
      return "warning";
    case diag::Severity::note:
      return "notice";
  }
  return "error";
}

// Text for the step summary's Markdown: one line, each mark that Markdown
// (GitHub's flavour) could read as syntax within a line escaped with a
// backslash, `<` `>` `&` as entities, so a username like `*x*` or
// `<img src=...>` stays text.
std::string escape_markdown(std::string_view text) {
  std::string out;
  for (const char c : sanitize(text, Whitespace::tab_as_space)) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n':
      case '\r': out += ' '; break;
      // Emphasis, code, links, tables, strikethrough, math ($) and
      // mentions (@); marks that count only at the start of a line (#, -, 1.)
      // never stand there: each line starts with "- " or "| ".
      case '\\': case '`': case '*': case '_': case '{': case '}': case '[': case ']': case '(': case ')':
      case '!': case '|': case '~': case '$': case '@':
        out += '\\';
        out += c;
        break;
      default: out += c; break;
    }
  }
  return out;
}

// GitHub shows 10 annotations of each type per step and drops the rest
// without a word. So at most 10 of each are written, the first of each
// kind of problem (file, rule, message template) before repeats, in the
// order found; then one notice (itself one of the 10) says how many were
// left out and where to read them. Only the ones that may be written are
// held, never the whole run.
class GithubRenderer final : public Renderer {
 public:
  static constexpr std::size_t per_type = 10;
  static constexpr std::size_t summary_firsts = 50;

  GithubRenderer(std::ostream& out, const RenderOptions& options)
      : out_(out), base_dir_(options.base_dir), step_summary_(options.step_summary) {}

  void begin() override {}

  void diagnostic(const diag::Diagnostic& d) override {
    Type& type = types_[static_cast<std::size_t>(d.severity)];
    ++type.given;
    const bool first_of_kind = kinds_.insert(diag::kind_of(d)).second;
    auto& held = first_of_kind ? type.firsts : type.repeats;
    if (held.size() < per_type) held.push_back({sequence_, command(d)});
    if (first_of_kind && firsts_.size() < summary_firsts) firsts_.push_back(first_line(d));
    ++sequence_;
  }

  void end(const RunSummary& summary) override {
    const bool leaves_out =
        std::any_of(types_.begin(), types_.end(), [](const Type& type) { return type.given > per_type; });
    const std::size_t notice = static_cast<std::size_t>(diag::Severity::note);
    std::vector<Held> written;
    for (std::size_t t = 0; t < types_.size(); ++t) {
      // The notice that says what was left out is one of the 10 notices.
      const std::size_t room = t == notice && leaves_out ? per_type - 1 : per_type;
      std::size_t taken = 0;
      for (const auto* held : {&types_[t].firsts, &types_[t].repeats}) {
        for (const Held& h : *held) {
          if (taken == room) break;
          written.push_back(h);
          ++taken;
        }
      }
    }
    std::sort(written.begin(), written.end(), [](const Held& a, const Held& b) { return a.sequence < b.sequence; });
    for (const Held& h : written) out_ << h.command << '\n';
    std::size_t given = 0;
    for (const Type& type : types_) given += type.given;
    // Those given but not written, and those never given (cut by
    // --max-diagnostics, hidden by --quiet): none of them is on the run.
    const std::size_t omitted = given - written.size() + summary.not_shown;
    if (omitted > 0) {
      out_ << "::notice title=ckimport::" << escape_data(fmt::format(
                  "{} more diagnostics are not annotated (GitHub shows {} annotations of each type per step); "
                  "{}run `ckimport check` locally for all of them",
                  diag::with_thousands(omitted), per_type,
                  step_summary_ != nullptr ? "the step summary has the counts by rule; " : ""))
           << '\n';
    }
    out_ << "ckimport: " << summary_text(summary) << '\n';
    if (step_summary_ != nullptr) write_step_summary(*step_summary_, summary, omitted);
  }

 private:
  struct Held {
    std::size_t sequence = 0;
    std::string command;
  };
  struct Type {
    std::size_t given = 0;
    std::vector<Held> firsts;   // the first of a kind, up to per_type
    std::vector<Held> repeats;  // the rest, up to per_type
  };

  std::string command(const diag::Diagnostic& d) const {
    std::string line;
    const Span span = clamped_span(d.location);
    const std::string file = path(d.location.file);
    // A path with a control byte or ill-formed UTF-8 (users-\x1b[31m.json)
    // cannot be written as it is without reaching the log raw, and written
    // sanitised it names a file that does not exist, so GitHub would pin the
    // annotation to nothing or to the wrong place. Such a diagnostic is an
    // annotation of the run, its place at the head of the message.
    const bool exact_path = sanitize(file, Whitespace::keep) == file;
    line += fmt::format("::{} ", command_for(d.severity));
    if (exact_path) {
      line += fmt::format("file={},line={}", escape_property(file), span.line);
      if (span.end_line == span.line) {
        line += fmt::format(",col={},endLine={},endColumn={}", span.column, span.end_line, span.end_column);
      } else {
        line += fmt::format(",endLine={}", span.end_line);
      }
      line += ',';
    }
    line += "title=" + escape_property(diag::rule_name(d.rule));

    // The message, then one line per related location and the help.
    std::string message = exact_path ? d.message : fmt::format("{}:{}:{}: {}", file, span.line, span.column, d.message);
    for (const diag::Related& related : d.related) {
      const Span at = clamped_span(related.location);
      message += "\nnote: ";
      if (!related.message.empty()) message += related.message + " ";
      message += fmt::format("at {}:{}:{}", path(related.location.file), at.line, at.column);
    }
    if (d.help) message += "\nhelp: " + *d.help;
    line += "::" + escape_data(message);
    return line;
  }

  std::string first_line(const diag::Diagnostic& d) const {
    const Span span = clamped_span(d.location);
    return fmt::format("- {}:{} **{}** {}: {}", escape_markdown(path(d.location.file)), span.line,
                       diag::to_string(d.severity), escape_markdown(diag::rule_name(d.rule)),
                       escape_markdown(d.message));
  }

  void write_step_summary(std::ostream& md, const RunSummary& summary, std::size_t omitted) const {
    md << "## ckimport\n\n" << escape_markdown(summary_text(summary)) << "\n\n";
    if (!summary.rules.empty()) {
      md << "| rule | count | files | fixable |\n| --- | ---: | ---: | ---: |\n";
      for (const auto& rule : summary.rules) {
        md << "| " << escape_markdown(diag::rule_name(rule.rule)) << " | " << diag::with_thousands(rule.count)
           << " | " << diag::with_thousands(rule.files) << " | " << diag::with_thousands(rule.fixable) << " |\n";
      }
      md << '\n';
    }
    if (!firsts_.empty()) {
      md << "### First occurrence of each kind of problem\n\n";
      for (const auto& line : firsts_) md << line << '\n';
      md << '\n';
    }
    if (omitted > 0) {
      md << escape_markdown(fmt::format("{} diagnostics are not annotated on the run; run ckimport check "
                                        "locally to see every one.",
                                        diag::with_thousands(omitted)))
         << "\n\n";
    }
    md.flush();
  }

  std::string path(const std::string& file) const { return path_relative_to_base(file, base_dir_); }

  std::ostream& out_;
  std::string base_dir_;
  std::ostream* step_summary_;
  std::array<Type, 3> types_{};  // by diag::Severity
  std::unordered_set<std::string> kinds_;  // diag::kind_of() of those given
  std::vector<std::string> firsts_;        // step summary lines, up to summary_firsts
  std::size_t sequence_ = 0;
};

}  // namespace

std::unique_ptr<Renderer> make_github_renderer(std::ostream& out, const RenderOptions& options) {
  return std::make_unique<GithubRenderer>(out, options);
}

}  // namespace ckimport::output::detail
