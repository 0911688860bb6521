// The default, human format, in the shape editors already parse (vim's
// errorformat, Emacs compile-mode, VS Code's $gcc matcher):
//
//   users.json:3:5: error: `display_name` is not a field of a user [unknown-field]
//       3 |     "display_name": "Jane",
//         |     ^~~~~~~~~~~~~~
//         = note: first defined at users.json:12:13
//         = help: rename the key to `displayName`
//
// Each kind of problem (file, rule, message template) is shown at most so
// many times (the CLI's tally folds the rest, unless --show-all), then one
// line says how many more there are:
//
//   … and 1,997 more like this in users.json [unknown-field]
//
// The summary ends with the table of counts by rule; --statistics prints
// only that table.
//
// Every byte that came from user data goes through detail::sanitize (see
// terminal_text.hpp), so the output is safe to print on a terminal. Columns in
// the first line are the model's (code points); caret positions are terminal
// cells, computed from what is actually printed, escapes included.
#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "output/renderer.hpp"
#include "output/terminal_text.hpp"
#include "source/position.hpp"

namespace ckimport::output::detail {

namespace {

namespace sgr {
constexpr std::string_view reset = "\x1b[0m";
constexpr std::string_view bold = "\x1b[1m";
constexpr std::string_view error = "\x1b[1;31m";    // bold red
constexpr std::string_view warning = "\x1b[1;33m";  // bold yellow
constexpr std::string_view note = "\x1b[1;36m";     // bold cyan
constexpr std::string_view gutter = "\x1b[34m";     // blue
}  // namespace sgr

constexpr std::string_view ellipsis = "\u2026";

std::string_view severity_style(diag::Severity severity) {
  switch (severity) {
    case diag::Severity::error:
      return sgr::error;
    case diag::Severity::warning:
      return sgr::warning;
    case diag::Severity::note:
      return sgr::note;
  }
  return sgr::error;
}

std::size_t digits(std::uint64_t n) {
  std::size_t count = 1;
  while (n >= 10) {
    n /= 10;
    ++count;
  }
  return count;
}

// The excerpt as printed, and where the carets go, in terminal cells.
struct ExcerptLayout {
  std::string text;              // sanitised, with the … markers
  std::size_t caret_column = 0;  // cells before the first caret
  std::size_t caret_cells = 1;   // '^' plus '~'s
};

ExcerptLayout layout_excerpt(const diag::Excerpt& excerpt, const Span& span) {
  std::string_view raw = excerpt.text;
  // A CRLF file's excerpt may keep its '\r'; it is the line break, not
  // content, unless the carets point at it (a raw CR in a string).
  if (!excerpt.cut_after && !raw.empty() && raw.back() == '\r' && excerpt.caret_begin + 1 < raw.size()) {
    raw.remove_suffix(1);
  }

  const std::size_t begin = std::min(excerpt.caret_begin, raw.size());
  std::size_t end = std::clamp(excerpt.caret_end, begin, raw.size());

  // Does the token go on past what the excerpt shows (onto later lines, or
  // into the cut-off rest of the line)? Then the carets run to the end of
  // the text, and under the trailing … too.
  std::uint64_t columns_shown_from_caret = 0;
  for (const char c : raw.substr(begin)) {
    if (!source::utf8::is_continuation(static_cast<unsigned char>(c))) ++columns_shown_from_caret;
  }
  const bool goes_on =
      span.end_line > span.line || (excerpt.cut_after && span.end_column > span.column + columns_shown_from_caret);
  if (goes_on) end = raw.size();

  ExcerptLayout layout;
  std::size_t before = 0;
  std::size_t inside = 0;
  if (excerpt.cut_before) {
    layout.text += ellipsis;
    before = 1;
  }
  for (const ShownUnit& unit : shown_units(raw, Whitespace::tab_as_space)) {
    if (unit.byte_begin < begin) {
      before += unit.cells;
    } else if (unit.byte_begin < end) {
      inside += unit.cells;
    }
    layout.text += unit.text;
  }
  if (excerpt.cut_after) {
    layout.text += ellipsis;
    if (goes_on) ++inside;
  }
  layout.caret_column = before;
  layout.caret_cells = std::max<std::size_t>(inside, 1);
  return layout;
}

// A file's diagnostics are held until the next file's begin (or the end),
// so that "… and 1,997 more like this in users.json" can follow the last
// one shown of its kind: only what is shown is held, never a folded one.
class TextRenderer final : public Renderer {
 public:
  TextRenderer(std::ostream& out, const RenderOptions& options)
      : out_(out), color_(options.color), statistics_only_(options.statistics_only) {}

  void begin() override {}

  void diagnostic(const diag::Diagnostic& d) override {
    if (statistics_only_) return;
    if (d.location.file != file_) {
      write_file();
      file_ = d.location.file;
    }
    std::ostringstream entry;
    render(entry, d);
    entries_.push_back({entry.str(), {}});
    Kind& kind = kinds_[diag::kind_of(d)];
    kind.last_entry = entries_.size() - 1;
    kind.rule = d.rule;
    kind.file = d.location.file;
  }

