// duplicate-member: the same username twice in one channel's members: twice
// in members[] or in a members file (error), or a members file adding a user
// the channel's members[] already lists (warning: harmless, but a sign the
// two lists were not meant to overlap).
#include <fmt/format.h>

#include <algorithm>

#include "rules/rules.hpp"

namespace ckimport::rules {
namespace {

class DuplicateMember final : public CrossFileRule {
 public:
  DuplicateMember() : CrossFileRule(diag::RuleId::duplicate_member) {}

  void start_file(const FileContext&, const BundleFacts&, std::vector<diag::Diagnostic>&) override {
    added_by_file_.clear();
    first_added_.clear();
  }

  void check_item(const ItemContext& item, const BundleFacts& facts, std::vector<schema::Finding>& out) override {
    if (item.facts.kind == model::ResourceKind::channels) check_channel(item, out);
    if (item.facts.kind == model::ResourceKind::members && item.facts.username) {
      check_members_file(item, facts, out);
    }
  }

 private:
  void check_channel(const ItemContext& item, std::vector<schema::Finding>& out) const {
    const auto& members = item.facts.members;
    for (std::size_t i = 1; i < members.size(); ++i) {
      const auto first = std::find_if(members.begin(), members.begin() + static_cast<std::ptrdiff_t>(i),
                                      [&](const StringFact& m) { return m.value == members[i].value; });
      if (first == members.begin() + static_cast<std::ptrdiff_t>(i)) continue;
      schema::Finding f;
      f.rule = id();
      f.at = {members[i].path.to_pointer(), json::TokenPart::value};
      f.message = fmt::format("`{}` is listed twice in members", diag::shown(members[i].value));
      f.help = "remove one of the two";
      f.related.push_back({{first->path.to_pointer(), json::TokenPart::value}, "first listed", std::nullopt});
      // Unsafe: the second may be a typo for another user rather than a repeat.
      f.fix = schema::removal_fix(f.at.pointer, fmt::format("remove the second `{}`", diag::shown(members[i].value)),
                                  diag::Applicability::unsafe);
      out.push_back(std::move(f));
    }
  }

  void check_members_file(const ItemContext& item, const BundleFacts& facts, std::vector<schema::Finding>& out) {
    const auto& username = *item.facts.username;
    const auto finding = [&] {
      schema::Finding f;
      f.rule = id();
      f.at = {username.path.to_pointer(), json::TokenPart::value};
      return f;
    };
    bool first_time = false;
    const std::uint32_t earlier = added_by_file_.insert(username.value, &first_time);
    if (!first_time) {
      schema::Finding f = finding();
      f.message = fmt::format("`{}` is added twice to this channel", diag::shown(username.value));
      f.help = "remove one of the two";
      f.related.push_back({{}, "first added", first_added_.at(earlier)});
      out.push_back(std::move(f));
      return;
    }
    first_added_.add(item.locate(username.path));
    if (!item.file.channel_id) return;
    const auto* channel = facts.known_channel(*item.file.channel_id);
    if (channel == nullptr) return;
    const auto listed = facts.listed_member(channel->name, username.value);
    if (!listed) return;
    schema::Finding f = finding();
    f.severity = diag::Severity::warning;
    f.message = fmt::format("`{}` is already a member of `{}` through its members list",
                            diag::shown(username.value), diag::shown(channel->name));
    f.help = "remove it from one of the two lists";
    f.related.push_back({{}, "listed", *listed});
    out.push_back(std::move(f));
  }

  // The members file being read: the users it adds, and where it first adds
  // each (by the user's number in added_by_file_).
  NameTable added_by_file_;
  LocationTable first_added_;
};

}  // namespace

std::unique_ptr<CrossFileRule> make_duplicate_member() { return std::make_unique<DuplicateMember>(); }

}  // namespace ckimport::rules
