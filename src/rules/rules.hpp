#pragma once
// The factories of the cross-file rules, one per rule file; only
// cross_file_rules.cpp calls them.
#include <memory>

#include "rules/cross_file_rule.hpp"

namespace ckimport::rules {

std::unique_ptr<CrossFileRule> make_unknown_user();
std::unique_ptr<CrossFileRule> make_unknown_channel();
std::unique_ptr<CrossFileRule> make_duplicate_username();
std::unique_ptr<CrossFileRule> make_duplicate_channel_name();
std::unique_ptr<CrossFileRule> make_duplicate_idempotency_key(const RuleEnvironment& environment);
std::unique_ptr<CrossFileRule> make_duplicate_member();
std::unique_ptr<CrossFileRule> make_duplicate_direct_channel();
std::unique_ptr<CrossFileRule> make_members_file_for_direct_channel();
std::unique_ptr<CrossFileRule> make_sender_not_member();
std::unique_ptr<CrossFileRule> make_lookalike_username(const RuleEnvironment& environment);
std::unique_ptr<CrossFileRule> make_lookalike_channel_name(const RuleEnvironment& environment);

}  // namespace ckimport::rules
