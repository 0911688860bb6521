#include "rules/item_facts.hpp"

#include <cstdint>
#include <limits>

#include "json/dom.hpp"
#include "rules/flat_tables.hpp"

namespace ckimport::rules {
namespace {

// Copies every string the facts view into facts.storage and points the views
// there, so the facts no longer depend on the parsed document.
void own_strings(ItemFacts& facts) {
  std::size_t total = facts.type.size();
  const auto count = [&](const std::optional<StringFact>& fact) {
    if (fact) total += fact->value.size();
  };
  count(facts.name);
  count(facts.idempotency_key);
  count(facts.creator);
  count(facts.username);
  count(facts.user);
  for (const auto& member : facts.members) total += member.value.size();

  facts.storage.resize(total);
  std::size_t used = 0;
  const auto own = [&](std::string_view& view) {
    std::copy(view.begin(), view.end(), facts.storage.begin() + static_cast<std::ptrdiff_t>(used));
    view = {facts.storage.data() + used, view.size()};
    used += view.size();
  };
  own(facts.type);
  for (auto* fact : {&facts.name, &facts.idempotency_key, &facts.creator, &facts.username, &facts.user}) {
    if (*fact) own((*fact)->value);
  }
  for (auto& member : facts.members) own(member.value);
}

void reset(model::ResourceKind kind, ItemFacts& facts) {
  facts.kind = kind;
  facts.type = {};
  facts.name.reset();
  facts.idempotency_key.reset();
  facts.members.clear();
  facts.members_unknown = false;
  facts.creator.reset();
  facts.username.reset();
  facts.channel_id.reset();
  facts.user.reset();
}

// Makes the facts independent of the document they were read from, and
// hashes them: here, on the thread that parsed the item, rather than in the
// rules, some of which run in file order on one thread.
void own_and_hash(ItemFacts& facts) {
  own_strings(facts);
  for (auto* fact : {&facts.name, &facts.idempotency_key, &facts.creator, &facts.username, &facts.user}) {
    if (*fact) (*fact)->hash = hash_text((*fact)->value);
  }
  for (auto& member : facts.members) member.hash = hash_text(member.value);
}

}  // namespace

json::JsonPointer FactPath::to_pointer() const {
  json::JsonPointer p;
  p.key(key);
  if (index) p.index(*index);
  return p;
}

void extract_facts(model::ResourceKind kind, simdjson::dom::element item, ItemFacts& facts) {
  reset(kind, facts);
  if (!item.is_object()) return;
  // One pass over the fields, keeping the last of duplicate keys (what
  // json::member gives, and what JSON readers keep).
  std::optional<simdjson::dom::element> key, type, name, creator, members, username, channel, user;
  // Named: the result get_object() returns is a temporary, which a range-for
  // over it would not keep alive (C++20).
  const simdjson::dom::object object = item.get_object().value_unsafe();
  for (const auto field : object) {
    const std::string_view k = field.key;
    switch (k.size()) {
      case 4:
        if (k == "type") {
          type = field.value;
        } else if (k == "name") {
          name = field.value;
        } else if (k == "user") {
          user = field.value;
        }
        break;
      case 7:
        if (k == "creator") {
          creator = field.value;
        } else if (k == "members") {
          members = field.value;
        }
        break;
      case 8:
        if (k == "username") username = field.value;
        break;
      case 9:
        if (k == "channelId") channel = field.value;
        break;
      case 14:
        if (k == "idempotencyKey") key = field.value;
        break;
      default: break;
    }
  }
  const auto string_fact = [](const std::optional<simdjson::dom::element>& value,
                              std::string_view field) -> std::optional<StringFact> {
    if (!value || !value->is_string()) return std::nullopt;
    return StringFact{json::as_string(*value), {field, std::nullopt}, 0};
  };
  facts.idempotency_key = string_fact(key, "idempotencyKey");
  if (const auto t = string_fact(type, "type")) facts.type = t->value;
  switch (kind) {
    case model::ResourceKind::users:
      facts.name = string_fact(name, "name");
      break;
    case model::ResourceKind::channels: {
      if (facts.type != "DIRECT") facts.name = string_fact(name, "name");
      facts.creator = string_fact(creator, "creator");
      if (members && members->is_array()) {
        std::uint64_t i = 0;
        for (simdjson::dom::element member : json::as_array(*members)) {
          if (member.is_string()) {
            facts.members.push_back({member.get_string().value_unsafe(), {"members", i}, 0});
          } else {
            facts.members_unknown = true;
          }
          ++i;
        }
      } else if (members) {
        facts.members_unknown = true;
      }
      break;
    }
    case model::ResourceKind::members:
      facts.username = string_fact(username, "username");
      break;
    case model::ResourceKind::messages: {
      // -0 and 0 read as 0, and 2^63 and beyond as more than int64 holds:
      // both are invalid-value, and no channel of their own.
      if (channel && channel->is_uint64()) {
        const std::uint64_t id = channel->get_uint64().value_unsafe();
        constexpr std::uint64_t largest_id = (std::uint64_t{1} << 63) - 1;
        if (id >= 1 && id <= largest_id) facts.channel_id = id;
      }
      if (facts.type == "TEXT") facts.user = string_fact(user, "user");
      break;
    }
  }
  own_and_hash(facts);
}

void message_facts(const MessageFields& fields, ItemFacts& facts) {
  reset(model::ResourceKind::messages, facts);
  facts.type = fields.type;
  facts.channel_id = fields.channel_id;
  if (fields.user) facts.user = StringFact{*fields.user, {"user", std::nullopt}, 0};
  if (fields.idempotency_key) facts.idempotency_key = StringFact{*fields.idempotency_key, {"idempotencyKey", std::nullopt}, 0};
  own_and_hash(facts);
}

}  // namespace ckimport::rules
