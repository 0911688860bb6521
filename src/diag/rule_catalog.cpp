#include "diag/rule_catalog.hpp"

#include <array>
#include <optional>

namespace ckimport::diag {
namespace {

// The one list of rules. Order: syntax, schema, cross-file; tests check that
// each id here has a fixture under fixtures/rules/<id>/ and a golden.
constexpr std::array catalog{
    RuleInfo{RuleId::syntax, "syntax", RuleGroup::syntax, Severity::error,
             "the file is not valid JSON",
             "The import server parses each file as RFC 8259 JSON. A trailing comma, a missing "
             "comma, a comment, a single-quoted string, an unescaped control character or invalid "
             "UTF-8 makes the whole import fail. ckimport points at the first byte that is wrong "
             "in each array element and goes on with the next element.",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {},}])",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])",
             "users.json", true},
    RuleInfo{RuleId::not_an_array, "not-an-array", RuleGroup::syntax, Severity::error,
             "the file does not hold a JSON array",
             "Every import endpoint takes a file holding one JSON array, each element an item. A "
             "file holding a single object, or an object wrapping the array, is rejected.",
             R"({"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}})",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])",
             "users.json", true},
    RuleInfo{RuleId::utf8_bom, "utf8-bom", RuleGroup::syntax, Severity::warning,
             "the file starts with a UTF-8 byte order mark",
             "A byte order mark is not part of JSON. ckimport and the server skip it, but other "
             "tools in an import pipeline may not. Save the file as UTF-8 without BOM.",
             "\xEF\xBB\xBF[]", "[]",
             "users.json"},
    RuleInfo{RuleId::duplicate_key, "duplicate-key", RuleGroup::syntax, Severity::warning,
             "an object has the same key twice",
             "JSON parsers disagree on duplicate keys; the import server keeps only one of the "
             "values, so the other is silently lost. Keep one.",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}, "name": "janet"}])",
             R"([{"name": "janet", "displayName": "Jane", "isGuest": false, "properties": {}}])",
             "users.json"},
    RuleInfo{RuleId::number_out_of_range, "number-out-of-range", RuleGroup::syntax, Severity::error,
             "a number is too large to be represented",
             "A number that does not fit a 64-bit integer or a 64-bit float cannot be read by the "
             "server. Channel IDs are 64-bit integers.",
             R"([{"type": "TEXT", "channelId": 123456789012345678901234567890, "body": "hi", "user": "jane"}])",
             R"([{"type": "TEXT", "channelId": 1234, "body": "hi", "user": "jane"}])",
             "messages.json", true},
    RuleInfo{RuleId::nesting_too_deep, "nesting-too-deep", RuleGroup::syntax, Severity::error,
             "values are nested deeper than ckimport's limit",
             "ckimport reads items nested up to 512 levels deep (objects and arrays inside one "
             "another). Deeper nesting is almost always a generator bug; the item is not checked.",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {"a": [[[[ ... 600 levels ... ]]]]}}])",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {"a": [[1, 2], [3]]}}])",
             "users.json", true},
    RuleInfo{RuleId::element_too_large, "element-too-large", RuleGroup::syntax, Severity::error,
             "one array element is larger than ckimport's limit",
             "ckimport reads files element by element with bounded memory. An element over 64 MiB "
             "is almost always a missing bracket that swallowed the rest of the file; reading stops "
             "there.",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {"a": 1 ... 64 MiB later, still no closing brace)",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {"a": 1}}])",
             "users.json", true},
    RuleInfo{RuleId::unknown_item_type, "unknown-item-type", RuleGroup::schema, Severity::error,
             "an item's `type` is not one of the types the endpoint accepts",
             "Channels are PUBLIC, PRIVATE or DIRECT; messages are TEXT or SYSTEM_TEXT, in upper "
             "case. An item of another type is rejected, and ckimport cannot check its fields.",
             R"([{"type": "GROUP", "members": ["jane", "joe"]}])",
             R"([{"type": "PRIVATE", "members": ["jane", "joe"]}])",
             "channels.json"},
    RuleInfo{RuleId::missing_field, "missing-field", RuleGroup::schema, Severity::error,
             "a required field is missing",
             "Each item type has required fields (a user's name, displayName, isGuest and "
             "properties; a channel's type and members; a member's username; a message's type, "
             "channelId and body, and user for TEXT). The server rejects an item without them.",
             R"([{"name": "jane", "isGuest": false, "properties": {}}])",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])",
             "users.json"},
    RuleInfo{RuleId::unknown_field, "unknown-field", RuleGroup::schema, Severity::error,
             "an item has a field its type does not have",
             "The server ignores fields it does not know, so a misspelled field is data silently "
             "lost. Field names are camelCase on the wire: `display_name` is never read, "
             "`displayName` is. ckimport suggests the field you probably meant.",
             R"([{"name": "jane", "display_name": "Jane", "isGuest": false, "properties": {}}])",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])",
             "users.json"},
    RuleInfo{RuleId::wrong_type, "wrong-type", RuleGroup::schema, Severity::error,
             "a value has the wrong JSON type",
             "A string where a number is expected (a quoted channelId), an object where an array "
             "is expected (members), or an item that is not an object: the server cannot read it.",
             R"([{"type": "TEXT", "channelId": "42", "body": "hi", "user": "jane"}])",
             R"([{"type": "TEXT", "channelId": 42, "body": "hi", "user": "jane"}])",
             "messages.json"},
    RuleInfo{RuleId::invalid_value, "invalid-value", RuleGroup::schema, Severity::error,
             "a value is of the right type but not allowed",
             "An empty username, a channel ID that is not positive, a direct channel with fewer "
             "than 2 or more than 10 members, a picture URL that is not http(s), a content type "
             "that is not a MIME type: the server rejects the item. A username or channel name "
             "made only of white space or invisible characters (zero-width spaces, no-break "
             "spaces, ...) is blank: the server may take it, but nobody can read or type it.",
             R"([{"type": "DIRECT", "members": ["jane"]}])",
             R"([{"type": "DIRECT", "members": ["jane", "joe"]}])",
             "channels.json"},
    RuleInfo{RuleId::schema_violation, "schema-violation", RuleGroup::schema, Severity::error,
             "a value fails a schema constraint",
             "With `ckimport validate --schema`, any constraint that is not a type, a required or "
             "unknown property or a value restriction (for example `not`, `oneOf`, `dependencies`) "
             "is reported under this rule.",
             R"({"not": {"type": "string"}} against "text")", R"({"not": {"type": "string"}} against 42)",
             ""},
    RuleInfo{RuleId::ignored_field, "ignored-field", RuleGroup::schema, Severity::warning,
             "a field the server ignores for this item type",
             "A direct channel has no name or display name, and a system message has no sender: "
             "the server drops these fields. Remove them, or use another item type if they matter.",
             R"([{"type": "DIRECT", "name": "jane-joe", "members": ["jane", "joe"]}])",
             R"([{"type": "DIRECT", "members": ["jane", "joe"]}])",
             "channels.json"},
    RuleInfo{RuleId::guest_field, "guest-field", RuleGroup::schema, Severity::warning,
             "a user uses the old `guest` spelling of `isGuest`",
             "The vendor's item schema calls the flag `guest`; its example and SDKs call it "
             "`isGuest`, which is the canonical name. `guest` is accepted; prefer `isGuest`.",
             R"([{"name": "jane", "displayName": "Jane", "guest": false, "properties": {}}])",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])",
             "users.json"},
    RuleInfo{RuleId::guest_conflict, "guest-conflict", RuleGroup::schema, Severity::error,
             "a user has both `guest` and `isGuest`, with different values",
             "Only one of the two reaches the server, and which is not defined. Keep `isGuest`.",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": true, "guest": false, "properties": {}}])",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": true, "properties": {}}])",
             "users.json"},
    RuleInfo{RuleId::snapshot_format, "snapshot-format", RuleGroup::cross_file, Severity::error,
             "a file under existing/ is not a platform snapshot ckimport can read",
             "existing/channels*.json holds what GET /v1/channels returned (one page, or an array "
             "of pages) or a plain {\"name\": id} map; existing/users*.json holds what GET "
             "/v1/users returned or an array of usernames. Anything else would make every "
             "reference look unknown, so it is reported instead.",
             R"({"general": "1001"})", R"({"general": 1001})",
             "existing/channels.json"},
    RuleInfo{RuleId::config_path, "config-path", RuleGroup::cross_file, Severity::error,
             "a path in ckimport.json names no file of the bundle",
             "Each path and pattern in ckimport.json stands for files the import needs. A "
             "members file that does not exist, a pattern without wildcards naming a missing "
             "file, a path outside the bundle folder (absolute, or through ..) and one file "
             "listed twice for two channels are errors: the import would go ahead without "
             "them. A wildcard pattern that matches nothing is a warning (the files may be "
             "added later). Paths are relative to the folder of ckimport.json.",
             R"(ckimport.json: {"files": {"members": [{"path": "general-members.json", "channelId": 1001}]}})",
             R"(ckimport.json: {"files": {"members": [{"path": "general-members.json", "channelId": 1001}]}}   general-members.json: [])",
             ""},
    RuleInfo{RuleId::unmatched_file, "unmatched-file", RuleGroup::cross_file, Severity::note,
             "a file in the bundle folder matches no import file kind",
             "ckimport tells a file's kind from its name: users*.json, channels*.json, "
             "messages*.json, members/<channelId>.json, and existing/ for snapshots. Other files "
             "are listed once and not checked; name them by the convention or map them in "
             "ckimport.json if they are import files. A folder named like an import file is "
             "listed the same way.",
             "people.json", "users-people.json",
             ""},
    RuleInfo{RuleId::unknown_user, "unknown-user", RuleGroup::cross_file, Severity::error,
             "a username that no users file or snapshot defines",
             "A channel's members and creator, a members file's username and a TEXT message's "
             "sender must be users: defined in the bundle's users files, or already on the "
             "platform (existing/users*.json). The server fails the item otherwise. When the "
             "bundle has neither, the rule is not applied and a note says so once. A name that "
             "matches a user but for case, white space, invisible characters, Unicode form or "
             "look-alike letters gets a \"did you mean\". A missing name is one problem: it is "
             "reported once per file and role (sender, member, creator), at its first reference, "
             "with the number of references and the next few of them as related places. When an "
             "item of a users file cannot be read (a syntax error, an element too large) or has "
             "no name that can be read, the users are known only in part: a missing name is then "
             "a note, not an error, that names the first such item (\"it may be defined by the "
             "unreadable item at users.json:3:5\"); fix that item and check again.",
             R"(users.json: [{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}]   channels.json: [{"type": "PUBLIC", "members": ["janet"]}])",
             R"(users.json: [{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}]   channels.json: [{"type": "PUBLIC", "members": ["jane"]}])",
             "", false, true},
    RuleInfo{RuleId::unknown_channel, "unknown-channel", RuleGroup::cross_file, Severity::error,
             "a channel ID that the platform snapshot does not know",
             "The server assigns channel IDs, so messages and members files name channels by IDs "
             "that only a snapshot of the platform (existing/channels*.json: GET /v1/channels, "
             "or a {\"name\": id} map) holds. A message or members file for another ID fails. "
             "Without a snapshot the rule is not applied and a note says so once. A `channelId` "
             "that is no valid ID (0, -0, beyond 2^63-1, a string) is invalid-value's or "
             "wrong-type's to report, not also this rule's. A missing ID is "
             "one problem: it is reported once per file, at its first reference, with the number "
             "of messages that name it and the next few of them as related places.",
             R"(existing/channels.json: {"general": 1001}   messages.json: [{"type": "TEXT", "channelId": 1002, "body": "hi", "user": "jane"}])",
             R"(existing/channels.json: {"general": 1001}   messages.json: [{"type": "TEXT", "channelId": 1001, "body": "hi", "user": "jane"}])",
             "", false, true},
    RuleInfo{RuleId::duplicate_username, "duplicate-username", RuleGroup::cross_file, Severity::error,
             "the same username is defined twice in the users files",
             "Usernames are unique across the application: the second user is rejected, or "
             "silently merged into the first.",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}, {"name": "jane", "displayName": "Jane Doe", "isGuest": false, "properties": {}}])",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}, {"name": "jane.doe", "displayName": "Jane Doe", "isGuest": false, "properties": {}}])",
             "users.json"},
    RuleInfo{RuleId::duplicate_channel_name, "duplicate-channel-name", RuleGroup::cross_file, Severity::error,
             "the same channel name is defined twice in the channels files",
             "Channel names are unique; the second channel with a name fails to import.",
             R"([{"type": "PUBLIC", "name": "general", "members": ["jane"]}, {"type": "PRIVATE", "name": "general", "members": ["jane"]}])",
             R"([{"type": "PUBLIC", "name": "general", "members": ["jane"]}, {"type": "PRIVATE", "name": "general-private", "members": ["jane"]}])",
             "channels.json"},
    RuleInfo{RuleId::duplicate_idempotency_key, "duplicate-idempotency-key", RuleGroup::cross_file, Severity::error,
             "the same idempotency key is used twice for one resource type",
             "The server treats an item whose idempotencyKey it has seen as a retry of the first "
             "and skips it: the second item is silently lost. Keys are compared within each "
             "resource type (users, channels, members, messages), across all its files.",
             R"([{"type": "PUBLIC", "members": ["jane"], "idempotencyKey": "c-1"}, {"type": "PUBLIC", "members": ["joe"], "idempotencyKey": "c-1"}])",
             R"([{"type": "PUBLIC", "members": ["jane"], "idempotencyKey": "c-1"}, {"type": "PUBLIC", "members": ["joe"], "idempotencyKey": "c-2"}])",
             "channels.json"},
    RuleInfo{RuleId::duplicate_member, "duplicate-member", RuleGroup::cross_file, Severity::error,
             "the same user is added to a channel twice",
             "A username twice in a channel's members[] or twice in a members file is an error. A "
             "members file that adds a user the channel's members[] already lists is a warning: "
             "harmless to the server, but a sign the two lists were not meant to overlap.",
             R"([{"type": "PUBLIC", "name": "general", "members": ["jane", "joe", "jane"]}])",
             R"([{"type": "PUBLIC", "name": "general", "members": ["jane", "joe"]}])",
             "channels.json"},
    RuleInfo{RuleId::duplicate_direct_channel, "duplicate-direct-channel", RuleGroup::cross_file, Severity::error,
             "two direct channels have the same members",
             "Only one direct channel may exist for a set of users, whatever the order of the "
             "members: the second fails to import. A channel whose `members` is not a list of "
             "names has members that are not known, and is not compared.",
             R"([{"type": "DIRECT", "members": ["jane", "joe"]}, {"type": "DIRECT", "members": ["joe", "jane"]}])",
             R"([{"type": "DIRECT", "members": ["jane", "joe"]}])",
             "channels.json"},
    RuleInfo{RuleId::members_file_for_direct_channel, "members-file-for-direct-channel", RuleGroup::cross_file, Severity::error,
             "a members file adds members to a direct channel",
             "A direct channel cannot gain members after it is created. The snapshot "
             "(GET /v1/channels) says which channels are direct.",
             R"(existing/channels.json: {"_embedded": {"channels": [{"id": 7, "type": "DIRECT"}]}}   members/7.json: [{"username": "ann"}])",
             R"(existing/channels.json: {"_embedded": {"channels": [{"id": 7, "type": "PRIVATE", "name": "team"}]}}   members/7.json: [{"username": "ann"}])",
             ""},
    RuleInfo{RuleId::sender_not_member, "sender-not-member", RuleGroup::cross_file, Severity::warning,
             "a text message's sender is not a member of its channel",
             "Where the channels file lists a channel's members (plus its members files), a TEXT "
             "message from someone else is reported: the import may accept it, but the history "
             "shows a message from outside the conversation. Turn it off with "
             "`\"rules\": {\"sender-not-member\": \"off\"}` if that is intended. A channel whose "
             "`members` is not a list of names, or one of whose members files has an item that "
             "cannot be read, has members that are not known: its messages are not judged. Each "
             "sender and "
             "channel is reported once per file, at the first such message, with the number of "
             "messages and the next few of them as related places.",
             R"(existing/channels.json: {"general": 1001}   channels.json: [{"type": "PUBLIC", "name": "general", "members": ["jane"]}]   messages.json: [{"type": "TEXT", "channelId": 1001, "body": "hi", "user": "joe"}])",
             R"(existing/channels.json: {"general": 1001}   channels.json: [{"type": "PUBLIC", "name": "general", "members": ["jane", "joe"]}]   messages.json: [{"type": "TEXT", "channelId": 1001, "body": "hi", "user": "joe"}])",
             "", false, true},
    RuleInfo{RuleId::lookalike_username, "lookalike-username", RuleGroup::cross_file, Severity::warning,
             "two usernames that people cannot tell apart",
             "The server compares usernames byte for byte, so `ann` and `Ann`, `jos\u00e9` composed "
             "(NFC) and decomposed (NFD), `bob` and `bob ` with a space at its end, `carl` and `carl` "
             "with an invisible zero-width space, or `carl` and `c\u0430rl` with a Cyrillic \u0430 are "
             "two users, whose names look the same in the chat: a mention or a direct message meant "
             "for one reaches the other. Reported at the second name, with what differs and where "
             "the first is; names are equal after Unicode NFC, ignoring case, ignoring white space "
             "at the ends and in runs, ignoring invisible characters, or by Unicode's confusables "
             "(UTS #39). The same name twice is duplicate-username instead. Rename one, or merge "
             "the two users if they are one person.",
             R"([{"name": "ann", "displayName": "Ann", "isGuest": false, "properties": {}}, {"name": "Ann", "displayName": "Ann Lee", "isGuest": false, "properties": {}}])",
             R"([{"name": "ann", "displayName": "Ann", "isGuest": false, "properties": {}}, {"name": "ann.lee", "displayName": "Ann Lee", "isGuest": false, "properties": {}}])",
             "users.json"},
    RuleInfo{RuleId::lookalike_channel_name, "lookalike-channel-name", RuleGroup::cross_file, Severity::warning,
             "two channel names that people cannot tell apart",
             "Channel names are compared byte for byte, so `general` and `General`, or `general` and "
             "`general` with an invisible zero-width space, are two channels that look like one in "
             "every channel list: people post to the wrong one. Compared as lookalike-username "
             "compares usernames (Unicode NFC, case, white space, invisible characters, "
             "confusables) and reported at the second name; the same name twice is "
             "duplicate-channel-name instead. Rename one, or merge the two channels.",
             R"([{"type": "PUBLIC", "name": "general", "members": ["jane"]}, {"type": "PRIVATE", "name": "General", "members": ["jane"]}])",
             R"([{"type": "PUBLIC", "name": "general", "members": ["jane"]}, {"type": "PRIVATE", "name": "general-private", "members": ["jane"]}])",
             "channels.json"},
};

