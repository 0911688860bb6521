// lookalike-channel-name: two channel names that are different bytes but
// read as one name ("general" and "General"), at the second; see
// lookalike_names.hpp. Direct channels have no name.
#include "rules/lookalike_names.hpp"
#include "rules/rules.hpp"

namespace ckimport::rules {
namespace {

class LookalikeChannelName final : public LookalikeNameRule {
 public:
  explicit LookalikeChannelName(const RuleEnvironment& environment)
      : LookalikeNameRule(diag::RuleId::lookalike_channel_name,
                          {model::ResourceKind::channels, "channel name",
                           "people cannot tell the two channels apart: rename one, or merge them",
                           &BundleFacts::channel_definition},
                          environment) {}
};

}  // namespace

std::unique_ptr<CrossFileRule> make_lookalike_channel_name(const RuleEnvironment& environment) {
  return std::make_unique<LookalikeChannelName>(environment);
}

}  // namespace ckimport::rules
