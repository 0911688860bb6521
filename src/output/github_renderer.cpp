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
// kind per step) yet someone reading the log sees the count.
#include <fmt/format.h>

#include <ostream>
#include <string>

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

class GithubRenderer final : public Renderer {
 public:
  GithubRenderer(std::ostream& out, const RenderOptions& options) : out_(out), base_dir_(options.base_dir) {}

  void begin() override {}

  void diagnostic(const diag::Diagnostic& d) override {
    const Span span = clamped_span(d.location);
    const std::string file = path(d.location.file);
    // A path with a control byte or ill-formed UTF-8 (users-\x1b[31m.json)
    // cannot be written as it is without reaching the log raw, and written
    // sanitised it names a file that does not exist, so GitHub would pin the
    // annotation to nothing or to the wrong place. Such a diagnostic is an
    // annotation of the run, its place at the head of the message.
    const bool exact_path = sanitize(file, Whitespace::keep) == file;
    out_ << "::" << command_for(d.severity) << ' ';
    if (exact_path) {
      out_ << "file=" << escape_property(file) << ",line=" << span.line;
      if (span.end_line == span.line) {
        out_ << ",col=" << span.column << ",endLine=" << span.end_line << ",endColumn=" << span.end_column;
      } else {
        out_ << ",endLine=" << span.end_line;
      }
      out_ << ',';
    }
    out_ << "title=" << escape_property(diag::rule_name(d.rule));

    // The message, then one line per related location and the help.
    std::string message = exact_path ? d.message : fmt::format("{}:{}:{}: {}", file, span.line, span.column, d.message);
    for (const diag::Related& related : d.related) {
      const Span at = clamped_span(related.location);
      message += "\nnote: ";
      if (!related.message.empty()) message += related.message + " ";
      message += fmt::format("at {}:{}:{}", path(related.location.file), at.line, at.column);
    }
    if (d.help) message += "\nhelp: " + *d.help;
    out_ << "::" << escape_data(message) << '\n';
  }

  void end(const RunSummary& summary) override { out_ << "ckimport: " << summary_text(summary) << '\n'; }

 private:
  std::string path(const std::string& file) const { return path_relative_to_base(file, base_dir_); }

  std::ostream& out_;
  std::string base_dir_;
};

}  // namespace

std::unique_ptr<Renderer> make_github_renderer(std::ostream& out, const RenderOptions& options) {
  return std::make_unique<GithubRenderer>(out, options);
}

}  // namespace ckimport::output::detail
