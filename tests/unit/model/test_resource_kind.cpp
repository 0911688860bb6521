// model::kind_from_path, model::member_file_channel, model::parse_resource_kind
// and the resource specs the item checker dispatches on.

#include "model/resource_kind.hpp"

#include <optional>
#include <string>

#include <catch2/catch.hpp>

namespace {

using ckimport::model::find_variant;
using ckimport::model::kind_from_path;
using ckimport::model::member_file_channel;
using ckimport::model::parse_resource_kind;
using ckimport::model::resource_spec;
using ckimport::model::ResourceKind;

// "users", "channels", ... or "none".
std::string kind_of(std::string_view path) {
  const auto kind = kind_from_path(path);
  return kind ? std::string(to_string(*kind)) : "none";
}

std::string channel_of(std::string_view path) {
  const auto id = member_file_channel(path);
  return id ? std::to_string(*id) : "none";
}

}  // namespace

TEST_CASE("kind_from_path: users*, channels*, messages* by file name", "[model][resource_kind]") {
  CHECK(kind_of("users.json") == "users");
  CHECK(kind_of("users-2024.json") == "users");
  CHECK(kind_of("users_part1.json") == "users");
  CHECK(kind_of("channels.json") == "channels");
  CHECK(kind_of("channels.private.json") == "channels");
  CHECK(kind_of("messages.json") == "messages");
  CHECK(kind_of("messages-0001.json") == "messages");
  // Only the file name counts, not the folders.
  CHECK(kind_of("export/2024/users.json") == "users");
  CHECK(kind_of("/abs/path/messages-a.json") == "messages");
  CHECK(kind_of("users/channels.json") == "channels");
  CHECK(kind_of("existing/users.json") == "users");
}

TEST_CASE("kind_from_path: any .json file in a members folder is a members file",
          "[model][resource_kind]") {
  CHECK(kind_of("members/1001.json") == "members");
  CHECK(kind_of("members/general.json") == "members");
  CHECK(kind_of("bundle/members/42.json") == "members");
  // The folder wins over the file name.
  CHECK(kind_of("members/users.json") == "members");
}

TEST_CASE("kind_from_path: names that match no kind", "[model][resource_kind]") {
  CHECK(kind_of("") == "none");
  CHECK(kind_of("users") == "none");
  CHECK(kind_of("users.txt") == "none");
  CHECK(kind_of("users.json.bak") == "none");
  CHECK(kind_of("users.JSON") == "none");
  CHECK(kind_of("Users.json") == "none");  // case matters
  CHECK(kind_of("myusers.json") == "none");
  CHECK(kind_of("members.json") == "none");
  CHECK(kind_of("member/1.json") == "none");
  CHECK(kind_of("notmembers/1.json") == "none");
  CHECK(kind_of("members/1001.txt") == "none");
  CHECK(kind_of("user.json") == "none");
  CHECK(kind_of("users.json/") == "none");
}

TEST_CASE("member_file_channel: a positive integer file name in members/ is the channel ID",
          "[model][resource_kind]") {
  CHECK(channel_of("members/1001.json") == "1001");
  CHECK(channel_of("members/1.json") == "1");
  CHECK(channel_of("a/b/members/42.json") == "42");
  CHECK(channel_of("/abs/members/9223372036854775807.json") == "9223372036854775807");
  CHECK(channel_of("members/1234567890123456789.json") == "1234567890123456789");  // 19 digits
}

TEST_CASE("member_file_channel: names that are not a positive integer, or not in members/",
          "[model][resource_kind]") {
  CHECK(channel_of("members/general.json") == "none");
  CHECK(channel_of("members/0.json") == "none");
  CHECK(channel_of("members/007.json") == "none");  // leading zero
  CHECK(channel_of("members/-5.json") == "none");
  CHECK(channel_of("members/+5.json") == "none");
  CHECK(channel_of("members/1e3.json") == "none");
  CHECK(channel_of("members/12 .json") == "none");
  CHECK(channel_of("members/.json") == "none");
  CHECK(channel_of("members/12345678901234567890.json") == "none");  // 20 digits
  CHECK(channel_of("1001.json") == "none");
  CHECK(channel_of("other/1001.json") == "none");
  CHECK(channel_of("members1001.json") == "none");
}

TEST_CASE("member_file_channel: a members/ file that is not .json has no channel",
          "[model][resource_kind]") {
  // Regression test (src/model/resource_kind.cpp, member_file_channel).
  CHECK(channel_of("members/1001.txt") == "none");
  CHECK(channel_of("members/12345678") == "none");  // gives "123"
}

TEST_CASE("parse_resource_kind: the four kind names, exactly", "[model][resource_kind]") {
  CHECK(parse_resource_kind("users") == ResourceKind::users);
  CHECK(parse_resource_kind("channels") == ResourceKind::channels);
  CHECK(parse_resource_kind("members") == ResourceKind::members);
  CHECK(parse_resource_kind("messages") == ResourceKind::messages);
  CHECK_FALSE(parse_resource_kind("user").has_value());
  CHECK_FALSE(parse_resource_kind("Users").has_value());
  CHECK_FALSE(parse_resource_kind("users ").has_value());
  CHECK_FALSE(parse_resource_kind("").has_value());
  CHECK_FALSE(parse_resource_kind("existing").has_value());
  for (const auto kind : {ResourceKind::users, ResourceKind::channels, ResourceKind::members,
                          ResourceKind::messages}) {
    CHECK(parse_resource_kind(to_string(kind)) == kind);
  }
}

TEST_CASE("resource_spec and find_variant: discriminators, variants and schemas",
          "[model][resource_kind]") {
  const auto& users = resource_spec(ResourceKind::users);
  CHECK(users.kind == ResourceKind::users);
  CHECK(users.discriminator.empty());
  REQUIRE(users.variants.size() == 1);
  CHECK(users.variants[0].schema_file == "user.schema.json");

  const auto& channels = resource_spec(ResourceKind::channels);
  CHECK(channels.discriminator == "type");
  CHECK(channels.item_noun == "a channel");
  REQUIRE(channels.variants.size() == 3);
  const auto* direct = find_variant(channels, "DIRECT");
  REQUIRE(direct != nullptr);
  CHECK(direct->schema_file == "channel-direct.schema.json");
  CHECK(direct->noun == "a direct channel");
  REQUIRE(direct->ignored_fields.size() == 2);
  CHECK(direct->ignored_fields[0] == "name");
  CHECK(direct->ignored_fields[1] == "displayName");
  CHECK(find_variant(channels, "PUBLIC")->schema_file == "channel.schema.json");
  CHECK(find_variant(channels, "PRIVATE")->schema_file == "channel.schema.json");
  CHECK(find_variant(channels, "direct") == nullptr);
  CHECK(find_variant(channels, "") == nullptr);

  const auto& messages = resource_spec(ResourceKind::messages);
  CHECK(messages.discriminator == "type");
  const auto* system = find_variant(messages, "SYSTEM_TEXT");
  REQUIRE(system != nullptr);
  CHECK(system->schema_file == "message-system-text.schema.json");
  REQUIRE(system->ignored_fields.size() == 1);
  CHECK(system->ignored_fields[0] == "user");
  CHECK(find_variant(messages, "TEXT")->ignored_fields.empty());

  const auto& members = resource_spec(ResourceKind::members);
  CHECK(members.discriminator.empty());
  CHECK(find_variant(members, "")->schema_file == "channel-member.schema.json");
}
