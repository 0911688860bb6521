#include "model/resource_kind.hpp"

#include <array>
#include <charconv>

namespace ckimport::model {
namespace {

using namespace std::string_view_literals;

constexpr std::array<std::string_view, 2> direct_ignored{"name"sv, "displayName"sv};
constexpr std::array<std::string_view, 1> system_text_ignored{"user"sv};

constexpr std::array user_variants{
    ItemVariant{""sv, "user.schema.json"sv, "a user"sv, {}},
};
constexpr std::array channel_variants{
    ItemVariant{"PUBLIC"sv, "channel.schema.json"sv, "a public channel"sv, {}},
    ItemVariant{"PRIVATE"sv, "channel.schema.json"sv, "a private channel"sv, {}},
    ItemVariant{"DIRECT"sv, "channel-direct.schema.json"sv, "a direct channel"sv, direct_ignored},
};
constexpr std::array member_variants{
    ItemVariant{""sv, "channel-member.schema.json"sv, "a channel member"sv, {}},
};
constexpr std::array message_variants{
    ItemVariant{"TEXT"sv, "message-text.schema.json"sv, "a text message"sv, {}},
    ItemVariant{"SYSTEM_TEXT"sv, "message-system-text.schema.json"sv, "a system message"sv,
                system_text_ignored},
};

const ResourceSpec users_spec{ResourceKind::users, "a user", "", user_variants};
const ResourceSpec channels_spec{ResourceKind::channels, "a channel", "type", channel_variants};
const ResourceSpec members_spec{ResourceKind::members, "a channel member", "", member_variants};
const ResourceSpec messages_spec{ResourceKind::messages, "a message", "type", message_variants};

std::string_view base_name(std::string_view path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view parent_name(std::string_view path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string_view::npos) return {};
  return base_name(path.substr(0, slash));
}

bool is_positive_integer(std::string_view s) {
  if (s.empty() || s.size() > 19 || s[0] == '0') return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::users: return "users";
    case ResourceKind::channels: return "channels";
    case ResourceKind::members: return "members";
    case ResourceKind::messages: return "messages";
  }
  return "users";
}

std::optional<ResourceKind> parse_resource_kind(std::string_view name) {
  for (const auto kind : {ResourceKind::users, ResourceKind::channels, ResourceKind::members,
                          ResourceKind::messages}) {
    if (name == to_string(kind)) return kind;
  }
  return std::nullopt;
}

const ResourceSpec& resource_spec(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::users: return users_spec;
    case ResourceKind::channels: return channels_spec;
    case ResourceKind::members: return members_spec;
    case ResourceKind::messages: return messages_spec;
  }
  return users_spec;
}

const ItemVariant* find_variant(const ResourceSpec& spec, std::string_view type_value) {
  for (const auto& variant : spec.variants) {
    if (variant.type_value == type_value) return &variant;
  }
  return nullptr;
}

std::optional<ResourceKind> kind_from_path(std::string_view path) {
  const std::string_view name = base_name(path);
  if (!name.ends_with(".json")) return std::nullopt;
  if (parent_name(path) == "members") return ResourceKind::members;
  for (const auto kind : {ResourceKind::users, ResourceKind::channels, ResourceKind::messages}) {
    if (name.starts_with(to_string(kind))) return kind;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> member_file_channel(std::string_view path) {
  if (parent_name(path) != "members") return std::nullopt;
  std::string_view stem = base_name(path);
  if (!stem.ends_with(".json")) return std::nullopt;
  stem.remove_suffix(std::string_view(".json").size());
  if (!is_positive_integer(stem)) return std::nullopt;
  std::uint64_t id = 0;
  std::from_chars(stem.data(), stem.data() + stem.size(), id);  // at most 19 digits: fits
  return id;
}

}  // namespace ckimport::model
