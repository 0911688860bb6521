// schema::suggest_name, schema::describe_location, and the findings of
// check::ItemChecker over the embedded schemas, end to end: an item's text is
// parsed with simdjson and every finding is compared as one line,
//   "<severity> <rule> @<pointer> <part>[#<occurrence>]: <message>"
// with its help checked separately.

#include "schema/value_validator.hpp"

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "check/item_checker.hpp"
#include "json/token_locator.hpp"
#include "model/resource_kind.hpp"
#include "schema/schema_registry.hpp"
#include "../test_support.hpp"

namespace {

using ckimport::check::ItemChecker;
using ckimport::json::JsonPointer;
using ckimport::json::TokenPart;
using ckimport::model::ResourceKind;
using ckimport::schema::describe_location;
using ckimport::schema::Finding;
using ckimport::schema::suggest_name;
using Lines = std::vector<std::string>;

std::string part_name(TokenPart part) {
  switch (part) {
    case TokenPart::value: return "value";
    case TokenPart::key: return "key";
    case TokenPart::opening_brace: return "brace";
  }
  return "?";
}

std::string describe(const Finding& f) {
  std::string out = std::string(ckimport::diag::to_string(f.severity)) + " " + std::string(ckimport::diag::rule_name(f.rule)) + " @" +
                    f.at.pointer.to_string() + " " + part_name(f.at.part);
  if (f.at.occurrence != ckimport::json::last_occurrence) out += "#" + std::to_string(f.at.occurrence);
  return out + ": " + f.message;
}

struct Checked {
  std::vector<Finding> findings;
  Lines lines;
};

// One registry and checker for the whole test binary: schemas compile once.
ItemChecker& checker() {
  static ckimport::schema::SchemaRegistry registry;
  static ItemChecker instance(registry);
  return instance;
}

Checked check(ResourceKind kind, std::string_view text) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(text);
  simdjson::dom::element item;
  REQUIRE(parser.parse(padded).get(item) == simdjson::SUCCESS);
  Checked out;
  checker().check(kind, item, out.findings);
  for (const auto& f : out.findings) out.lines.push_back(describe(f));
  return out;
}

// The bytes of `text` a finding points at ("none" when it points nowhere).
std::string token_of(std::string_view text, const Finding& f) {
  const auto range = ckimport::json::locate_token(text, f.at.pointer, f.at.part, f.at.occurrence);
  if (!range) return "none";
  return std::string(text.substr(range->offset, range->length));
}

const char* const kUserFields = "name, displayName, isGuest, guest, properties, displayPicture, idempotencyKey";

}  // namespace

// ---------------------------------------------------------------------------
// suggest_name

TEST_CASE("suggest_name: snake_case becomes the camelCase field", "[schema][suggest_name]") {
  const std::vector<std::string_view> fields{"name", "displayName", "isGuest", "properties"};
  CHECK(suggest_name("display_name", fields) == "displayName");
  CHECK(suggest_name("is_guest", fields) == "isGuest");
  CHECK(suggest_name("display-name", fields) == "displayName");
}

TEST_CASE("suggest_name: a small misspelling finds the field", "[schema][suggest_name]") {
  const std::vector<std::string_view> fields{"name", "displayName", "isGuest", "properties"};
  CHECK(suggest_name("propertes", fields) == "properties");
  CHECK(suggest_name("proprties", fields) == "properties");
  CHECK(suggest_name("displayname", fields) == "displayName");  // case only
  CHECK(suggest_name("Name", fields) == "name");
  CHECK(suggest_name("nme", fields) == "name");  // one edit
  CHECK(suggest_name("nmae", fields).empty());  // two edits, and a 4-letter name allows 1
}

TEST_CASE("suggest_name: a word people use for the field, where the field is there",
          "[schema][suggest_name]") {
  const std::vector<std::string_view> user{"name", "displayName", "isGuest", "properties", "displayPicture"};
  const std::vector<std::string_view> message{"type", "channelId", "body", "user", "groupTag"};
  CHECK(suggest_name("username", user) == "name");
  CHECK(suggest_name("avatar", user) == "displayPicture");
  CHECK(suggest_name("text", message) == "body");
  CHECK(suggest_name("sender", message) == "user");
  CHECK(suggest_name("channel", message) == "channelId");
  // Not where the field it stands for is missing (a members file has `username`).
  CHECK(suggest_name("text", user).empty());
  CHECK(suggest_name("sender", user).empty());
}

