#include "output/renderer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace ckimport::output {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  if (name == "sarif") return Format::sarif;
  if (name == "github") return Format::github;
  return std::nullopt;
}

std::string_view to_string(Format format) {
  switch (format) {
    case Format::text:
      return "text";
    case Format::json:
      return "json";
    case Format::sarif:
      return "sarif";
    case Format::github:
      return "github";
  }
  return "text";
}

std::unique_ptr<Renderer> make_renderer(Format format, std::ostream& out, const RenderOptions& options) {
  switch (format) {
    case Format::text:
      return detail::make_text_renderer(out, options);
    case Format::json:
      return detail::make_json_renderer(out, options);
    case Format::sarif:
      return detail::make_sarif_renderer(out, options);
    case Format::github:
      return detail::make_github_renderer(out, options);
  }
  throw std::invalid_argument("make_renderer: unknown format");
}

namespace detail {

namespace {
std::string counted(std::size_t n, std::string_view singular) {
  return fmt::format("{} {}{}", n, singular, n == 1 ? "" : "s");
}
}  // namespace

std::string summary_text(const RunSummary& summary) {
  std::string text;
  if (summary.errors == 0 && summary.warnings == 0 && summary.notes == 0) {
    text = "no problems";
  } else {
    text = counted(summary.errors, "error") + ", " + counted(summary.warnings, "warning");
    if (summary.notes > 0) text += ", " + counted(summary.notes, "note");
  }
  text += " in " + counted(summary.files_checked, "file");
  if (summary.bundles > 1) text += " of " + counted(summary.bundles, "bundle");
  const std::size_t hidden = std::min(summary.hidden, summary.not_shown);
  const std::size_t cut = summary.cut();
  // What --quiet hid, by severity: it hides warnings and notes only.
  const std::size_t hidden_notes = std::min(summary.hidden_notes, hidden);
  std::string hid;
  if (hidden > hidden_notes) hid = counted(hidden - hidden_notes, "warning");
  if (hidden_notes > 0) hid += (hid.empty() ? "" : ", ") + counted(hidden_notes, "note");
  if (cut > 0 && hidden > 0) {
    text += fmt::format(" ({} more not shown; {} hidden by --quiet)", cut, hid);
  } else if (cut > 0) {
    text += fmt::format(" ({} more not shown)", cut);
  } else if (hidden > 0) {
    text += fmt::format(" ({} hidden by --quiet)", hid);
  }
  if (!summary.failed_by.empty()) text += "; exit status 1: " + summary.failed_by;
  return text;
}

std::string fix_summary_text(const RunSummary& summary) {
  std::string text;
  if (summary.fixed) text = fmt::format("fixed {}", counted(*summary.fixed, "problem"));
  const std::size_t unsafe = summary.unsafe_fixes_applied ? 0 : summary.unsafe_fixable;
  if (summary.fixable > 0) {
    if (!text.empty()) text += "; ";
    text += fmt::format("{} fixable with `--fix`", summary.fixable);
    if (unsafe > 0) text += fmt::format(" ({} more with `--fix --unsafe-fixes`)", unsafe);
  } else if (unsafe > 0) {
    if (!text.empty()) text += "; ";
    text += fmt::format("{} fixable with `--fix --unsafe-fixes`", unsafe);
  }
  return text;
}

std::string rule_table_text(const RunSummary& summary) {
  if (summary.rules.empty()) return "";
  std::size_t count_width = std::string_view("count").size();
  std::size_t rule_width = std::string_view("rule").size();
  for (const auto& rule : summary.rules) {
    count_width = std::max(count_width, diag::with_thousands(rule.count).size());
    rule_width = std::max(rule_width, diag::rule_name(rule.rule).size());
  }
  std::string text = fmt::format("{:>{}}  {:<{}}  {:>5}  {:>7}\n", "count", count_width, "rule", rule_width, "files",
                                 "fixable");
  for (const auto& rule : summary.rules) {
    std::string fixable = rule.fixable > 0 ? diag::with_thousands(rule.fixable) : "";
    if (rule.unsafe_fixable > 0 && !summary.unsafe_fixes_applied) {
      fixable += (fixable.empty() ? "" : " + ") + diag::with_thousands(rule.unsafe_fixable) + " unsafe";
    }
    text += fmt::format("{:>{}}  {:<{}}  {:>5}  {:>7}", diag::with_thousands(rule.count), count_width,
                        diag::rule_name(rule.rule), rule_width, diag::with_thousands(rule.files), fixable);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    text += '\n';
  }
  return text;
}

Span clamped_span(const diag::Location& location) {
  Span span;
  span.line = std::max<std::uint64_t>(location.begin.line.value, 1);
  span.column = std::max<std::uint64_t>(location.begin.column.value, 1);
  span.end_line = std::max<std::uint64_t>(location.end.line.value, 1);
  span.end_column = std::max<std::uint64_t>(location.end.column.value, 1);
  if (span.end_line < span.line || (span.end_line == span.line && span.end_column < span.column)) {
    span.end_line = span.line;
    span.end_column = span.column;
  }
  return span;
}

}  // namespace detail

}  // namespace ckimport::output
