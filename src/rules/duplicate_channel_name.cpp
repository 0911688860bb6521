// duplicate-channel-name: the same channel name twice in the channels files.
#include <fmt/format.h>

#include "rules/rules.hpp"

namespace ckimport::rules {
namespace {

class DuplicateChannelName final : public CrossFileRule {
 public:
  DuplicateChannelName() : CrossFileRule(diag::RuleId::duplicate_channel_name) {}

  // The channels read so far are in the facts: this item is not, yet.
  void check_item(const ItemContext& item, const BundleFacts& facts, std::vector<schema::Finding>& out) override {
    if (item.facts.kind != model::ResourceKind::channels || !item.facts.name) return;
    const auto first = facts.channel_definition(item.facts.name->value);
    if (!first) return;
    schema::Finding f;
    f.rule = id();
    f.at = {item.facts.name->path.to_pointer(), json::TokenPart::value};
    f.message = fmt::format("channel name `{}` is defined twice", diag::shown(item.facts.name->value));
    f.help = "channel names are unique: remove or rename one";
    f.related.push_back({{}, "first defined", *first});
    out.push_back(std::move(f));
  }
};

}  // namespace

std::unique_ptr<CrossFileRule> make_duplicate_channel_name() { return std::make_unique<DuplicateChannelName>(); }

}  // namespace ckimport::rules