  void folded(const diag::Diagnostic& d) override {
    if (statistics_only_) return;
    const std::string key = diag::kind_of(d);
    auto kind = kinds_.find(key);
    if (kind == kinds_.end() || d.location.file != file_) {
      // Its shown ones were written already (a file whose diagnostics came
      // in two flushes): the line goes after this file's next ones, or at
      // the end.
      Kind& late = late_[key];
      late.rule = d.rule;
      late.file = d.location.file;
      ++late.folded;
      return;
    }
    if (kind->second.folded++ == 0) entries_[kind->second.last_entry].folds.push_back(kind->first);
  }

  void end(const RunSummary& summary) override {
    if (statistics_only_) {
      const std::string table = rule_table_text(summary);
      out_ << (table.empty() ? summary_text(summary) + "\n" : table);
      return;
    }
    write_file();
    if (shown_ > 0) out_ << '\n';
    out_ << style(sgr::bold) << summary_text(summary) << style(sgr::reset) << '\n';
    if (const std::string fixes = fix_summary_text(summary); !fixes.empty()) out_ << fixes << '\n';
    if (const std::string table = rule_table_text(summary); !table.empty()) out_ << '\n' << table;
  }

 private:
  struct Entry {
    std::string text;
    std::vector<std::string> folds;  // kinds whose last shown diagnostic this is, and that folded more
  };
  struct Kind {
    std::size_t last_entry = 0;
    std::size_t folded = 0;
    diag::RuleId rule = diag::RuleId::syntax;
    std::string file;
  };

  void write_file() {
    for (const Entry& entry : entries_) {
      if (shown_++ > 0) out_ << '\n';
      out_ << entry.text;
      for (const auto& key : entry.folds) {
        out_ << '\n';
        write_fold(kinds_[key]);
      }
    }
    entries_.clear();
    kinds_.clear();
    for (const auto& [key, kind] : late_) {
      if (shown_++ > 0) out_ << '\n';
      write_fold(kind);
    }
    late_.clear();
  }

  void write_fold(const Kind& kind) {
    // Not in the `file:line:col:` shape: editors must not read it as a
    // diagnostic of its own.
    out_ << style(sgr::bold) << ellipsis << " and " << diag::with_thousands(kind.folded) << " more like this in "
         << sanitize(kind.file) << style(sgr::reset) << " [" << diag::rule_name(kind.rule) << "]\n";
  }

  void render(std::ostream& out, const diag::Diagnostic& d) const {
    // path:line:col: severity: message [rule]
    const Span span = clamped_span(d.location);
    out << style(sgr::bold) << sanitize(d.location.file) << ':' << span.line << ':' << span.column << ':'
        << style(sgr::reset) << ' ' << style(severity_style(d.severity)) << diag::to_string(d.severity) << ':'
        << style(sgr::reset) << ' ' << style(sgr::bold) << sanitize(d.message) << style(sgr::reset);
    // The line ends with the rule, always: editors' problem matchers and
    // errorformats read it there. A fix is said on its own `fix:` line.
    out << " [" << diag::rule_name(d.rule) << "]\n";

    const std::size_t width = std::max<std::size_t>(5, digits(span.line) + 1);
    const std::string blank(width, ' ');

    if (d.excerpt) {
      const ExcerptLayout layout = layout_excerpt(*d.excerpt, span);
      out << style(sgr::gutter) << fmt::format("{:>{}}", span.line, width) << " |" << style(sgr::reset);
      if (!layout.text.empty()) out << ' ' << layout.text;
      out << '\n';
      out << style(sgr::gutter) << blank << " |" << style(sgr::reset) << ' ' << std::string(layout.caret_column, ' ')
          << style(severity_style(d.severity)) << '^' << std::string(layout.caret_cells - 1, '~') << style(sgr::reset)
          << '\n';
    }

    for (const diag::Related& related : d.related) {
      out << blank << ' ' << style(sgr::gutter) << '=' << style(sgr::reset) << ' ' << style(sgr::bold)
          << "note:" << style(sgr::reset) << ' ';
      if (!related.message.empty()) out << sanitize(related.message) << ' ';
      const Span at = clamped_span(related.location);
      out << "at " << sanitize(related.location.file) << ':' << at.line << ':' << at.column << '\n';
    }
    if (d.help) {
      out << blank << ' ' << style(sgr::gutter) << '=' << style(sgr::reset) << ' ' << style(sgr::bold)
          << "help:" << style(sgr::reset) << ' ' << sanitize(*d.help) << '\n';
    }
    if (d.fix) {
      out << blank << ' ' << style(sgr::gutter) << '=' << style(sgr::reset) << ' ' << style(sgr::bold)
          << "fix:" << style(sgr::reset) << ' ' << sanitize(d.fix->message)
          << (d.fix->applicability == diag::Applicability::safe ? " (--fix)" : " (unsafe: --fix --unsafe-fixes)")
          << '\n';
    }
  }

  std::string_view style(std::string_view code) const { return color_ ? code : std::string_view{}; }

  std::ostream& out_;
  bool color_;
  bool statistics_only_;
  std::size_t shown_ = 0;
  std::string file_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, Kind> kinds_;  // by diag::kind_of(), this file's
  // Folded ones of a kind whose shown ones were written already.
  std::map<std::string, Kind> late_;
};

}  // namespace

std::unique_ptr<Renderer> make_text_renderer(std::ostream& out, const RenderOptions& options) {
  return std::make_unique<TextRenderer>(out, options);
}

}  // namespace ckimport::output::detail
