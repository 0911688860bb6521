#pragma once
// The parts of an import item that cross-file rules look at, read once from
// the parsed item. The facts own their strings (values are views into the
// facts' own storage), so they outlive the parsed document: a worker thread
// parses an item and reads its facts, the calling thread applies the rules
// to them later, in file order. Values of the wrong type are left out (the
// schema check reports them).
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "json/json_pointer.hpp"
#include "model/resource_kind.hpp"

namespace ckimport::rules {

// Where a fact sits in its item: /key, or /key/index. Kept this small so
// reading facts allocates nothing on the hot path.
struct FactPath {
  std::string_view key;
  std::optional<std::uint64_t> index;
  json::JsonPointer to_pointer() const;
};

struct StringFact {
  std::string_view value;
  FactPath path;
  // hash_text(value) (rules/flat_tables.hpp): hashed with the facts, on the
  // thread that parsed the item, for the lookups of the rules.
  std::uint64_t hash = 0;
  // The value's number among the bundle's usernames, once
  // BundleFacts::resolve_references() has looked it up (no_user: it is
  // none); the rules then need not look it up again. A message's sender
  // only: two or three rules ask about it.
  static constexpr std::uint32_t unresolved = 0xFFFFFFFEU;
  static constexpr std::uint32_t no_user = 0xFFFFFFFFU;  // NameTable::none
  std::uint32_t user_number = unresolved;
};

struct ItemFacts {
  ItemFacts() = default;
  // Moving keeps the views valid (they point into `storage`'s heap buffer);
  // a copy would not, so there is none.
  ItemFacts(ItemFacts&&) = default;
  ItemFacts& operator=(ItemFacts&&) = default;
  ItemFacts(const ItemFacts&) = delete;
  ItemFacts& operator=(const ItemFacts&) = delete;

  model::ResourceKind kind = model::ResourceKind::users;
  std::string_view type;                      // channels, messages: the `type`, "" when absent
  std::optional<StringFact> name;             // users: the username; channels: the channel name
  std::optional<StringFact> idempotency_key;
  std::vector<StringFact> members;            // channels: members[]
  // channels: `members` is there but is not a list of strings (the string
  // "alice,bob", a number in the list): who the members are is unknown, so
  // no rule judges membership by it.
  bool members_unknown = false;
  std::optional<StringFact> creator;          // channels
  std::optional<StringFact> username;         // members files
  // messages: only a valid ID (1 to 2^63-1; the schema reports the rest,
  // which are then not also an unknown channel).
  std::optional<std::uint64_t> channel_id;
  std::optional<StringFact> user;             // messages: the sender (TEXT)
  std::vector<char> storage;                  // the bytes the string views above point into
};

// Fills `facts` (reused between items to keep its buffers), copying the
// strings it keeps out of `item`'s document.
void extract_facts(model::ResourceKind kind, simdjson::dom::element item, ItemFacts& facts);

// A message's fields as read by another reader than the DOM (the fast lane
// of check/message_lane.hpp), for a message whose fields are all valid:
// what extract_facts() reads of such a message. The views need only live
// through the call.
struct MessageFields {
  std::string_view type;                           // "TEXT" or "SYSTEM_TEXT"
  std::optional<std::uint64_t> channel_id;         // 1 to 2^63-1
  std::optional<std::string_view> user;            // TEXT only
  std::optional<std::string_view> idempotency_key;
};
void message_facts(const MessageFields& fields, ItemFacts& facts);

}  // namespace ckimport::rules
