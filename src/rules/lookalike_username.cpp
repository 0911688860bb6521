// lookalike-username: two usernames that are different bytes but read as
// one name ("ann" and "Ann", "carl" and "carl" + U+200B, "carl" and "cаrl"
// with a Cyrillic а), at the second; see lookalike_names.hpp.
#include "rules/lookalike_names.hpp"
#include "rules/rules.hpp"

namespace ckimport::rules {
namespace {

class LookalikeUsername final : public LookalikeNameRule {
 public:
  explicit LookalikeUsername(const RuleEnvironment& environment)
      : LookalikeNameRule(diag::RuleId::lookalike_username,
                          {model::ResourceKind::users, "username",
                           "people cannot tell the two users apart: rename one, or merge them if they are "
                           "the same person",
                           &BundleFacts::user_definition},
                          environment) {}
};

}  // namespace

std::unique_ptr<CrossFileRule> make_lookalike_username(const RuleEnvironment& environment) {
  return std::make_unique<LookalikeUsername>(environment);
}

}  // namespace ckimport::rules
