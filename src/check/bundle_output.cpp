#include "check/bundle_output.hpp"

#include <algorithm>
#include <utility>

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
  if (diag::rule_info(d.rule).once_per_file && merge_repeat(d)) return;
  if (d.severity == diag::Severity::error) ++errors_;
  pending_.push_back(std::move(d));
}

void BundleOutput::name_items(const std::string& file, std::string_view plural_noun) {
  item_nouns_[file] = std::string(plural_noun);
}

bool BundleOutput::merge_repeat(diag::Diagnostic& d) {
  std::string key = d.location.file;
  key += '\0';
  key += diag::rule_name(d.rule);
  key += '\0';
  key += d.message;
  const auto [found, first_time] = repeated_.try_emplace(std::move(key), pending_.size());
  if (first_time) return false;
  diag::Diagnostic& first = pending_[found->second];
  // Places come in file order but for the references within one item
  // (a channel's creator before its members): the earliest is the one shown.
  if (d.location.begin.offset < first.location.begin.offset) {
    std::swap(first.location, d.location);
    std::swap(first.excerpt, d.excerpt);
    std::swap(first.pointer, d.pointer);
  }
  ++first.occurrences;
  if (first.occurrences <= repeats_shown + 1) first.related.push_back({std::move(d.location), "also here"});
  return true;
}

void BundleOutput::flush(std::span<const std::string> file_order) {
  for (auto& d : pending_) {
    if (d.occurrences < 2) continue;
    const auto noun = item_nouns_.find(d.location.file);
    d.message += " (" + diag::with_thousands(d.occurrences) + " " +
                 (noun != item_nouns_.end() ? noun->second : std::string("references")) + ")";
  }
  repeated_.clear();
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