TEST_CASE("suggest_name: nothing for an unrelated name or an exact match", "[schema][suggest_name]") {
  const std::vector<std::string_view> fields{"name", "displayName", "isGuest", "properties"};
  CHECK(suggest_name("zzz", fields).empty());
  CHECK(suggest_name("color", fields).empty());
  CHECK(suggest_name("avatarUrl", fields).empty());
  CHECK(suggest_name("name", std::vector<std::string_view>{"name"}).empty());
  CHECK(suggest_name("anything", {}).empty());
}

TEST_CASE("suggest_name: the closest of several candidates wins", "[schema][suggest_name]") {
  CHECK(suggest_name("membrs", {"members", "member_count"}) == "members");
  CHECK(suggest_name("creater", {"channelId", "creator", "created"}) == "creator");
}

// ---------------------------------------------------------------------------
// describe_location

TEST_CASE("describe_location: the noun for the root, dotted paths and [i] otherwise",
          "[schema][describe_location]") {
  CHECK(describe_location(JsonPointer{}, "a user") == "a user");
  CHECK(describe_location(JsonPointer{}.key("name"), "a user") == "`name`");
  CHECK(describe_location(JsonPointer{}.key("displayPicture").key("url"), "a user") ==
        "`displayPicture.url`");
  CHECK(describe_location(JsonPointer{}.key("members").index(2), "a channel") == "`members[2]`");
  CHECK(describe_location(JsonPointer{}.key("a").index(0).key("b").index(1).index(2), "x") ==
        "`a[0].b[1][2]`");
  CHECK(describe_location(JsonPointer{}.index(0).key("a"), "x") == "`[0].a`");
}

// ---------------------------------------------------------------------------
// Items that are fine

TEST_CASE("ItemChecker: valid items of every kind have no findings", "[schema][item_checker]") {
  CHECK(check(ResourceKind::users,
              R"({"name":"jane","displayName":"Jane","isGuest":false,"properties":{"a":[1]},
                  "displayPicture":{"url":"https://example.com/a.png","name":"a.png",
                  "contentType":"image/png","size":10},"idempotencyKey":"k1"})")
            .lines.empty());
  CHECK(check(ResourceKind::channels, R"({"type":"PUBLIC","name":"general","members":["jane"]})")
            .lines.empty());
  CHECK(check(ResourceKind::channels, R"({"type":"PRIVATE","members":[]})").lines.empty());
  CHECK(check(ResourceKind::channels, R"({"type":"DIRECT","members":["a","b"]})").lines.empty());
  CHECK(check(ResourceKind::members, R"({"username":"jane"})").lines.empty());
  CHECK(check(ResourceKind::messages, R"({"type":"TEXT","channelId":1,"body":"hi","user":"jane"})")
            .lines.empty());
  CHECK(check(ResourceKind::messages, R"({"type":"SYSTEM_TEXT","channelId":9,"body":"hi"})")
            .lines.empty());
}

// ---------------------------------------------------------------------------
// unknown-field

TEST_CASE("ItemChecker: an unknown field with a suggestion hides the missing field it stands for",
          "[schema][item_checker]") {
  const std::string text =
      R"({"name":"jane","display_name":"Jane","properties":{},"isGuest":false})";
  const auto r = check(ResourceKind::users, text);
  CHECK(r.lines == Lines{"error unknown-field @/display_name key: `display_name` is not a field "
                         "of a user; did you mean `displayName`?"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].help == "rename it to `displayName`");
  CHECK(token_of(text, r.findings[0]) == "\"display_name\"");
}

