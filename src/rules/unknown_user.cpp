// unknown-user: a channel's members[] or creator, a members file's username,
// or a TEXT message's user names no user in the users files or snapshot.
// While a users file has an item that cannot be read, such a name is a
// note that names the item, not an error.
#include <fmt/format.h>

#include "rules/lookalike_names.hpp"
#include "rules/rules.hpp"
#include "text/names.hpp"

namespace ckimport::rules {
namespace {

class UnknownUser final : public CrossFileRule {
 public:
  UnknownUser() : CrossFileRule(diag::RuleId::unknown_user) {}

  // Users are read before every file that names them.
  void check_item_any_order(const ItemContext& item, const BundleFacts& facts,
                            std::vector<schema::Finding>& out) const override {
    if (!facts.users_known()) return;  // said once, as a note (see the bundle checker)
    const ItemFacts& refs = item.facts;
    for (const auto& member : refs.members) check_reference(member, "member", facts, out);
    if (refs.creator) check_reference(*refs.creator, "creator", facts, out);
    if (refs.username) check_reference(*refs.username, "member", facts, out);
    if (refs.user) check_reference(*refs.user, "sender", facts, out);
  }

 private:
  void check_reference(const StringFact& ref, std::string_view role, const BundleFacts& facts,
                       std::vector<schema::Finding>& out) const {
    if (facts.has_user(ref)) return;
    schema::Finding f;
    f.rule = id();
    f.at = {ref.path.to_pointer(), json::TokenPart::value};
    f.message = fmt::format("{} `{}` is not a user of the bundle or the platform", role, diag::shown(ref.value));
    if (const auto similar = facts.similar_user(ref.value)) {
      f.message += fmt::format("; did you mean `{}`?", diag::shown(*similar));
      // NFC against NFD, or a Cyrillic а for a Latin a, would read as the
      // same name twice: say what differs.
      if (const auto why = text::lookalike(ref.value, *similar)) {
        const std::string hint = lookalike_hint(*why, ref.value, *similar);
        if (!hint.empty()) f.message += " (" + hint + ")";
      }
      if (const auto defined = facts.user_definition(*similar)) {
        f.related.push_back({{}, fmt::format("`{}` is defined", diag::shown(*similar)), *defined});
      }
    } else {
      f.help = fmt::format("add the user to a users file, or to {} if it is already on the platform",
                           facts.snapshot().users_file);
    }
    // The table of users is partial: the reference may well be right, so
    // it is a note, not an error, and it says which item to fix first (a
    // trailing comma in one user must not make every message of theirs an
    // error, least of all when only messages.json is being committed).
    if (const auto& unreadable = facts.unreadable_user()) {
      f.severity = diag::Severity::note;
      f.message += fmt::format("; it may be defined by the unreadable item at {}:{}:{}", unreadable->file,
                               unreadable->begin.line.value, unreadable->begin.column.value);
      f.help = "fix that item first";
      f.related.push_back({{}, "could not be read", *unreadable});
    }
    out.push_back(std::move(f));
  }
};

}  // namespace

std::unique_ptr<CrossFileRule> make_unknown_user() { return std::make_unique<UnknownUser>(); }

}  // namespace ckimport::rules
