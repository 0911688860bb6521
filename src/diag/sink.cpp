#include "diag/sink.hpp"

namespace ckimport::diag {

std::optional<RuleSetting> parse_rule_setting(std::string_view word) {
  if (word == "off") return RuleSetting::off;
  if (word == "warning") return RuleSetting::warning;
  if (word == "error") return RuleSetting::error;
  return std::nullopt;
}

std::optional<std::string> refused_setting(RuleId rule, RuleSetting setting) {
  const RuleInfo& info = rule_info(rule);
  if (!info.always_error || setting == RuleSetting::error) return std::nullopt;
  return std::string(info.id) + " stays an error: the server rejects the whole file when it finds one";
}

namespace {

// Errors first, then warnings, then notes.
int strength(Severity severity) {
  switch (severity) {
    case Severity::error: return 3;
    case Severity::warning: return 2;
    case Severity::note: return 1;
  }
  return 0;
}

std::optional<Severity> severity_under(const RuleSettings& settings, RuleId rule, Severity found) {
  const auto setting = settings.find(rule);
  if (setting == settings.end()) return found;
  switch (setting->second) {
    case RuleSetting::off: return std::nullopt;
    case RuleSetting::warning: return Severity::warning;
    case RuleSetting::error: return Severity::error;
  }
  return found;
}

}  // namespace

std::optional<Outcome> outcome_under(const RuleSettings& settings, const Diagnostic& d) {
  std::optional<Outcome> best;
  if (const auto own = severity_under(settings, d.rule, d.severity)) best = Outcome{d.rule, *own};
  for (const RuleId other : d.merged) {
    const auto severity = severity_under(settings, other, rule_info(other).default_severity);
    if (severity && (!best || strength(*severity) > strength(best->severity))) best = Outcome{other, *severity};
  }
  return best;
}

}  // namespace ckimport::diag