TEST_CASE("ItemChecker: a misspelled nested field names its object", "[schema][item_checker]") {
  const std::string text =
      R"({"name":"j","displayName":"J","properties":{},"isGuest":true,
          "displayPicture":{"urll":"https://x.org/a.png","name":"a.png","contentType":"image/png","size":1}})";
  const auto r = check(ResourceKind::users, text);
  CHECK(r.lines == Lines{"error unknown-field @/displayPicture/urll key: `urll` is not a field of "
                         "`displayPicture`; did you mean `url`?"});
  REQUIRE(r.findings.size() == 1);
  CHECK(token_of(text, r.findings[0]) == "\"urll\"");
}

TEST_CASE("ItemChecker: an unknown field without a suggestion lists the fields",
          "[schema][item_checker]") {
  const auto r = check(ResourceKind::users,
                       R"({"name":"j","displayName":"J","properties":{},"isGuest":true,"zzz":1})");
  CHECK(r.lines == Lines{"error unknown-field @/zzz key: `zzz` is not a field of a user"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].help == std::string("the fields of a user are: ") + kUserFields);
}

TEST_CASE("ItemChecker: a misspelling of a field that is present does not hide anything",
          "[schema][item_checker]") {
  // `propertes` suggests `properties`, which is there: nothing is missing.
  const auto r = check(ResourceKind::users,
                       R"({"name":"j","displayName":"J","properties":{},"propertes":{},"isGuest":true})");
  CHECK(r.lines == Lines{"error unknown-field @/propertes key: `propertes` is not a field of a "
                         "user; did you mean `properties`?"});
}

// ---------------------------------------------------------------------------
// wrong-type, invalid-value

TEST_CASE("ItemChecker: a value of the wrong type", "[schema][item_checker]") {
  const std::string text = R"({"name":"j","displayName":"J","properties":{},"isGuest":"no"})";
  const auto r = check(ResourceKind::users, text);
  CHECK(r.lines ==
        Lines{"error wrong-type @/isGuest value: `isGuest` must be a boolean, found a string (\"no\")"});
  REQUIRE(r.findings.size() == 1);
  CHECK_FALSE(r.findings[0].help.has_value());
  CHECK(token_of(text, r.findings[0]) == "\"no\"");
}

TEST_CASE("ItemChecker: wrong types with a known fix", "[schema][item_checker]") {
  const auto quoted = check(ResourceKind::messages,
                            R"({"type":"TEXT","channelId":"5","body":"hi","user":"jane"})");
  CHECK(quoted.lines == Lines{"error wrong-type @/channelId value: `channelId` must be an integer, "
                              "found a string (\"5\")"});
  REQUIRE(quoted.findings.size() == 1);
  CHECK(quoted.findings[0].help == "remove the quotes around the number");

  const auto unquoted =
      check(ResourceKind::users, R"({"name":5,"displayName":"J","properties":{},"isGuest":true})");
  CHECK(unquoted.lines ==
        Lines{"error wrong-type @/name value: `name` must be a string, found the number 5"});
  REQUIRE(unquoted.findings.size() == 1);
  CHECK(unquoted.findings[0].help == "put the value in double quotes");

  const auto nested = check(ResourceKind::channels, R"({"type":"PUBLIC","members":["a",7]})");
  CHECK(nested.lines ==
        Lines{"error wrong-type @/members/1 value: `members[1]` must be a string, found the number 7"});
}

TEST_CASE("ItemChecker: values out of bounds or empty", "[schema][item_checker]") {
  const auto zero =
      check(ResourceKind::messages, R"({"type":"TEXT","channelId":0,"body":"hi","user":"jane"})");
  CHECK(zero.lines ==
        Lines{"error invalid-value @/channelId value: `channelId` must be at least 1, found 0"});

  const auto empty =
      check(ResourceKind::users, R"({"name":"","displayName":"J","properties":{},"isGuest":true})");
  CHECK(empty.lines == Lines{"error invalid-value @/name value: `name` must not be empty"});
}

