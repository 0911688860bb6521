// The list of cross-file rules: a new rule is one file in src/rules/ and one
// line here.
#include "rules/cross_file_rule.hpp"
#include "rules/rules.hpp"

namespace ckimport::rules {

std::vector<std::unique_ptr<CrossFileRule>> make_cross_file_rules(const RuleEnvironment& environment) {
  std::vector<std::unique_ptr<CrossFileRule>> rules;
  rules.push_back(make_unknown_user());
  rules.push_back(make_unknown_channel());
  rules.push_back(make_duplicate_username());
  rules.push_back(make_duplicate_channel_name());
  rules.push_back(make_lookalike_username(environment));
  rules.push_back(make_lookalike_channel_name(environment));
  rules.push_back(make_duplicate_idempotency_key(environment));
  rules.push_back(make_duplicate_member());
  rules.push_back(make_duplicate_direct_channel());
  rules.push_back(make_members_file_for_direct_channel());
  rules.push_back(make_sender_not_member());
  return rules;
}

}  // namespace ckimport::rules
