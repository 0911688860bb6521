// sender-not-member: a TEXT message whose sender is not a member of its
// channel, where the channel's members are known (the channels file lists
// them). A warning: the platform may accept it, but the history will show a
// message from someone outside the conversation.
#include <fmt/format.h>

#include "rules/cross_file_rule.hpp"

namespace ckimport::rules {
namespace {

void check_item(const ItemContext& item, const BundleIndex& index, std::vector<schema::Finding>& out) {
  const ItemFacts& facts = item.facts;
  if (!facts.user || !facts.channel_id) return;
  // Members known: the channel is on the platform and a channels file lists them.
  const auto* members = index.members_of_channel_id(*facts.channel_id);
  if (members == nullptr || members->contains(facts.user->value)) return;
  // A sender who is no user at all is unknown-user's to report: one problem.
  // (Asked last: most senders are members, and the lookup is not free.)
  if (index.users_known() && !index.has_user(facts.user->value)) return;
  const auto* channel = index.known_channel(*facts.channel_id);
  if (channel == nullptr) return;
  schema::Finding f;
  f.rule = diag::RuleId::sender_not_member;
  f.severity = diag::Severity::warning;
  f.at = {facts.user->path.to_pointer(), json::TokenPart::value};
  f.message = fmt::format("sender `{}` is not a member of channel `{}` ({})", diag::shown(facts.user->value),
                          diag::shown(channel->name), *facts.channel_id);
  f.help = "add the sender to the channel's members, or check the channelId";
  if (const auto* defined = index.channel_definition(channel->name)) {
    f.related.push_back({{}, "channel defined", *defined});
  }
  out.push_back(std::move(f));
}

}  // namespace

const CrossFileRule sender_not_member_rule{diag::RuleId::sender_not_member, nullptr, nullptr, check_item};

}  // namespace ckimport::rules