TEST_CASE("ItemChecker: a DIRECT channel with fewer than 2 or more than 10 members",
          "[schema][item_checker]") {
  const std::string one = R"({"type":"DIRECT","members":["a"]})";
  const auto r = check(ResourceKind::channels, one);
  CHECK(r.lines == Lines{"error invalid-value @/members value: `members` must have at least 2 "
                         "elements, found 1 element"});
  REQUIRE(r.findings.size() == 1);
  CHECK(token_of(one, r.findings[0]) == "[\"a\"]");

  const auto eleven = check(ResourceKind::channels,
                            R"({"type":"DIRECT","members":["a","b","c","d","e","f","g","h","i","j","k"]})");
  CHECK(eleven.lines == Lines{"error invalid-value @/members value: `members` must have at most 10 "
                              "elements, found 11 elements"});

  const auto none = check(ResourceKind::channels, R"({"type":"DIRECT","members":[]})");
  CHECK(none.lines == Lines{"error invalid-value @/members value: `members` must have at least 2 "
                            "elements, found 0 elements"});
}

TEST_CASE("ItemChecker: a URL that does not match its pattern gets the schema's description",
          "[schema][item_checker]") {
  const auto r = check(ResourceKind::users,
                       R"({"name":"j","displayName":"J","properties":{},"isGuest":true,
                           "displayPicture":{"url":"ftp://x.org/a.png","name":"a.png","contentType":"image/png","size":1}})");
  CHECK(r.lines == Lines{"error invalid-value @/displayPicture/url value: `displayPicture.url` is "
                         "not in the expected format: \"ftp://x.org/a.png\""});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].help == "expected: absolute http(s) URL the server downloads the file from");
}

// ---------------------------------------------------------------------------
// missing-field

TEST_CASE("ItemChecker: a missing required field points at the object's brace",
          "[schema][item_checker]") {
  const std::string text = R"(  {"name":"j","displayName":"J","isGuest":false})";
  const auto r = check(ResourceKind::users, text);
  CHECK(r.lines == Lines{"error missing-field @ brace: missing required field `properties` in a user"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].help == "add `\"properties\": {}`");
  CHECK(token_of(text, r.findings[0]) == "{");
}

TEST_CASE("ItemChecker: several missing fields, each with a placeholder of its type",
          "[schema][item_checker]") {
  const auto r = check(ResourceKind::messages, R"({"type":"TEXT"})");
  // In name order (valijson keeps `required` in a sorted set), not the schema's.
  CHECK(r.lines == Lines{"error missing-field @ brace: missing required field `body` in a text message",
                         "error missing-field @ brace: missing required field `channelId` in a text message",
                         "error missing-field @ brace: missing required field `user` in a text message"});
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[0].help == "add `\"body\": \"...\"`");
  CHECK(r.findings[1].help == "add `\"channelId\": 1`");
  CHECK(r.findings[2].help == "add `\"user\": \"...\"`");
}

TEST_CASE("ItemChecker: a missing field in a nested object names the object",
          "[schema][item_checker]") {
  const auto r = check(ResourceKind::users,
                       R"({"name":"j","displayName":"J","properties":{},"isGuest":true,
                           "displayPicture":{"url":"https://x.org/a.png","name":"a.png","contentType":"image/png"}})");
  CHECK(r.lines == Lines{"error missing-field @/displayPicture brace: missing required field `size` "
                         "in `displayPicture`"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].help == "add `\"size\": 0`");
}

// ---------------------------------------------------------------------------
// The `type` discriminator

TEST_CASE("ItemChecker: an unknown channel type lists the types", "[schema][item_checker]") {
  const std::string text = R"({"type":"GROUP","members":["a"]})";
  const auto r = check(ResourceKind::channels, text);
  CHECK(r.lines == Lines{"error unknown-item-type @/type value: `GROUP` is not a channel type; "
                         "expected PUBLIC, PRIVATE or DIRECT"});
  REQUIRE(r.findings.size() == 1);
  CHECK_FALSE(r.findings[0].help.has_value());
  CHECK(token_of(text, r.findings[0]) == "\"GROUP\"");
}

