#include "diag/tally.hpp"

#include <algorithm>

namespace ckimport::diag {

std::string message_template(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '"') {
      if (const std::size_t close = message.find('"', i + 1); close != std::string_view::npos) {
        out += "\"…\"";
        i = close;
        continue;
      }
    }
    out += message[i];
  }
  return out;
}

std::string kind_of(const Diagnostic& d) {
  std::string kind = d.location.file;
  kind += '\0';
  kind += rule_name(d.rule);
  kind += '\0';
  kind += message_template(d.message);
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
