#include "rules/bundle_facts.hpp"

#include <algorithm>
#include <stdexcept>

#include "text/names.hpp"

namespace ckimport::rules {
namespace {

constexpr std::uint32_t none = NameTable::none;

}  // namespace

std::string fold_name(std::string_view name) { return text::name_key(name); }

BundleFacts::BundleFacts(const model::PlatformSnapshot& snapshot, bool users_known, bool channels_known)
    : snapshot_(snapshot), users_known_(users_known), channels_known_(channels_known) {
  for (const auto& user : snapshot_.users) name_info_[intern_name(user, hash_text(user))].on_platform = true;
  known_channels_.reserve(snapshot_.channels.size());
  for (const auto& [id, channel] : snapshot_.channels) {
    known_channel_ids_.insert(id, static_cast<std::uint32_t>(known_channels_.size()));
    known_channels_.push_back(&channel);
  }
}

std::uint32_t BundleFacts::intern_name(std::string_view name, std::uint64_t hash) {
  const std::uint32_t id = names_.insert(name, hash);
  if (id >= name_info_.size()) name_info_.resize(id + 1);
  return id;
}

std::uint32_t BundleFacts::member_number(const StringFact& name) {
  if (const std::uint32_t id = names_.find(name.value, name.hash); id != none) return id;
  const std::uint32_t id = member_only_names_.insert(name.value, name.hash);
  if (id >= member_only) throw std::length_error("BundleFacts: more than 2 billion members who are no user");
  return member_only | id;
}

std::uint32_t BundleFacts::find_member_number(const StringFact& name) const {
  if (const std::uint32_t id = user_number(name); id != none) return id;
  const std::uint32_t id = member_only_names_.find(name.value, name.hash);
  return id == none ? none : member_only | id;
}


bool BundleFacts::has_user(const StringFact& name) const {
  const std::uint32_t id = user_number(name);
  return id != none && (name_info_[id].definition != none || name_info_[id].on_platform);
}

std::optional<diag::Location> BundleFacts::user_definition(std::string_view name) const {
  const std::uint32_t id = names_.find(name);
  if (id == none || name_info_[id].definition == none) return std::nullopt;
  return user_definitions_.at(name_info_[id].definition);
}

std::optional<std::string> BundleFacts::similar_user(std::string_view name) const {
  const std::string folded = fold_name(name);
  if (const std::uint32_t first = folded_names_.find(folded); first != none) {
    return std::string(names_.name(folded_users_[first]));
  }
  for (const auto& user : snapshot_.users) {
    if (fold_name(user) == folded) return user;
  }
  std::call_once(confusable_index_made_, [this] {
    // Of users with one key (look-alikes of each other, which
    // lookalike-username reports), the least in byte order: the maps are
    // unordered, the suggestion must not be. The bundle's users first.
    const auto index = [](model::StringMap<std::string>& into, const std::string& user) {
      auto [at, added] = into.emplace(text::confusable_key(user), user);
      if (!added && user < at->second) at->second = user;
    };
    for (std::uint32_t id = 0; id < names_.size(); ++id) {
      if (name_info_[id].definition != none) index(users_by_confusable_key_, std::string(names_.name(id)));
    }
    model::StringMap<std::string> platform;
    for (const auto& user : snapshot_.users) index(platform, user);
    users_by_confusable_key_.merge(platform);  // keeps the bundle's user for a key both have
  });
  if (const auto found = users_by_confusable_key_.find(text::confusable_key(name));
      found != users_by_confusable_key_.end()) {
    return found->second;
  }
  return std::nullopt;
}

std::optional<diag::Location> BundleFacts::channel_definition(std::string_view name) const {
  const std::uint32_t channel = channel_names_.find(name);
  if (channel == none) return std::nullopt;
  return channel_definitions_.at(channel);
}

const model::KnownChannel* BundleFacts::known_channel(std::uint64_t id) const {
  const std::uint32_t index = known_channel_ids_.find(id);
  return index == none ? nullptr : known_channels_[index];
}

std::optional<diag::Location> BundleFacts::listed_member(std::string_view channel_name,
                                                         std::string_view user) const {
  const std::uint32_t channel = channel_names_.find(channel_name);
  const std::uint32_t name = find_member_number(StringFact{user, {}, hash_text(user)});
  if (channel == none || name == none) return std::nullopt;
  const std::uint32_t place = members_.find(member_key(channel, name));
  if (place == none || place == not_listed) return std::nullopt;
  return listed_members_.at(place);
}

std::optional<bool> BundleFacts::is_member(std::uint64_t channel_id, const StringFact& user) const {
  const std::uint32_t channel = channel_ids_.find(channel_id);
  if (channel == none || members_unknown_[channel]) return std::nullopt;
  const std::uint32_t name = find_member_number(user);
  return name != none && members_.contains(member_key(channel, name));
}

void BundleFacts::resolve_references(ItemFacts& message) const {
  if (!message.user) return;
  StringFact& user = *message.user;
  user.user_number = names_.find(user.value, user.hash);
  if (!message.channel_id) return;
  const std::uint32_t channel = channel_ids_.find(*message.channel_id);
  if (channel == none) return;
  if (const std::uint32_t name = find_member_number(user); name != none) members_.prefetch(member_key(channel, name));
}

void BundleFacts::start_file(model::ResourceKind kind) {
  if (kind != model::ResourceKind::messages || channel_ids_made_) return;
  channel_ids_made_ = true;
  for (const auto& [id, channel] : snapshot_.channels) {
    if (channel.name.empty()) continue;
    if (const std::uint32_t number = channel_names_.find(channel.name); number != none) {
      channel_ids_.insert(id, number);
    }
  }
}

void BundleFacts::add(const ItemContext& item) {
  const ItemFacts& facts = item.facts;
  switch (facts.kind) {
    case model::ResourceKind::users:
      // No name to read (missing, not a string): which user it is is as
      // unknown as for an item that does not parse.
      if (!facts.name) add_unreadable(item.file, diag::Location{item.file.path, item.start,
                                                               source::advance(item.start, item.text.substr(0, 1))});
      if (facts.name) {
        const std::uint32_t id = intern_name(facts.name->value, facts.name->hash);
        if (name_info_[id].definition != none) break;
        name_info_[id].definition = user_definitions_.add(item.locate(facts.name->path));
        bool first_folded = false;
        folded_names_.insert(fold_name(facts.name->value), &first_folded);
        if (first_folded) folded_users_.push_back(id);
      }
      break;
    case model::ResourceKind::channels:
      if (facts.type != "DIRECT" && facts.name) {
        // A second channel of the same name is duplicate-channel-name's to
        // report; its members are not the first one's.
        bool added = false;
        const std::uint32_t channel = channel_names_.insert(facts.name->value, facts.name->hash, &added);
        if (!added) break;
        channel_definitions_.add(item.locate(facts.name->path));
        members_unknown_.push_back(facts.members_unknown);
        if (facts.members.empty() || facts.members_unknown) break;
        const auto places = item.locate_elements("members");
        for (const auto& member : facts.members) {
          if (*member.path.index >= places.size()) continue;
          const std::uint32_t name = member_number(member);
          const auto place = static_cast<std::uint32_t>(listed_members_.size());
          if (members_.insert(member_key(channel, name), place)) listed_members_.add(places[*member.path.index]);
        }
      }
      break;
    case model::ResourceKind::members:
      if (facts.username && item.file.channel_id) {
        const auto* channel = known_channel(*item.file.channel_id);
        if (channel == nullptr || channel->name.empty()) break;
        // Members count only for a channel a channels file defines (see
        // is_member); those of other channels are not kept.
        const std::uint32_t number = channel_names_.find(channel->name);
        if (number == none) break;
        members_.insert(member_key(number, member_number(*facts.username)), not_listed);
      }
      break;
    case model::ResourceKind::messages:
      break;
  }
}

void BundleFacts::add_unreadable(const model::BundleFile& file, const diag::Location& item) {
  switch (file.kind) {
    case model::ResourceKind::users:
      // The first by position: an element too large is told of before the
      // items before it are added, when they are checked in parallel.
      if (!unreadable_user_ || (unreadable_user_->file == item.file &&
                                item.begin.offset < unreadable_user_->begin.offset)) {
        unreadable_user_ = item;
      }
      break;
    case model::ResourceKind::members:
      if (file.channel_id) {
        const auto* channel = known_channel(*file.channel_id);
        if (channel == nullptr || channel->name.empty()) break;
        const std::uint32_t number = channel_names_.find(channel->name);
        if (number != none) members_unknown_[number] = true;
      }
      break;
    case model::ResourceKind::channels:  // a channel not defined has no members to judge by
    case model::ResourceKind::messages: break;
  }
}

}  // namespace ckimport::rules