TEST_CASE("ItemChecker: a lower-case type is told to be upper case", "[schema][item_checker]") {
  const auto r = check(ResourceKind::channels, R"({"type":"public","members":["a"]})");
  CHECK(r.lines == Lines{"error unknown-item-type @/type value: `public` is not a channel type; "
                         "expected PUBLIC, PRIVATE or DIRECT"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].help == "types are upper case: use \"PUBLIC\"");

  const auto message = check(ResourceKind::messages, R"({"type":"system_text","channelId":1,"body":"x"})");
  CHECK(message.lines == Lines{"error unknown-item-type @/type value: `system_text` is not a message "
                               "type; expected TEXT or SYSTEM_TEXT"});
  REQUIRE(message.findings.size() == 1);
  CHECK(message.findings[0].help == "types are upper case: use \"SYSTEM_TEXT\"");
}

TEST_CASE("ItemChecker: a missing or non-string type", "[schema][item_checker]") {
  const auto missing = check(ResourceKind::channels, R"({"members":["a"]})");
  CHECK(missing.lines == Lines{"error missing-field @ brace: missing required field `type` in a channel"});
  REQUIRE(missing.findings.size() == 1);
  CHECK(missing.findings[0].help == "add `\"type\": ` with one of PUBLIC, PRIVATE or DIRECT");

  const auto number = check(ResourceKind::messages, R"({"type":5,"channelId":1,"body":"x"})");
  CHECK(number.lines == Lines{"error wrong-type @/type value: `type` must be a string, found a number"});
  REQUIRE(number.findings.size() == 1);
  CHECK(number.findings[0].help == "use one of TEXT or SYSTEM_TEXT");
}

// ---------------------------------------------------------------------------
// ignored-field

TEST_CASE("ItemChecker: fields the server ignores are warnings", "[schema][item_checker]") {
  const std::string direct = R"({"type":"DIRECT","members":["a","b"],"name":"x","displayName":"X"})";
  const auto r = check(ResourceKind::channels, direct);
  CHECK(r.lines == Lines{
                       "warning ignored-field @/name key: `name` is not a field of a direct channel; the server ignores it",
                       "warning ignored-field @/displayName key: `displayName` is not a field of a direct channel; the server ignores it",
                   });
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].help == "remove it");
  CHECK(token_of(direct, r.findings[1]) == "\"displayName\"");

  const auto system = check(ResourceKind::messages,
                            R"({"type":"SYSTEM_TEXT","channelId":1,"body":"hi","user":"bob"})");
  CHECK(system.lines == Lines{"warning ignored-field @/user key: `user` is not a field of a system "
                              "message; the server ignores it"});

  // The same fields are real fields of other variants.
  CHECK(check(ResourceKind::channels, R"({"type":"PUBLIC","members":[],"name":"x","displayName":"X"})")
            .lines.empty());
}

// ---------------------------------------------------------------------------
// guest / isGuest

TEST_CASE("ItemChecker: `guest` alone is the old name of `isGuest`", "[schema][item_checker]") {
  const auto r =
      check(ResourceKind::users, R"({"name":"j","displayName":"J","properties":{},"guest":true})");
  CHECK(r.lines == Lines{"warning guest-field @/guest key: `guest` is the old name of `isGuest`"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].help == "rename it to `isGuest`");
}

TEST_CASE("ItemChecker: neither `guest` nor `isGuest` is a missing field", "[schema][item_checker]") {
  const auto r = check(ResourceKind::users, R"({"name":"j","displayName":"J","properties":{}})");
  CHECK(r.lines == Lines{"error missing-field @ brace: missing required field `isGuest` in a user"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].help == "add `\"isGuest\": false`");
}

TEST_CASE("ItemChecker: `guest` and `isGuest` that disagree conflict", "[schema][item_checker]") {
  const std::string text = R"({"name":"j","displayName":"J","properties":{},"isGuest":false,"guest":true})";
  const auto r = check(ResourceKind::users, text);
  CHECK(r.lines == Lines{"error guest-conflict @/guest key: `guest` and `isGuest` disagree; the "
                         "server reads only one of them"});
  REQUIRE(r.findings.size() == 1);
  const auto& f = r.findings[0];
  CHECK(f.help == "remove `guest` and keep the value you mean in `isGuest`");
  REQUIRE(f.related.size() == 1);
  CHECK(f.related[0].at.pointer.to_string() == "/isGuest");
  CHECK(f.related[0].at.part == TokenPart::key);
  CHECK(f.related[0].message == "`isGuest` is here");
  CHECK_FALSE(f.related[0].location.has_value());
}

