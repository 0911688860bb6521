// duplicate-channel-name: the same channel name twice in the channels files.
#include <fmt/format.h>

#include "rules/cross_file_rule.hpp"

namespace ckimport::rules {
namespace {

void check_item(const ItemContext& item, BundleIndex& index, std::vector<schema::Finding>& out) {
  if (item.facts.kind != model::ResourceKind::channels || !item.facts.name) return;
  const auto* first = index.channel_definition(item.facts.name->value);
  if (first == nullptr) return;
  schema::Finding f;
  f.rule = diag::RuleId::duplicate_channel_name;
  f.at = {item.facts.name->path.to_pointer(), json::TokenPart::value};
  f.message = fmt::format("channel name `{}` is defined twice", diag::shown(item.facts.name->value));
  f.help = "channel names are unique: remove or rename one";
  f.related.push_back({{}, "first defined", *first});
  out.push_back(std::move(f));
}

}  // namespace

const CrossFileRule duplicate_channel_name_rule{diag::RuleId::duplicate_channel_name, nullptr, check_item};

}  // namespace ckimport::rules
