#pragma once
// What a run shows of its diagnostics, and the counts its summary and exit
// status come from: every diagnostic is counted by severity and by rule;
// with `errors_only` (--quiet) warnings and notes are counted but not shown,
// so that --strict and --max-warnings still see them; at most `limit` are
// shown (--max-diagnostics), the rest counted, except that the first of
// every kind of problem (file, rule, message template) is always shown, so
// a cut never hides a kind of problem; with `per_kind` (text, without
// --show-all) at most that many of one kind are shown, the rest folded into
// "… and 1,997 more like this".
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "diag/diagnostic.hpp"

namespace ckimport::diag {

struct TallyOptions {
  std::size_t limit = 1000;
  bool errors_only = false;
  std::size_t per_kind = 0;  // 0: no such limit
};

// The message with what varies between occurrences of one mistake made
// general: each value found, in double quotes, becomes "…", so `isGuest`
// found "no" and found "false" are one template. Names in backquotes stay
// (they are the root cause: `display_name` and `is_guest` misspelt are two
// mistakes, and text output names both), unless `names_are_data`: a
// cross-file rule's backquotes hold the data's names (username `ann` is
// defined twice), and its numbers channel IDs, one set per item, so they
// become `…` and # there, or 1,000 duplicate users would be 1,000 kinds
// and --max-diagnostics would cut nothing. kind_of() says so for the
// cross-file rules but the once_per_file ones (unknown-user: one
// diagnostic per missing name, each a root cause of its own).
std::string message_template(std::string_view message, bool names_are_data = false);

// One kind of problem: (file, rule, message template), as one string.
std::string kind_of(const Diagnostic& d);

// The diagnostics of one rule, shown or not.
struct RuleCount {
  RuleId rule = RuleId::syntax;
  std::size_t count = 0;
  std::size_t files = 0;           // how many files have one
  std::size_t fixable = 0;         // with a safe fix (--fix)
  std::size_t unsafe_fixable = 0;  // with an unsafe one (--fix --unsafe-fixes)
};

class Tally {
 public:
  explicit Tally(TallyOptions options = {}) : options_(options) {}

  enum class Fate {
    shown,
    folded,  // one more of a kind already shown per_kind times
    hidden,  // by errors_only
    cut,     // by the limit
  };
  // Counts `d` and says what becomes of it.
  Fate take(const Diagnostic& d);
  // Counts `d`; true when it is to be shown.
  bool count(const Diagnostic& d) { return take(d) == Fate::shown; }

  std::size_t errors() const { return errors_; }
  std::size_t warnings() const { return warnings_; }
  std::size_t notes() const { return notes_; }
  std::size_t not_shown() const { return not_shown_; }  // cut by the limit
  std::size_t hidden() const { return hidden_; }        // left out by errors_only
  std::size_t hidden_notes() const { return hidden_notes_; }  // of those, notes
  std::size_t folded() const { return folded_; }        // by per_kind
  // The rules that found something, most diagnostics first (then in
  // catalogue order).
  std::vector<RuleCount> by_rule() const;

 private:
  struct PerRule {
    std::size_t count = 0;
    std::size_t fixable = 0;
    std::size_t unsafe_fixable = 0;
    std::unordered_set<std::string> files;
  };

  TallyOptions options_;
  std::size_t shown_ = 0;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  std::size_t notes_ = 0;
  std::size_t not_shown_ = 0;
  std::size_t hidden_ = 0;
  std::size_t hidden_notes_ = 0;
  std::size_t folded_ = 0;
  std::unordered_map<std::string, std::size_t> shown_of_kind_;  // by kind_of()
  std::vector<PerRule> rules_ = std::vector<PerRule>(rule_count);
};

}  // namespace ckimport::diag
