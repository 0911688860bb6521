#pragma once
// The parts of an import item that cross-file rules look at, read once from
// the parsed item. Values are views into the parsed document: valid while
// the item is being checked. Values of the wrong type are left out (the
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
};

struct ItemFacts {
  model::ResourceKind kind = model::ResourceKind::users;
  std::string_view type;                      // channels, messages: the `type`, "" when absent
  std::optional<StringFact> name;             // users: the username; channels: the channel name
  std::optional<StringFact> idempotency_key;
  std::vector<StringFact> members;            // channels: members[]
  std::optional<StringFact> creator;          // channels
  std::optional<StringFact> username;         // members files
  std::optional<std::uint64_t> channel_id;    // messages
  std::optional<StringFact> user;             // messages: the sender (TEXT)
};

// Fills `facts` (reused between items to keep its buffers).
void extract_facts(model::ResourceKind kind, simdjson::dom::element item, ItemFacts& facts);

}  // namespace ckimport::rules
