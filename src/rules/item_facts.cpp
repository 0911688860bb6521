#include "rules/item_facts.hpp"
#include "json/dom.hpp"

namespace ckimport::rules {
namespace {

std::optional<StringFact> string_at(simdjson::dom::object item, std::string_view key) {
  const auto value = json::member(item, key);
  if (!value || !value->is_string()) return std::nullopt;
  return StringFact{json::as_string(*value), {key, std::nullopt}};
}

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

}  // namespace

json::JsonPointer FactPath::to_pointer() const {
  json::JsonPointer p;
  p.key(key);
  if (index) p.index(*index);
  return p;
}

void extract_facts(model::ResourceKind kind, simdjson::dom::element item, ItemFacts& facts) {
  facts.kind = kind;
  facts.type = {};
  facts.name.reset();
  facts.idempotency_key.reset();
  facts.members.clear();
  facts.creator.reset();
  facts.username.reset();
  facts.channel_id.reset();
  facts.user.reset();
  if (!item.is_object()) return;
  const auto object = item.get_object().value_unsafe();
  facts.idempotency_key = string_at(object, "idempotencyKey");
  if (const auto type = string_at(object, "type")) facts.type = type->value;
  switch (kind) {
    case model::ResourceKind::users:
      facts.name = string_at(object, "name");
      break;
    case model::ResourceKind::channels: {
      if (facts.type != "DIRECT") facts.name = string_at(object, "name");
      facts.creator = string_at(object, "creator");
      const auto members = json::member(object, "members");
      if (members && members->is_array()) {
        std::uint64_t i = 0;
        for (simdjson::dom::element member : json::as_array(*members)) {
          if (member.is_string()) {
            facts.members.push_back({member.get_string().value_unsafe(), {"members", i}});
          }
          ++i;
        }
      }
      break;
    }
    case model::ResourceKind::members:
      facts.username = string_at(object, "username");
      break;
    case model::ResourceKind::messages: {
      const auto channel = json::member(object, "channelId");
      if (channel && channel->is_uint64()) facts.channel_id = channel->get_uint64().value_unsafe();
      if (facts.type == "TEXT") facts.user = string_at(object, "user");
      break;
    }
  }
  own_strings(facts);
}

}  // namespace ckimport::rules
