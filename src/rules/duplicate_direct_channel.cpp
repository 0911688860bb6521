// duplicate-direct-channel: two DIRECT channels with the same set of members,
// in any order. Only one direct channel may exist for a set of users.
#include <fmt/format.h>

#include <algorithm>

#include "rules/rules.hpp"

namespace ckimport::rules {
namespace {

// The members, sorted, each once, joined by NUL (which no name holds
// unescaped), so the same set in any order gives the same key.
std::string member_set_key(const std::vector<StringFact>& members) {
  std::vector<std::string_view> names;
  for (const auto& m : members) names.push_back(m.value);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string key;
  for (const auto name : names) {
    key.append(name);
    key.push_back('\0');
  }
  return key;
}

class DuplicateDirectChannel final : public CrossFileRule {
 public:
  DuplicateDirectChannel() : CrossFileRule(diag::RuleId::duplicate_direct_channel) {}

  void check_item(const ItemContext& item, const BundleFacts&, std::vector<schema::Finding>& out) override {
    if (item.facts.kind != model::ResourceKind::channels || item.facts.type != "DIRECT") return;
    // Members not a list of names: the set is not known, so neither is
    // whether another channel has it.
    if (item.facts.members.empty() || item.facts.members_unknown) return;
    const auto [first, inserted] = member_sets_.try_emplace(member_set_key(item.facts.members));
    if (inserted) {
      first->second = item.locate({"members", std::nullopt});
      return;
    }
    schema::Finding f;
    f.rule = id();
    f.at = {json::JsonPointer{}.with_key("members"), json::TokenPart::value};
    f.message = "a direct channel with these members is already defined";
    f.help = "only one direct channel may exist for a set of users: merge the two";
    f.related.push_back({{}, "first defined", first->second});
    out.push_back(std::move(f));
  }

 private:
  model::StringMap<diag::Location> member_sets_;  // the first DIRECT channel of each set
};

}  // namespace

std::unique_ptr<CrossFileRule> make_duplicate_direct_channel() {
  return std::make_unique<DuplicateDirectChannel>();
}

}  // namespace ckimport::rules
