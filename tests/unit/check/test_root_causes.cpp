// One diagnostic per root cause (issue 11), through the engine: a missing
// user or channel is reported once per file with its count; a reference
// rule judges only where both sides are known (no cascades).

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "check/engine.hpp"

namespace {

using ckimport::check::CheckRequest;
using ckimport::check::Engine;
using ckimport::check::ListReporter;
using ckimport::diag::Diagnostic;
using ckimport::diag::RuleId;
using ckimport::diag::Severity;
using ckimport::test::TempDir;

constexpr std::string_view users = R"([
  {"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}},
  {"name": "joe", "displayName": "Joe", "isGuest": false, "properties": {}}
])";

std::string text_message(std::string_view channel, std::string_view user) {
  return R"(  {"type": "TEXT", "channelId": )" + std::string(channel) + R"(, "body": "hi", "user": ")" +
         std::string(user) + "\"}";
}

std::string array(const std::vector<std::string>& items) {
  std::string out = "[\n";
  for (std::size_t i = 0; i < items.size(); ++i) out += items[i] + (i + 1 < items.size() ? ",\n" : "\n");
  return out + "]\n";
}

std::vector<Diagnostic> check(const TempDir& dir) {
  CheckRequest request;
  request.paths = {dir.str()};
  ListReporter reporter;
  Engine engine;
  engine.check(request, reporter);
  return std::move(reporter.diagnostics);
}

// Pointers into `all`, which must outlive them: a temporary does not compile.
std::vector<const Diagnostic*> of_rule(std::vector<Diagnostic>&& all, RuleId rule) = delete;
std::vector<const Diagnostic*> of_rule(const std::vector<Diagnostic>& all, RuleId rule) {
  std::vector<const Diagnostic*> out;
  for (const auto& d : all) {
    if (d.rule == rule) out.push_back(&d);
  }
  return out;
}

}  // namespace

TEST_CASE("Root causes: a missing sender is one diagnostic per file, at its first reference, with the count",
          "[check][root-causes]") {
  const TempDir dir;
  dir.write("users.json", users);
  dir.write("existing/channels.json", R"({"general": 1001})");
  std::vector<std::string> messages;
  for (int i = 0; i < 1200; ++i) messages.push_back(text_message("1001", i % 2 == 0 ? "ghost" : "jane"));
  dir.write("messages.json", array(messages));
  const auto found = check(dir);
  const auto unknown = of_rule(found, RuleId::unknown_user);
  REQUIRE(unknown.size() == 1);
  const Diagnostic& d = *unknown.front();
  CHECK(d.location.begin.line.value == 2);
  CHECK(d.location.begin.column.value == 61);
  CHECK(d.occurrences == 600);
  CHECK(d.message == "sender `ghost` is not a user of the bundle or the platform (600 messages)");
  // The next three references, as related places.
  REQUIRE(d.related.size() == 3);
  CHECK(d.related[0].message == "also here");
  CHECK(d.related[0].location.begin.line.value == 4);
  CHECK(d.related[2].location.begin.line.value == 8);
}

TEST_CASE("Root causes: a missing channel ID is one diagnostic, and an invalid ID is not unknown",
          "[check][root-causes]") {
  const TempDir dir;
  dir.write("users.json", users);
  dir.write("existing/channels.json", R"({"general": 1001})");
  dir.write("messages.json", array({text_message("4242", "jane"), text_message("1001", "jane"),
                                    text_message("4242", "joe"), text_message("0", "jane"),
                                    text_message("-0", "jane"), text_message("9223372036854775808", "jane"),
                                    text_message("\"1001\"", "jane")}));
  const auto found = check(dir);
  const auto unknown = of_rule(found, RuleId::unknown_channel);
  REQUIRE(unknown.size() == 1);
  CHECK(unknown.front()->location.begin.line.value == 2);
  CHECK(unknown.front()->location.begin.column.value == 33);
  CHECK(unknown.front()->occurrences == 2);
  CHECK(unknown.front()->message == "channel 4242 is not a known channel (2 messages)");
  CHECK(of_rule(found, RuleId::invalid_value).size() == 3);  // 0, -0 and 2^63
  CHECK(of_rule(found, RuleId::wrong_type).size() == 1);     // "1001"
}

