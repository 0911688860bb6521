#include "rules/bundle_facts.hpp"

#include <algorithm>

#include "text/names.hpp"


namespace ckimport::rules {
namespace {

template <typename Map>
const typename Map::mapped_type* find_in(const Map& map, std::string_view key) {
  const auto found = map.find(key);
  return found == map.end() ? nullptr : &found->second;
}

}  // namespace

std::string fold_name(std::string_view name) { return text::name_key(name); }

bool BundleFacts::has_user(std::string_view name) const {
  return users_.contains(name) || snapshot_.users.contains(name);
}

const diag::Location* BundleFacts::user_definition(std::string_view name) const {
  return find_in(users_, name);
}

std::optional<std::string> BundleFacts::similar_user(std::string_view name) const {
  const std::string folded = fold_name(name);
  if (const auto* user = find_in(users_by_folded_name_, folded)) return *user;
  for (const auto& user : snapshot_.users) {
    if (fold_name(user) == folded) return user;
  }
  std::call_once(confusable_index_made_, [this] {
    // Of users with one key (look-alikes of each other, which
    // lookalike-username reports), the least in byte order: the maps are
    // unordered, the suggestion must not be. The bundle's users first.
    const auto index = [this](model::StringMap<std::string>& into, const std::string& user) {
      auto [at, added] = into.emplace(text::confusable_key(user), user);
      if (!added && user < at->second) at->second = user;
    };
    for (const auto& [user, where] : users_) index(users_by_confusable_key_, user);
    model::StringMap<std::string> platform;
    for (const auto& user : snapshot_.users) index(platform, user);
    users_by_confusable_key_.merge(platform);  // keeps the bundle's user for a key both have
  });
  if (const auto* user = find_in(users_by_confusable_key_, text::confusable_key(name))) return *user;
  return std::nullopt;
}

const diag::Location* BundleFacts::channel_definition(std::string_view name) const {
  return find_in(channels_, name);
}

const model::KnownChannel* BundleFacts::known_channel(std::uint64_t id) const {
  const auto found = snapshot_.channels.find(id);
  return found == snapshot_.channels.end() ? nullptr : &found->second;
}

const model::StringMap<diag::Location>* BundleFacts::channel_members(std::string_view name) const {
  return find_in(all_members_, name);
}

const model::StringMap<diag::Location>* BundleFacts::listed_members(std::string_view name) const {
  return find_in(listed_members_, name);
}

const model::StringMap<diag::Location>* BundleFacts::members_of_channel_id(std::uint64_t id) const {
  const auto found = members_by_channel_id_.find(id);
  return found == members_by_channel_id_.end() ? nullptr : found->second;
}

void BundleFacts::start_file(model::ResourceKind kind) {
  if (kind != model::ResourceKind::messages || !members_by_channel_id_.empty()) return;
  for (const auto& [id, channel] : snapshot_.channels) {
    if (channel.name.empty() || listed_members(channel.name) == nullptr) continue;
    if (const auto* members = channel_members(channel.name)) members_by_channel_id_.emplace(id, members);
  }
}

void BundleFacts::add(const ItemContext& item) {
  const ItemFacts& facts = item.facts;
  switch (facts.kind) {
    case model::ResourceKind::users:
      if (facts.name && !users_.contains(facts.name->value)) {
        users_.emplace(std::string(facts.name->value), item.locate(facts.name->path));
        users_by_folded_name_.emplace(fold_name(facts.name->value), std::string(facts.name->value));
      }
      break;
    case model::ResourceKind::channels:
      if (facts.type != "DIRECT" && facts.name) {
        const std::string name(facts.name->value);
        // A second channel of the same name is duplicate-channel-name's to
        // report; its members are not the first one's.
        if (channels_.contains(name)) break;
        channels_.emplace(name, item.locate(facts.name->path));
        auto& listed = listed_members_[name];
        auto& all = all_members_[name];
        const auto places = item.locate_elements("members");
        for (const auto& member : facts.members) {
          if (listed.contains(member.value) || *member.path.index >= places.size()) continue;
          const auto& where = places[*member.path.index];
          listed.emplace(std::string(member.value), where);
          all.emplace(std::string(member.value), where);
        }
      }
      break;
    case model::ResourceKind::members:
      if (facts.username && item.file.channel_id) {
        const auto* channel = known_channel(*item.file.channel_id);
        if (channel != nullptr && !channel->name.empty()) {
          auto& all = all_members_[channel->name];
          if (!all.contains(facts.username->value)) {
            all.emplace(std::string(facts.username->value), item.locate(facts.username->path));
          }
        }
      }
      break;
    case model::ResourceKind::messages:
      break;
  }
}

}  // namespace ckimport::rules