TEST_CASE("ItemChecker: `guest` and `isGuest` that agree repeat each other", "[schema][item_checker]") {
  const auto r = check(ResourceKind::users,
                       R"({"name":"j","displayName":"J","properties":{},"isGuest":true,"guest":true})");
  CHECK(r.lines == Lines{"warning guest-field @/guest key: `guest` repeats `isGuest` under its old name"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].help == "remove `guest`");
}

TEST_CASE("ItemChecker: the guest rules are for users only", "[schema][item_checker]") {
  // In a members file `guest` is just an unknown field.
  const auto r = check(ResourceKind::members, R"({"username":"j","guest":true})");
  CHECK(r.lines == Lines{"error unknown-field @/guest key: `guest` is not a field of a channel member"});
}

// ---------------------------------------------------------------------------
// duplicate-key

TEST_CASE("ItemChecker: a duplicate key is one warning, not also an unknown field",
          "[schema][item_checker]") {
  const std::string text =
      R"({"name":"a","name":"b","displayName":"A","properties":{},"isGuest":false})";
  const auto r = check(ResourceKind::users, text);
  CHECK(r.lines == Lines{"warning duplicate-key @/name key#1: duplicate key `name`; JSON readers "
                         "keep only one of the values, most the last: ckimport checks the last"});
  REQUIRE(r.findings.size() == 1);
  const auto& f = r.findings[0];
  CHECK(f.help == "remove one of the two");
  CHECK(token_of(text, f) == "\"name\"");
  CHECK(ckimport::json::locate_token(text, f.at.pointer, f.at.part, f.at.occurrence)->offset == 12);
  REQUIRE(f.related.size() == 1);
  CHECK(f.related[0].at.pointer.to_string() == "/name");
  CHECK(f.related[0].at.occurrence == 0);
  CHECK(f.related[0].message == "first defined");
}

TEST_CASE("ItemChecker: duplicate keys in nested objects and arrays, each repeat once",
          "[schema][item_checker]") {
  const auto r = check(ResourceKind::messages,
                       R"({"type":"TEXT","channelId":1,"body":"b","user":"u",
                           "properties":{"x":1,"x":2,"x":3,"list":[0,{"k":1,"k":2}]}})");
  CHECK(r.lines == Lines{
                       "warning duplicate-key @/properties/x key#1: duplicate key `x`; JSON readers keep only one of the values, most the last: ckimport checks the last",
                       "warning duplicate-key @/properties/x key#2: duplicate key `x`; JSON readers keep only one of the values, most the last: ckimport checks the last",
                       "warning duplicate-key @/properties/list/1/k key#1: duplicate key `k`; JSON readers keep only one of the values, most the last: ckimport checks the last",
                   });
}

namespace {

// What find_duplicate_keys finds in `json`, parsed on its own.
std::vector<Finding> duplicate_keys_in(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element value;
  REQUIRE(parser.parse(simdjson::padded_string(json)).get(value) == simdjson::SUCCESS);
  std::vector<Finding> out;
  ckimport::check::find_duplicate_keys(value, out);
  return out;
}

}  // namespace

TEST_CASE("ItemChecker: find_duplicate_keys on its own", "[schema][item_checker]") {
  const auto out = duplicate_keys_in(R"([{"a":{"b":1,"b":2}},{"a":1}])");
  REQUIRE(out.size() == 1);
  CHECK(describe(out[0]) ==
        "warning duplicate-key @/0/a/b key#1: duplicate key `b`; JSON readers keep only one of the values, most the last: ckimport checks the last");
}

TEST_CASE("ItemChecker: keys alike in length and first bytes are told apart by the rest",
          "[schema][item_checker]") {
  // Keys are compared as one word (length, first 7 bytes) before their
  // bytes: these share the word, and only the last pair is a duplicate.
  const auto out = duplicate_keys_in(R"({"abcdefgX":1,"abcdefgY":2,"":3,"abcdefgXZ":4,"abcdefgY":5,"":6})");
  REQUIRE(out.size() == 2);
  CHECK(describe(out[0]) ==
        "warning duplicate-key @/abcdefgY key#1: duplicate key `abcdefgY`; JSON readers keep only one of the values, most the last: ckimport checks the last");
  CHECK(describe(out[1]) ==
        "warning duplicate-key @/ key#1: duplicate key ``; JSON readers keep only one of the values, most the last: ckimport checks the last");
}

