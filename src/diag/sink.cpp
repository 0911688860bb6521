#include "diag/sink.hpp"

#include <algorithm>

namespace ckimport::diag {

std::optional<RuleSetting> parse_rule_setting(std::string_view word) {
  if (word == "off") return RuleSetting::off;
  if (word == "warning") return RuleSetting::warning;
  if (word == "error") return RuleSetting::error;
  return std::nullopt;
}

RuleSettings Sink::set_rules(
    RuleSettings rules) {
  std::swap(rules, options_.rules);
  return rules;
}

bool Sink::rule_enabled(RuleId rule) const {
  const auto setting = options_.rules.find(rule);
  return setting == options_.rules.end() || setting->second != RuleSetting::off;
}

void Sink::add(Diagnostic d) {
  if (!report_only_.empty() &&
      std::find(report_only_.begin(), report_only_.end(), d.location.file) == report_only_.end()) {
    return;
  }
  if (const auto setting = options_.rules.find(d.rule); setting != options_.rules.end()) {
    switch (setting->second) {
      case RuleSetting::off: return;
      case RuleSetting::warning: d.severity = Severity::warning; break;
      case RuleSetting::error: d.severity = Severity::error; break;
    }
  }
  switch (d.severity) {
    case Severity::error: ++errors_; break;
    case Severity::warning: ++warnings_; break;
    case Severity::note: ++notes_; break;
  }
  // Counted, not kept: --quiet must not turn --strict into a pass.
  if (options_.errors_only && d.severity != Severity::error) {
    ++hidden_;
    return;
  }
  if (kept_ >= options_.limit) {
    ++not_shown_;
    return;
  }
  ++kept_;
  pending_.push_back(std::move(d));
}

std::vector<Diagnostic> Sink::take_sorted() {
  // Files keep the order they first appear in; within a file, source order.
  std::vector<std::string> files;  // copies: sorting moves the diagnostics
  const auto file_rank = [&](const Diagnostic& d) {
    const auto found = std::find(files.begin(), files.end(), d.location.file);
    return static_cast<std::size_t>(found - files.begin());
  };
  for (const auto& d : pending_) {
    if (std::find(files.begin(), files.end(), d.location.file) == files.end()) files.push_back(d.location.file);
  }
  std::stable_sort(pending_.begin(), pending_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const std::size_t ra = file_rank(a);
    const std::size_t rb = file_rank(b);
    if (ra != rb) return ra < rb;
    return a.location.begin.offset < b.location.begin.offset;
  });
  std::vector<Diagnostic> out;
  out.swap(pending_);
  return out;
}

}  // namespace ckimport::diag
