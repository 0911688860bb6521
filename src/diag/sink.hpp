#pragma once
// Collects the diagnostics of one run: counts them by severity, applies rule
// severity overrides, keeps at most `limit` of them for output (counting the
// rest), and hands each file's diagnostics over in source order.
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"

namespace ckimport::diag {

enum class RuleSetting { off, warning, error };

// Severity overrides by rule (--rule, ckimport.json's "rules").
using RuleSettings = std::map<RuleId, RuleSetting>;

// "off", "warning" or "error"; nullopt for any other word.
std::optional<RuleSetting> parse_rule_setting(std::string_view word);

struct SinkOptions {
  std::size_t limit = 1000;                              // diagnostics kept for output
  RuleSettings rules;  // overrides by rule id
  // --quiet: only errors are kept for output; warnings and notes are still
  // counted (--strict and --max-warnings count them), as hidden().
  bool errors_only = false;
};

class Sink {
 public:
  explicit Sink(SinkOptions options = {}) : options_(std::move(options)) {}

  void add(Diagnostic d);

  // Rule overrides for what follows (a bundle's ckimport.json merged with
  // --rule); returns the ones they replace.
  RuleSettings set_rules(
      RuleSettings rules);
  const RuleSettings& rules() const { return options_.rules; }
  bool rule_enabled(RuleId rule) const;

  // Only diagnostics in these files are kept and counted (a pre-commit hook
  // names the changed files; the rest of the bundle is context). Empty: all.
  void report_only(std::vector<std::string> files) { report_only_ = std::move(files); }

  // The diagnostics added since the last call, sorted by file position
  // (stable: equal positions keep the order they were found in).
  std::vector<Diagnostic> take_sorted();

  std::size_t errors() const { return errors_; }
  std::size_t warnings() const { return warnings_; }
  std::size_t notes() const { return notes_; }
  std::size_t not_shown() const { return not_shown_; }  // cut by the limit
  std::size_t hidden() const { return hidden_; }        // left out by errors_only

 private:
  SinkOptions options_;
  std::vector<std::string> report_only_;
  std::vector<Diagnostic> pending_;
  std::size_t kept_ = 0;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  std::size_t notes_ = 0;
  std::size_t not_shown_ = 0;
  std::size_t hidden_ = 0;
};

}  // namespace ckimport::diag
