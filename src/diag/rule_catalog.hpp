#pragma once
// Every rule ckimport can emit. Code names a rule by its RuleId; the rule's
// id string ("unknown-field"), its default severity and the text that
// `ckimport rules`, `ckimport explain` and SARIF's tool.driver.rules show
// live in rule_catalog.cpp, and nowhere else. A misspelt rule is therefore
// a compile error, and tests walk the catalogue (not the source) to make
// sure each rule has a fixture, a golden and examples that do what they say.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "diag/severity.hpp"

namespace ckimport::diag {

// In catalogue order (syntax, schema, cross-file); rule_catalog.cpp checks
// at compile time that the two agree.
enum class RuleId : std::uint8_t {
  syntax,
  not_an_array,
  utf8_bom,
  duplicate_key,
  number_out_of_range,
  nesting_too_deep,
  element_too_large,
  unknown_item_type,
  missing_field,
  unknown_field,
  wrong_type,
  invalid_value,
  schema_violation,
  ignored_field,
  guest_field,
  guest_conflict,
  snapshot_format,
  config_path,
  unmatched_file,
  unknown_user,
  unknown_channel,
  duplicate_username,
  duplicate_channel_name,
  duplicate_idempotency_key,
  duplicate_member,
  duplicate_direct_channel,
  members_file_for_direct_channel,
  sender_not_member,
  // Appended, not beside their duplicate-* cousins: a rule's place is its
  // SARIF ruleIndex, which is kept stable.
  lookalike_username,
  lookalike_channel_name,
};

inline constexpr std::size_t rule_count = static_cast<std::size_t>(RuleId::lookalike_channel_name) + 1;

constexpr std::size_t index_of(RuleId rule) { return static_cast<std::size_t>(rule); }

enum class RuleGroup { syntax, schema, cross_file };

struct RuleInfo {
  RuleId rule;
  std::string_view id;                 // e.g. "unknown-field": what users type and read
  RuleGroup group;
  Severity default_severity;
  std::string_view summary;            // one line, lowercase, no final period
  std::string_view explanation;        // a paragraph or two: why it matters
  std::string_view bad_example;        // JSON that triggers the rule
  std::string_view good_example;       // the same, fixed
  // The file the examples are, named as in a bundle ("users.json",
  // "members/1001.json", "existing/channels.json"): what `ckimport check`
  // reads them as. Empty when the examples name their own files
  // ("users.json: [...]   channels.json: [...]") or are not a file.
  std::string_view example_file;
  // A problem for which the server rejects the whole file: it is always an
  // error, and a setting that turns it off or down is refused (as ruff
  // refuses to turn off syntax errors): exit 0 would promise an import
  // that cannot happen.
  bool always_error = false;
  // A reference rule whose every diagnostic with the same message in one
  // file is one problem (one missing user, named by 20,000 messages): the
  // bundle's output reports it once, at its first place, with the count
  // (Diagnostic::occurrences).
  bool once_per_file = false;
};

// The fixes a rule's diagnostics can carry, as `ckimport explain` lists
// them: what each does and whether it is safe (`check --fix`) or unsafe
// (`check --fix --unsafe-fixes`). Empty for a rule without fixes.
struct RuleFixes {
  std::string_view safe;    // "" when none
  std::string_view unsafe;  // "" when none
};
RuleFixes rule_fixes(RuleId rule);

std::span<const RuleInfo> all_rules();
const RuleInfo& rule_info(RuleId rule);
// "unknown-field" for RuleId::unknown_field.
std::string_view rule_name(RuleId rule);
// The rule a user named (`--rule`, `explain`, ckimport.json); nullopt for
// a name that is no rule.
std::optional<RuleId> find_rule(std::string_view name);

}  // namespace ckimport::diag
