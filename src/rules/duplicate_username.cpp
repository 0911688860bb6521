// duplicate-username: the same username twice in the users files.
#include <fmt/format.h>

#include "rules/cross_file_rule.hpp"

namespace ckimport::rules {
namespace {

void check_item(const ItemContext& item, BundleIndex& index, std::vector<schema::Finding>& out) {
  if (item.facts.kind != model::ResourceKind::users || !item.facts.name) return;
  const auto* first = index.user_definition(item.facts.name->value);
  if (first == nullptr) return;
  schema::Finding f;
  f.rule = diag::RuleId::duplicate_username;
  f.at = {item.facts.name->path.to_pointer(), json::TokenPart::value};
  f.message = fmt::format("username `{}` is defined twice", diag::shown(item.facts.name->value));
  f.help = "usernames are unique across the application: remove or rename one";
  f.related.push_back({{}, "first defined", *first});
  out.push_back(std::move(f));
}

}  // namespace

const CrossFileRule duplicate_username_rule{diag::RuleId::duplicate_username, nullptr, check_item};

}  // namespace ckimport::rules
