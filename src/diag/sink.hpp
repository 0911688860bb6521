#pragma once
// Where checks put what they find, and the settings that say what becomes of
// a rule's findings.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"

namespace ckimport::diag {

enum class RuleSetting { off, warning, error };

// Severity overrides by rule (--rule, ckimport.json's "rules").
using RuleSettings = std::map<RuleId, RuleSetting>;

// "off", "warning" or "error"; nullopt for any other word.
std::optional<RuleSetting> parse_rule_setting(std::string_view word);

// Why `setting` cannot be given to `rule`, or nullopt when it can: a rule
// that means the server rejects the whole file stays an error.
std::optional<std::string> refused_setting(RuleId rule, RuleSetting setting);

// A diagnostic's severity under `settings`, considering every rule it stands
// for (Diagnostic::merged): the strongest, and the rule that gives it; nullopt
// when every one of them is off.
struct Outcome {
  RuleId rule;
  Severity severity;
};
std::optional<Outcome> outcome_under(const RuleSettings& settings, const Diagnostic& d);

// Checks write diagnostics here, in any order; what the run does with them
// (overrides, ordering, output) is the sink's business.
class DiagnosticSink {
 public:
  virtual ~DiagnosticSink() = default;
  virtual void add(Diagnostic d) = 0;
  // Whether a rule runs at all: a rule turned off is not checked, which
  // also saves its work.
  virtual bool rule_enabled(RuleId) const { return true; }
};

// Keeps what it is given (documents read whole, tests).
class DiagnosticList final : public DiagnosticSink {
 public:
  void add(Diagnostic d) override { items.push_back(std::move(d)); }
  std::vector<Diagnostic> items;
};

}  // namespace ckimport::diag
