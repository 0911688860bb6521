#include "check/bundle_output.hpp"

#include <algorithm>

namespace ckimport::check {

bool BundleOutput::rule_enabled(diag::RuleId rule) const {
  const auto setting = rules_.find(rule);
  return setting == rules_.end() || setting->second != diag::RuleSetting::off;
}

void BundleOutput::add(diag::Diagnostic d) {
  if (!report_only_.empty() &&
      std::find(report_only_.begin(), report_only_.end(), d.location.file) == report_only_.end()) {
    return;
  }
  const auto outcome = diag::outcome_under(rules_, d);
  if (!outcome) return;  // every rule it stands for is off
  d.rule = outcome->rule;
  d.severity = outcome->severity;
  if (d.severity == diag::Severity::error) ++errors_;
  pending_.push_back(std::move(d));
}

void BundleOutput::flush(std::span<const std::string> file_order) {
  std::vector<std::string> files(file_order.begin(), file_order.end());  // copies: sorting moves the diagnostics
  for (const auto& d : pending_) {
    if (std::find(files.begin(), files.end(), d.location.file) == files.end()) files.push_back(d.location.file);
  }
  const auto file_rank = [&](const diag::Diagnostic& d) {
    return static_cast<std::size_t>(std::find(files.begin(), files.end(), d.location.file) - files.begin());
  };
  std::stable_sort(pending_.begin(), pending_.end(), [&](const diag::Diagnostic& a, const diag::Diagnostic& b) {
    const std::size_t ra = file_rank(a);
    const std::size_t rb = file_rank(b);
    if (ra != rb) return ra < rb;
    return a.location.begin.offset < b.location.begin.offset;
  });
  for (auto& d : pending_) reporter_.report(std::move(d));
  pending_.clear();
  reporter_.flush();
}

}  // namespace ckimport::check