// ---------------------------------------------------------------------------
// Not an object

TEST_CASE("ItemChecker: an item that is not an object", "[schema][item_checker]") {
  CHECK(check(ResourceKind::users, "[1]").lines ==
        Lines{"error wrong-type @ value: a user must be an object, found an array"});
  CHECK(check(ResourceKind::channels, "\"general\"").lines ==
        Lines{"error wrong-type @ value: a channel must be an object, found a string"});
  CHECK(check(ResourceKind::messages, "5").lines ==
        Lines{"error wrong-type @ value: a message must be an object, found a number"});
  CHECK(check(ResourceKind::members, "null").lines ==
        Lines{"error wrong-type @ value: a channel member must be an object, found null"});
  CHECK(check(ResourceKind::members, "true").lines ==
        Lines{"error wrong-type @ value: a channel member must be an object, found a boolean"});
  // Duplicate keys inside it are still found, first.
  CHECK(check(ResourceKind::users, R"([{"a":1,"a":2}])").lines ==
        Lines{"warning duplicate-key @/0/a key#1: duplicate key `a`; JSON readers keep only one of the values, most the last: ckimport checks the last",
              "error wrong-type @ value: a user must be an object, found an array"});
}

// ---------------------------------------------------------------------------
// ValueValidator with a schema of the user's (`ckimport validate`): each
// failing constraint, told from the schema's structure, is one finding with
// its rule.

namespace {

// The findings for `document` against `schema_text`, one line each.
Lines validate(std::string_view schema_text, std::string_view document) {
  ckimport::test::TempDir dir;
  const std::string path = dir.write("s.schema.json", schema_text);
  const auto schema = ckimport::schema::SchemaRegistry::compile_file(path);
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(document);
  simdjson::dom::element value;
  REQUIRE(parser.parse(padded).get(value) == simdjson::SUCCESS);
  std::vector<Finding> findings;
  ckimport::schema::ValueValidator validator;
  validator.validate(*schema, value, "the document", findings);
  Lines lines;
  for (const auto& f : findings) lines.push_back(describe(f));
  return lines;
}

}  // namespace

TEST_CASE("ValueValidator: a valid document has no finding", "[schema][value_validator]") {
  CHECK(validate(R"({"type": "object", "required": ["a"], "properties": {"a": {"minimum": 1}}})", R"({"a": 2})")
            .empty());
  CHECK(validate("true", "[1, {}]").empty());
}

TEST_CASE("ValueValidator: a false subschema is a finding at its value", "[schema][value_validator]") {
  // valijson names no failure for it; the walk of the schema does.
  CHECK(validate(R"({"properties": {"b": {"allOf": [false]}}})", R"({"b": 1})") ==
        Lines{"error schema-violation @/b value: `b` is not allowed: the schema for it is `false`"});
  CHECK(validate("false", "1") ==
        Lines{"error schema-violation @ value: the document is not allowed: the schema for it is `false`"});
}

TEST_CASE("ValueValidator: under allOf and if/then/else, the constraint that fails", "[schema][value_validator]") {
  CHECK(validate(R"({"allOf": [{"type": "object"}, {"properties": {"n": {"maximum": 3}}}]})", R"({"n": 5})") ==
        Lines{"error invalid-value @/n value: `n` must be at most 3, found 5"});
  CHECK(validate(R"({"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"maxProperties": 0}})",
                 R"({"a": 1})") == Lines{"error missing-field @ brace: missing required field `b` in the document"});
  CHECK(validate(R"({"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"maxProperties": 0}})",
                 R"({"c": 1})") ==
        Lines{"error invalid-value @ value: the document must have at most 0 fields, found 1 field"});
}

