// duplicate-username: the same username twice in the users files.
#include <fmt/format.h>

#include "rules/rules.hpp"

namespace ckimport::rules {
namespace {

class DuplicateUsername final : public CrossFileRule {
 public:
  DuplicateUsername() : CrossFileRule(diag::RuleId::duplicate_username) {}

  // The users read so far are in the facts: this item is not, yet.
  void check_item(const ItemContext& item, const BundleFacts& facts, std::vector<schema::Finding>& out) override {
    if (item.facts.kind != model::ResourceKind::users || !item.facts.name) return;
    const auto first = facts.user_definition(item.facts.name->value);
    if (!first) return;
    schema::Finding f;
    f.rule = id();
    f.at = {item.facts.name->path.to_pointer(), json::TokenPart::value};
    f.message = fmt::format("username `{}` is defined twice", diag::shown(item.facts.name->value));
    f.help = "usernames are unique across the application: remove or rename one";
    f.related.push_back({{}, "first defined", *first});
    out.push_back(std::move(f));
  }
};

}  // namespace

std::unique_ptr<CrossFileRule> make_duplicate_username() { return std::make_unique<DuplicateUsername>(); }

}  // namespace ckimport::rules
