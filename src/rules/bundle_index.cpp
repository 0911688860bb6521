#include "rules/bundle_index.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "json/token_locator.hpp"

namespace ckimport::rules {
namespace {

// A slot packs a 24-bit file id with a 40-bit item offset (1 TiB): 16 bytes a
// key. BundleChecker refuses bundles past these bounds rather than let a key
// point at the wrong item.
constexpr unsigned offset_bits = 40;
constexpr std::uint64_t offset_mask = (std::uint64_t{1} << offset_bits) - 1;

std::uint64_t hash_key(std::string_view key) {
  const std::uint64_t h = std::hash<std::string_view>{}(key);
  return h == 0 ? 1 : h;  // 0 marks an empty slot
}

diag::Location locate_in(const std::string& file, source::Position start, std::string_view text,
                         const json::JsonPointer& pointer) {
  diag::Location location;
  location.file = file;
  const auto range = json::locate_token(text, pointer, json::TokenPart::value);
  const std::size_t offset = range ? range->offset : 0;
  const std::size_t length = range ? range->length : 1;
  location.begin = source::advance(start, text.substr(0, offset));
  location.end = source::advance(location.begin, text.substr(offset, length));
  return location;
}

template <typename Map>
const typename Map::mapped_type* find_in(const Map& map, std::string_view key) {
  const auto found = map.find(key);
  return found == map.end() ? nullptr : &found->second;
}

}  // namespace

std::string fold_name(std::string_view name) {
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  std::string out(name);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

diag::Location ItemContext::locate(const FactPath& path) const {
  return locate_in(file.path, start, text, path.to_pointer());
}

std::vector<diag::Location> ItemContext::locate_elements(std::string_view key) const {
  std::vector<diag::Location> locations;
  source::Position at = start;
  std::size_t consumed = 0;
  for (const auto& range : json::locate_array_elements(text, json::JsonPointer{}.with_key(key))) {
    diag::Location location;
    location.file = file.path;
    at = source::advance(at, text.substr(consumed, range.offset - consumed));  // positions grow
    location.begin = at;
    location.end = source::advance(at, text.substr(range.offset, range.length));
    consumed = range.offset;
    locations.push_back(std::move(location));
  }
  return locations;
}

std::vector<HashedKeyTable::Place> HashedKeyTable::find(std::uint64_t hash) const {
  std::vector<Place> places;
  if (slots_.empty()) return places;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask; slots_[i].hash != 0; i = (i + 1) & mask) {
    if (slots_[i].hash == hash) {
      places.push_back({static_cast<std::uint32_t>(slots_[i].packed >> offset_bits),
                        slots_[i].packed & offset_mask});
    }
  }
  return places;
}

void HashedKeyTable::insert(std::uint64_t hash, Place place) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].hash != 0) i = (i + 1) & mask;
  slots_[i] = {hash, (std::uint64_t{place.file_id} << offset_bits) | (place.offset & offset_mask)};
  ++size_;
}

void HashedKeyTable::grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.hash == 0) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

bool BundleIndex::has_user(std::string_view name) const {
  return users_.contains(name) || snapshot_.users.contains(name);
}

const diag::Location* BundleIndex::user_definition(std::string_view name) const {
  return find_in(users_, name);
}

std::optional<std::string> BundleIndex::similar_user(std::string_view name) const {
  const std::string folded = fold_name(name);
  if (const auto* user = find_in(users_by_folded_name_, folded)) return *user;
  for (const auto& user : snapshot_.users) {
    if (fold_name(user) == folded) return user;
  }
  return std::nullopt;
}

const diag::Location* BundleIndex::channel_definition(std::string_view name) const {
  return find_in(channels_, name);
}

const model::KnownChannel* BundleIndex::known_channel(std::uint64_t id) const {
  const auto found = snapshot_.channels.find(id);
  return found == snapshot_.channels.end() ? nullptr : &found->second;
}

const model::StringMap<diag::Location>* BundleIndex::channel_members(std::string_view name) const {
  return find_in(all_members_, name);
}

const model::StringMap<diag::Location>* BundleIndex::listed_members(std::string_view name) const {
  return find_in(listed_members_, name);
}

const model::StringMap<diag::Location>* BundleIndex::members_of_channel_id(std::uint64_t id) const {
  const auto found = members_by_channel_id_.find(id);
  return found == members_by_channel_id_.end() ? nullptr : found->second;
}