TEST_CASE("ValueValidator: anyOf and oneOf are one finding, not each branch's", "[schema][value_validator]") {
  CHECK(validate(R"({"anyOf": [{"type": "string"}, {"minimum": 10}]})", "5") ==
        Lines{"error schema-violation @ value: the document: failed to validate against any schemas allowed by "
              "anyOf constraint"});
  CHECK(validate(R"({"oneOf": [{"type": "integer"}, {"minimum": 1}]})", "5") ==
        Lines{"error schema-violation @ value: the document: failed to validate against exactly one child schema"});
  CHECK(validate(R"({"oneOf": [{"type": "string"}, {"type": "boolean"}]})", "5") ==
        Lines{"error schema-violation @ value: the document: failed to validate against any child schemas allowed "
              "by oneOf constraint"});
}

TEST_CASE("ValueValidator: each keyword's own finding", "[schema][value_validator]") {
  CHECK(validate(R"({"properties": {"tags": {"uniqueItems": true}}})", R"({"tags": ["a", "b", "a"]})") ==
        Lines{"error invalid-value @/tags value: `tags` must not repeat an element: [0] and [2] are equal"});
  CHECK(validate(R"({"multipleOf": 3})", "7") ==
        Lines{"error invalid-value @ value: the document must be a multiple of 3, found 7"});
  CHECK(validate(R"({"properties": {"x": {"exclusiveMinimum": 2}}})", R"({"x": 2})") ==
        Lines{"error invalid-value @/x value: `x` must be greater than 2, found 2"});
  CHECK(validate(R"({"dependencies": {"card": ["billing"]}})", R"({"card": 1})") ==
        Lines{"error schema-violation @ brace: the document: `billing` is required when `card` is present"});
  CHECK(validate(R"({"propertyNames": {"maxLength": 3}})", R"({"ok": 1, "toolong": 2})") ==
        Lines{"error schema-violation @/toolong key: key `toolong` of the document does not match the schema of "
              "`propertyNames`"});
  CHECK(validate(R"({"items": [{"type": "integer"}], "additionalItems": false})", "[1, 2]") ==
        Lines{"error schema-violation @/1 value: `[1]` is not allowed: the array has more elements than `items` "
              "lists"});
  CHECK(validate(R"({"contains": {"const": 7}})", "[1, 2]") ==
        Lines{"error schema-violation @ value: the document has no element that matches the schema of `contains`"});
  CHECK(validate(R"({"not": {"type": "integer"}})", "1") ==
        Lines{"error schema-violation @ value: the document: target should not validate against schema specified "
              "in 'not' constraint"});
}

TEST_CASE("ValueValidator: patternProperties and additionalProperties as valijson applies them",
          "[schema][value_validator]") {
  const char* schema = R"({"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false})";
  CHECK(validate(schema, R"({"x-a": "ok", "x-b": 1, "y": 2, "z": 3})") ==
        Lines{"error wrong-type @/x-b value: `x-b` must be a string, found the number 1",
              "error unknown-field @/y key: `y` is not a field of the document",
              "error unknown-field @/z key: `z` is not a field of the document"});
}

TEST_CASE("ValueValidator: of duplicate keys the last counts, everywhere", "[schema][value_validator]") {
  // `const` with duplicate keys accepts the very object it spells.
  CHECK(validate(R"({"const": {"a": 1, "a": 2}})", R"({"a": 1, "a": 2})").empty());
  CHECK(validate(R"({"const": {"a": 1, "a": 2}})", R"({"a": 2})").empty());
  CHECK(validate(R"({"const": {"a": 1, "a": 2}})", R"({"a": 2, "a": 1})") ==
        Lines{R"(error invalid-value @ value: the document must be {"a":1,"a":2}, found {"a":2,"a":1})"});
  // A repeated known key is not also an unknown one, and the first value is
  // not checked: a reader drops it.
  CHECK(validate(R"({"properties": {"a": {"type": "string"}}, "additionalProperties": false})",
                 R"({"a": 1, "a": "x"})")
            .empty());
  CHECK(validate(R"({"maxProperties": 1})", R"({"a": 1, "a": 2})").empty());
}
