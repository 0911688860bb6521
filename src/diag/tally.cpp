#include "diag/tally.hpp"

#include <algorithm>

#include "diag/rule_catalog.hpp"

namespace ckimport::diag {

std::string message_template(std::string_view message, bool names_are_data) {
  std::string out;
  out.reserve(message.size());
  for (std::size_t i = 0; i < message.size(); ++i) {
    const char c = message[i];
    if (c == '"' || (names_are_data && c == '`')) {
      if (const std::size_t close = message.find(c, i + 1); close != std::string_view::npos) {
        out += c;
        out += "…";
        out += c;
        i = close;
        continue;
      }
    }
    if (names_are_data && c >= '0' && c <= '9') {
      while (i + 1 < message.size() && message[i + 1] >= '0' && message[i + 1] <= '9') ++i;
      out += '#';
      continue;
    }
    out += c;
  }
  return out;
}

std::string kind_of(const Diagnostic& d) {
  std::string kind = d.location.file;
  kind += '\0';
  kind += rule_name(d.rule);
  kind += '\0';
  const RuleInfo& rule = rule_info(d.rule);
  // A once_per_file rule's diagnostics are one per missing name already:
  // each is its own root cause, and stays its own kind.
  kind += message_template(d.message, rule.group == RuleGroup::cross_file && !rule.once_per_file);
  return kind;
}

Tally::Fate Tally::take(const Diagnostic& d) {
  switch (d.severity) {
    case Severity::error: ++errors_; break;
    case Severity::warning: ++warnings_; break;
    case Severity::note: ++notes_; break;
  }
  PerRule& rule = rules_[index_of(d.rule)];
  ++rule.count;
  if (d.fix) ++(d.fix->applicability == Applicability::safe ? rule.fixable : rule.unsafe_fixable);
  rule.files.insert(d.location.file);
  // Counted, not shown: --quiet must not turn --strict into a pass.
  if (options_.errors_only && d.severity != Severity::error) {
    ++hidden_;
    if (d.severity == Severity::note) ++hidden_notes_;
    return Fate::hidden;
  }
  const auto [kind, first_of_kind] = shown_of_kind_.try_emplace(kind_of(d), 0);
  if (options_.per_kind > 0 && kind->second >= options_.per_kind) {
    ++folded_;
    return Fate::folded;
  }
  // Past the limit only the first of a kind: a flood of one mistake must
  // not hide the one diagnostic of another.
  if (shown_ >= options_.limit && !first_of_kind) {
    ++not_shown_;
    return Fate::cut;
  }
  ++kind->second;
  ++shown_;
  return Fate::shown;
}

std::vector<RuleCount> Tally::by_rule() const {
  std::vector<RuleCount> out;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const PerRule& rule = rules_[i];
    if (rule.count == 0) continue;
    out.push_back({all_rules()[i].rule, rule.count, rule.files.size(), rule.fixable, rule.unsafe_fixable});
  }
  std::stable_sort(out.begin(), out.end(), [](const RuleCount& a, const RuleCount& b) { return a.count > b.count; });
  return out;
}

}  // namespace ckimport::diag
