// duplicate-direct-channel: two DIRECT channels with the same set of members,
// in any order. Only one direct channel may exist for a set of users.
#include <fmt/format.h>

#include "rules/cross_file_rule.hpp"

namespace ckimport::rules {
namespace {

void check_item(const ItemContext& item, BundleIndex& index, std::vector<schema::Finding>& out) {
  if (item.facts.kind != model::ResourceKind::channels || item.facts.type != "DIRECT") return;
  if (item.facts.members.empty()) return;
  const auto* first = index.direct_channel(BundleIndex::member_set_key(item.facts.members));
  if (first == nullptr) return;
  schema::Finding f;
  f.rule = diag::RuleId::duplicate_direct_channel;
  f.at = {json::JsonPointer{}.with_key("members"), json::TokenPart::value};
  f.message = "a direct channel with these members is already defined";
  f.help = "only one direct channel may exist for a set of users: merge the two";
  f.related.push_back({{}, "first defined", *first});
  out.push_back(std::move(f));
}

}  // namespace

const CrossFileRule duplicate_direct_channel_rule{diag::RuleId::duplicate_direct_channel, nullptr, check_item};

}  // namespace ckimport::rules