// Kept beside the code that makes each fix: value_validator.cpp
// (unknown-field, wrong-type), item_checker.cpp (ignored-field,
// guest-field, a misspelt `type`), element_reader.cpp and
// syntax_locator.cpp (utf8-bom, syntax), rules/duplicate_member.cpp.
struct FixNote {
  RuleId rule;
  RuleFixes fixes;
};
constexpr std::array fix_notes{
    FixNote{RuleId::syntax, {"a trailing comma is removed", ""}},
    FixNote{RuleId::utf8_bom, {"the byte order mark is removed", ""}},
    FixNote{RuleId::unknown_field,
            {"a snake_case spelling of a field (`display_name`, `is_guest`) is renamed to its camelCase "
             "name, when the object has no such key yet and no other key would take that name",
             "any other \"did you mean\" is a rename too: a near spelling (`propertes` -> `properties`, "
             "`typ` -> `type`) or a synonym (`username` -> `name`, `text` -> `body`)"}},
    FixNote{RuleId::wrong_type,
            {"", "a quoted boolean or integer where the schema wants one loses its quotes "
                 "(`\"false\"` -> `false`, `\"1001\"` -> `1001`)"}},
    FixNote{RuleId::ignored_field, {"", "the field the server ignores is removed"}},
    FixNote{RuleId::guest_field,
            {"`guest` is renamed to `isGuest` when `isGuest` is absent, and removed when it repeats "
             "`isGuest`'s boolean",
             "`guest` is removed when `isGuest` is there and `guest` is not a boolean"}},
    FixNote{RuleId::duplicate_member, {"", "the repeated name is removed from the channel's members list"}},
};

// rule_info() indexes the catalogue by RuleId: each entry must sit at its
// rule's place, and every rule must have one.
constexpr bool in_rule_order() {
  if (catalog.size() != rule_count) return false;
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    if (index_of(catalog[i].rule) != i) return false;
  }
  return true;
}
static_assert(in_rule_order(), "the catalogue must list every RuleId once, in enum order");

}  // namespace

std::span<const RuleInfo> all_rules() { return catalog; }

RuleFixes rule_fixes(RuleId rule) {
  for (const auto& note : fix_notes) {
    if (note.rule == rule) return note.fixes;
  }
  return {};
}

const RuleInfo& rule_info(RuleId rule) { return catalog[index_of(rule)]; }

std::string_view rule_name(RuleId rule) { return rule_info(rule).id; }

std::optional<RuleId> find_rule(std::string_view name) {
  for (const auto& rule : catalog) {
    if (rule.id == name) return rule.rule;
  }
  return std::nullopt;
}

}  // namespace ckimport::diag