TEST_CASE("Root causes: sender-not-member once per sender and channel; none for a channel whose members are unknown",
          "[check][root-causes]") {
  const TempDir dir;
  dir.write("users.json", users);
  dir.write("existing/channels.json", R"({"general": 1001, "random": 1002})");
  dir.write("channels.json", R"([
  {"type": "PUBLIC", "name": "general", "members": ["jane"]},
  {"type": "PUBLIC", "name": "random", "members": "jane,joe"},
  {"type": "DIRECT", "members": "jane,joe"},
  {"type": "DIRECT", "members": "jane,joe"}
])");
  dir.write("messages.json", array({text_message("1001", "joe"), text_message("1002", "joe"),
                                    text_message("1001", "joe"), text_message("1002", "jane")}));
  const auto found = check(dir);
  const auto not_member = of_rule(found, RuleId::sender_not_member);
  REQUIRE(not_member.size() == 1);
  CHECK(not_member.front()->location.begin.line.value == 2);
  CHECK(not_member.front()->occurrences == 2);
  CHECK(not_member.front()->message.find("sender `joe` is not a member of channel `general`") == 0);
  CHECK(of_rule(found, RuleId::duplicate_direct_channel).empty());
  CHECK(of_rule(found, RuleId::wrong_type).size() == 3);
}

TEST_CASE("Root causes: an unreadable users item makes a missing sender a note that names the item",
          "[check][root-causes]") {
  const TempDir dir;
  dir.write("users.json", R"([
  {"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}},
  {"name": "alice", "displayName": "Alice", "isGuest": false, "properties": {},}
])");
  dir.write("existing/channels.json", R"({"general": 1001})");
  dir.write("messages.json", array({text_message("1001", "alice"), text_message("1001", "alice")}));
  const auto found = check(dir);
  const auto unknown = of_rule(found, RuleId::unknown_user);
  REQUIRE(unknown.size() == 1);
  const Diagnostic& d = *unknown.front();
  CHECK(d.severity == Severity::note);
  CHECK(d.message.find("; it may be defined by the unreadable item at " + dir.str() + "/users.json:3:3") !=
        std::string::npos);
  CHECK(d.occurrences == 2);
  REQUIRE_FALSE(d.related.empty());
  CHECK(d.related.front().message == "could not be read");
  CHECK(d.related.front().location.begin.line.value == 3);
  CHECK(d.related.front().location.begin.column.value == 3);
}

TEST_CASE("Root causes: a users item without a readable name makes the table partial too", "[check][root-causes]") {
  const TempDir dir;
  dir.write("users.json", R"([
  {"username": "bob", "displayName": "Bob", "isGuest": false, "properties": {}}
])");
  dir.write("existing/channels.json", R"({"general": 1001})");
  dir.write("messages.json", array({text_message("1001", "bob")}));
  const auto found = check(dir);
  const auto unknown = of_rule(found, RuleId::unknown_user);
  REQUIRE(unknown.size() == 1);
  CHECK(unknown.front()->severity == Severity::note);
  CHECK(unknown.front()->message.find("unreadable item at " + dir.str() + "/users.json:2:3") != std::string::npos);
}

TEST_CASE("Root causes: `user` in a members file is one diagnostic, did you mean `username`", "[check][root-causes]") {
  const TempDir dir;
  dir.write("users.json", users);
  dir.write("existing/channels.json", R"({"general": 1001})");
  dir.write("members/1001.json", R"([
  {"user": "joe"}
])");
  const auto found = check(dir);
  REQUIRE(found.size() == 1);
  CHECK(found.front().rule == RuleId::unknown_field);
  CHECK(found.front().location.begin.line.value == 2);
  CHECK(found.front().location.begin.column.value == 4);
  CHECK(found.front().message == "`user` is not a field of a channel member; did you mean `username`?");
}

TEST_CASE("Root causes: an element too large in a users file makes the rest of it unknown", "[check][root-causes]") {
  const TempDir dir;
  dir.write("users.json", "[\n  {\"name\": \"jane\", \"displayName\": \"Jane\", \"isGuest\": false, \"properties\": {}},\n"
                          "  {\"name\": \"big\", \"displayName\": \"" + std::string(300, 'x') +
                              "\", \"isGuest\": false, \"properties\": {}},\n"
                          "  {\"name\": \"joe\", \"displayName\": \"Joe\", \"isGuest\": false, \"properties\": {}}\n]\n");
  dir.write("existing/channels.json", R"({"general": 1001})");
  dir.write("messages.json", array({text_message("1001", "joe"), text_message("1001", "jane")}));
  ckimport::check::EngineOptions options;
  options.max_item_size = 200;
  CheckRequest request;
  request.paths = {dir.str()};
  ListReporter reporter;
  Engine engine(options);
  engine.check(request, reporter);
  REQUIRE(of_rule(reporter.diagnostics, RuleId::element_too_large).size() == 1);
  const auto unknown = of_rule(reporter.diagnostics, RuleId::unknown_user);
  REQUIRE(unknown.size() == 1);  // joe, after the cut; jane was read
  CHECK(unknown.front()->severity == Severity::note);
  CHECK(unknown.front()->location.begin.line.value == 2);
  CHECK(unknown.front()->message.find("unreadable item at " + dir.str() + "/users.json:3:3") != std::string::npos);
}
