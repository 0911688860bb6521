// sender-not-member: a TEXT message whose sender is not a member of its
// channel, where the channel's members are known (the channels file lists
// them). A warning: the platform may accept it, but the history will show a
// message from someone outside the conversation.
#include <fmt/format.h>

#include "rules/rules.hpp"

namespace ckimport::rules {
namespace {

class SenderNotMember final : public CrossFileRule {
 public:
  SenderNotMember() : CrossFileRule(diag::RuleId::sender_not_member) {}

  // Channels and members files are read before messages.
  void check_item_any_order(const ItemContext& item, const BundleFacts& facts,
                            std::vector<schema::Finding>& out) const override {
    const ItemFacts& message = item.facts;
    if (!message.user || !message.channel_id) return;
    // Members known: the channel is on the platform and a channels file lists them.
    const auto member = facts.is_member(*message.channel_id, *message.user);
    if (!member || *member) return;
    // A sender who is no user at all is unknown-user's to report: one problem.
    // (Asked last: most senders are members, and the lookup is not free.)
    if (facts.users_known() && !facts.has_user(*message.user)) return;
    const auto* channel = facts.known_channel(*message.channel_id);
    if (channel == nullptr) return;
    schema::Finding f;
    f.rule = id();
    f.severity = diag::Severity::warning;
    f.at = {message.user->path.to_pointer(), json::TokenPart::value};
    f.message = fmt::format("sender `{}` is not a member of channel `{}` ({})", diag::shown(message.user->value),
                            diag::shown(channel->name), *message.channel_id);
    f.help = "add the sender to the channel's members, or check the channelId";
    if (const auto defined = facts.channel_definition(channel->name)) {
      f.related.push_back({{}, "channel defined", *defined});
    }
    out.push_back(std::move(f));
  }
};

}  // namespace

std::unique_ptr<CrossFileRule> make_sender_not_member() { return std::make_unique<SenderNotMember>(); }

}  // namespace ckimport::rules
