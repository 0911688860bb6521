#include "rules/rule_catalog.hpp"

#include <array>

namespace ckimport::rules {
namespace {

using diag::Severity;

// The one list of rules. Order: syntax, schema, cross-file; tests check that
// each id here has a fixture under fixtures/rules/<id>/ and a golden.
constexpr std::array catalog{
    RuleInfo{"syntax", RuleGroup::syntax, Severity::error,
             "the file is not valid JSON",
             "The import server parses each file as RFC 8259 JSON. A trailing comma, a missing "
             "comma, a comment, a single-quoted string, an unescaped control character or invalid "
             "UTF-8 makes the whole import fail. ckimport points at the first byte that is wrong "
             "in each array element and goes on with the next element.",
             R"([{"name": "jane", "displayName": "Jane",}])",
             R"([{"name": "jane", "displayName": "Jane"}])"},
    RuleInfo{"not-an-array", RuleGroup::syntax, Severity::error,
             "the file does not hold a JSON array",
             "Every import endpoint takes a file holding one JSON array, each element an item. A "
             "file holding a single object, or an object wrapping the array, is rejected.",
             R"({"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}})",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])"},
    RuleInfo{"utf8-bom", RuleGroup::syntax, Severity::warning,
             "the file starts with a UTF-8 byte order mark",
             "A byte order mark is not part of JSON. ckimport and the server skip it, but other "
             "tools in an import pipeline may not. Save the file as UTF-8 without BOM.",
             "\xEF\xBB\xBF[]", "[]"},
    RuleInfo{"duplicate-key", RuleGroup::syntax, Severity::warning,
             "an object has the same key twice",
             "JSON parsers disagree on duplicate keys; the import server keeps only one of the "
             "values, so the other is silently lost. Keep one.",
             R"([{"name": "jane", "name": "janet"}])", R"([{"name": "janet"}])"},
    RuleInfo{"number-out-of-range", RuleGroup::syntax, Severity::error,
             "a number is too large to be represented",
             "A number that does not fit a 64-bit integer or a 64-bit float cannot be read by the "
             "server. Channel IDs are 64-bit integers.",
             R"([{"type": "TEXT", "channelId": 123456789012345678901234567890, "body": "hi", "user": "jane"}])",
             R"([{"type": "TEXT", "channelId": 1234, "body": "hi", "user": "jane"}])"},
    RuleInfo{"nesting-too-deep", RuleGroup::syntax, Severity::error,
             "values are nested deeper than ckimport's limit",
             "ckimport reads items nested up to 512 levels deep (objects and arrays inside one "
             "another). Deeper nesting is almost always a generator bug; the item is not checked.",
             R"([{"properties": {"a": [[[[ ... 600 levels ... ]]]]}}])",
             R"([{"properties": {"a": [1, 2, 3]}}])"},
    RuleInfo{"element-too-large", RuleGroup::syntax, Severity::error,
             "one array element is larger than ckimport's limit",
             "ckimport reads files element by element with bounded memory. An element over 64 MiB "
             "is almost always a missing bracket that swallowed the rest of the file; reading stops "
             "there.",
             R"([{"name": "jane", "properties": {"a": 1 ... (no closing brace for 64 MiB)]",
             R"([{"name": "jane", "properties": {"a": 1}}])"},
    RuleInfo{"unknown-item-type", RuleGroup::schema, Severity::error,
             "an item's `type` is not one of the types the endpoint accepts",
             "Channels are PUBLIC, PRIVATE or DIRECT; messages are TEXT or SYSTEM_TEXT, in upper "
             "case. An item of another type is rejected, and ckimport cannot check its fields.",
             R"([{"type": "GROUP", "members": ["jane", "joe"]}])",
             R"([{"type": "PRIVATE", "members": ["jane", "joe"]}])"},
    RuleInfo{"missing-field", RuleGroup::schema, Severity::error,
             "a required field is missing",
             "Each item type has required fields (a user's name, displayName, isGuest and "
             "properties; a channel's type and members; a member's username; a message's type, "
             "channelId and body, and user for TEXT). The server rejects an item without them.",
             R"([{"name": "jane", "isGuest": false, "properties": {}}])",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])"},
    RuleInfo{"unknown-field", RuleGroup::schema, Severity::error,
             "an item has a field its type does not have",
             "The server ignores fields it does not know, so a misspelled field is data silently "
             "lost. Field names are camelCase on the wire: `display_name` is never read, "
             "`displayName` is. ckimport suggests the field you probably meant.",
             R"([{"name": "jane", "display_name": "Jane", "isGuest": false, "properties": {}}])",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])"},
    RuleInfo{"wrong-type", RuleGroup::schema, Severity::error,
             "a value has the wrong JSON type",
             "A string where a number is expected (a quoted channelId), an object where an array "
             "is expected (members), or an item that is not an object: the server cannot read it.",
             R"([{"type": "TEXT", "channelId": "42", "body": "hi", "user": "jane"}])",
             R"([{"type": "TEXT", "channelId": 42, "body": "hi", "user": "jane"}])"},
    RuleInfo{"invalid-value", RuleGroup::schema, Severity::error,
             "a value is of the right type but not allowed",
             "An empty username, a channel ID that is not positive, a direct channel with fewer "
             "than 2 or more than 10 members, a picture URL that is not http(s), a content type "
             "that is not a MIME type: the server rejects the item.",
             R"([{"type": "DIRECT", "members": ["jane"]}])",
             R"([{"type": "DIRECT", "members": ["jane", "joe"]}])"},
    RuleInfo{"schema-violation", RuleGroup::schema, Severity::error,
             "a value fails a schema constraint",
             "With `ckimport validate --schema`, any constraint that is not a type, a required or "
             "unknown property or a value restriction (for example `not`, `oneOf`, `dependencies`) "
             "is reported under this rule.",
             R"({"not": {"type": "string"}} against "text")", R"({"not": {"type": "string"}} against 42)"},
    RuleInfo{"ignored-field", RuleGroup::schema, Severity::warning,
             "a field the server ignores for this item type",
             "A direct channel has no name or display name, and a system message has no sender: "
             "the server drops these fields. Remove them, or use another item type if they matter.",
             R"([{"type": "DIRECT", "name": "jane-joe", "members": ["jane", "joe"]}])",
             R"([{"type": "DIRECT", "members": ["jane", "joe"]}])"},
    RuleInfo{"guest-field", RuleGroup::schema, Severity::warning,
             "a user uses the old `guest` spelling of `isGuest`",
             "The vendor's item schema calls the flag `guest`; its example and SDKs call it "
             "`isGuest`, which is the canonical name. `guest` is accepted; prefer `isGuest`.",
             R"([{"name": "jane", "displayName": "Jane", "guest": false, "properties": {}}])",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])"},
    RuleInfo{"guest-conflict", RuleGroup::schema, Severity::error,
             "a user has both `guest` and `isGuest`, with different values",
             "Only one of the two reaches the server, and which is not defined. Keep `isGuest`.",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": true, "guest": false, "properties": {}}])",
             R"([{"name": "jane", "displayName": "Jane", "isGuest": true, "properties": {}}])"},
};

}  // namespace

std::span<const RuleInfo> all_rules() { return catalog; }

const RuleInfo* find_rule(std::string_view id) {
  for (const auto& rule : catalog) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace ckimport::rules
