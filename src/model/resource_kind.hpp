#pragma once
// The four kinds of import file, the item variants each holds, and how a
// file's kind is told from its path.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ckimport::model {

enum class ResourceKind { users, channels, members, messages };

std::string_view to_string(ResourceKind kind);  // "users", ...
std::optional<ResourceKind> parse_resource_kind(std::string_view name);

// One shape an item can take, with the schema that describes it.
struct ItemVariant {
  std::string_view type_value;   // the discriminator's value, "" when the kind has none
  std::string_view schema_file;  // a file of schemas/
  std::string_view noun;         // "a user", "a direct channel", ... for messages
  // Fields the schema lists but the server ignores for this variant: a
  // warning, not an error (IMPORT-FORMAT.md: "not a field: warn").
  std::span<const std::string_view> ignored_fields;
};

struct ResourceSpec {
  ResourceKind kind;
  std::string_view item_noun;      // "a user", "a channel", ... when the variant is unknown
  std::string_view discriminator;  // "type", or "" when items have one shape
  std::span<const ItemVariant> variants;
};

const ResourceSpec& resource_spec(ResourceKind kind);

// The variant whose discriminator value is `type_value`, or nullptr.
const ItemVariant* find_variant(const ResourceSpec& spec, std::string_view type_value);

// The kind of import file at `path`, by the bundle's naming convention:
// users*.json, channels*.json, messages*.json, members/<channelId>.json.
// nullopt when the name matches none of them.
std::optional<ResourceKind> kind_from_path(std::string_view path);

// For members/<channelId>.json: the channel ID the file is for, when the
// file name is a channel ID (an integer from 1 to 2^63 - 1).
std::optional<std::uint64_t> member_file_channel(std::string_view path);

}  // namespace ckimport::model