void BundleIndex::start_file(model::ResourceKind kind) {
  if (kind != model::ResourceKind::messages || !members_by_channel_id_.empty()) return;
  for (const auto& [id, channel] : snapshot_.channels) {
    if (channel.name.empty() || listed_members(channel.name) == nullptr) continue;
    if (const auto* members = channel_members(channel.name)) members_by_channel_id_.emplace(id, members);
  }
}

const diag::Location* BundleIndex::added_by_this_file(std::uint32_t file_id,
                                                     std::string_view username) const {
  return file_id == members_file_id_ ? find_in(members_file_usernames_, username) : nullptr;
}

const diag::Location* BundleIndex::direct_channel(const std::string& member_set) const {
  return find_in(direct_channels_, member_set);
}

std::string BundleIndex::member_set_key(const std::vector<StringFact>& members) {
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

std::optional<std::string> BundleIndex::fetch_key(const HashedKeyTable::Place& place,
                                                  diag::Location* where) {
  const auto item = fetcher_.fetch(place.file_id, place.offset, where != nullptr);
  if (!item) return std::nullopt;
  const json::JsonPointer pointer = json::JsonPointer{}.with_key("idempotencyKey");
  const auto range = json::locate_token(item->text, pointer, json::TokenPart::value);
  if (!range) return std::nullopt;
  if (where != nullptr) *where = locate_in(fetcher_.path(place.file_id), item->start, item->text, pointer);
  return json::decode_string_token(std::string_view(item->text).substr(range->offset, range->length));
}

std::optional<diag::Location> BundleIndex::idempotency_duplicate(model::ResourceKind kind,
                                                                 std::string_view key) {
  const auto& table = idempotency_[static_cast<int>(kind)];
  const std::uint64_t hash = hash_key(key);
  std::optional<diag::Location> first;
  for (const auto& place : table.find(hash)) {
    diag::Location where;
    if (fetch_key(place, &where) == key) {
      first = std::move(where);
      break;
    }
  }
  last_key_lookup_ = KeyLookup{key.data(), key.size(), kind, hash, first.has_value()};
  return first;
}

void BundleIndex::add(const ItemContext& item) {
  const ItemFacts& facts = item.facts;
  const auto lookup = std::exchange(last_key_lookup_, std::nullopt);
  if (facts.idempotency_key) {
    auto& table = idempotency_[static_cast<int>(facts.kind)];
    const std::string_view key = facts.idempotency_key->value;
    const bool looked_up = lookup && lookup->key == key.data() && lookup->size == key.size() &&
                           lookup->kind == facts.kind;
    const std::uint64_t hash = looked_up ? lookup->hash : hash_key(key);
    const auto seen_before = [&] {
      const auto earlier = table.find(hash);
      return std::any_of(earlier.begin(), earlier.end(),
                         [&](const auto& place) { return fetch_key(place, nullptr) == key; });
    };
    const bool seen = looked_up ? lookup->seen : seen_before();
    // Items past 1 TiB into a file are not indexed (the slot has 40 bits
    // for the offset); their duplicates go unreported rather than misplaced.
    if (!seen && item.start.offset.value < HashedKeyTable::max_offset) {
      table.insert(hash, {item.file_id, item.start.offset.value});
    }
  }
  switch (facts.kind) {
    case model::ResourceKind::users:
      if (facts.name && !users_.contains(facts.name->value)) {
        users_.emplace(std::string(facts.name->value), item.locate(facts.name->path));
        users_by_folded_name_.emplace(fold_name(facts.name->value), std::string(facts.name->value));
      }
      break;
    case model::ResourceKind::channels:
      if (facts.type == "DIRECT") {
        const std::string key = member_set_key(facts.members);
        if (!direct_channels_.contains(key)) {
          direct_channels_.emplace(key, item.locate({"members", std::nullopt}));
        }
      } else if (facts.name) {
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
      if (item.file_id != members_file_id_) {
        members_file_id_ = item.file_id;
        members_file_usernames_.clear();
      }
      if (facts.username && !members_file_usernames_.contains(facts.username->value)) {
        members_file_usernames_.emplace(std::string(facts.username->value),
                                        item.locate(facts.username->path));
      }
      if (facts.username && item.file.channel_id) {
        const auto* channel = known_channel(std::stoull(*item.file.channel_id));
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
