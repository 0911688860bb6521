// unknown-user: a channel's members[] or creator, a members file's username,
// or a TEXT message's user names no user in the users files or snapshot.
#include <fmt/format.h>

#include "rules/cross_file_rule.hpp"

namespace ckimport::rules {
namespace {

void check_reference(const StringFact& ref, std::string_view role, const BundleIndex& index,
                     std::vector<schema::Finding>& out) {
  if (index.has_user(ref.value)) return;
  schema::Finding f;
  f.rule = diag::RuleId::unknown_user;
  f.at = {ref.path.to_pointer(), json::TokenPart::value};
  f.message = fmt::format("{} `{}` is not a user of the bundle or the platform", role, diag::shown(ref.value));
  if (const auto similar = index.similar_user(ref.value)) {
    f.message += fmt::format("; did you mean `{}`?", diag::shown(*similar));
    if (const auto* defined = index.user_definition(*similar)) {
      f.related.push_back({{}, fmt::format("`{}` is defined", *similar), *defined});
    }
  } else {
    f.help = "add the user to a users file, or to existing/users.json if it is already on the platform";
  }
  out.push_back(std::move(f));
}

void check_item(const ItemContext& item, const BundleIndex& index, std::vector<schema::Finding>& out) {
  if (!index.users_known()) return;  // said once, as a note (see the bundle checker)
  const ItemFacts& facts = item.facts;
  for (const auto& member : facts.members) check_reference(member, "member", index, out);
  if (facts.creator) check_reference(*facts.creator, "creator", index, out);
  if (facts.username) check_reference(*facts.username, "member", index, out);
  if (facts.user) check_reference(*facts.user, "sender", index, out);
}

}  // namespace

const CrossFileRule unknown_user_rule{diag::RuleId::unknown_user, nullptr, nullptr, check_item};

}  // namespace ckimport::rules
