// The fixes diagnostics carry, and the fixer that applies them: what each
// fix changes (and only that), safe against unsafe, and convergence.

#include "check/fixer.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "json/json_pointer.hpp"
#include "json/token_locator.hpp"

namespace {

using ckimport::check::CheckRequest;
using ckimport::check::Engine;
using ckimport::check::FixCollector;
using ckimport::check::ListReporter;
using ckimport::fix::Applicability;

// The document `text`, checked as `name` from the overlay and fixed up to
// `allowed`, pass after pass, as check --fix does; `passes` is set to the
// passes that fixed something.
std::string fixed(const std::string& name, const std::string& text, Applicability allowed, int* passes = nullptr) {
  Engine engine;
  CheckRequest request;
  request.paths = {name};
  request.overlay.add(name, text);
  int fixing = 0;
  for (int pass = 0; pass < ckimport::fix::max_fix_passes; ++pass) {
    ListReporter list;
    FixCollector collector(list, allowed);
    engine.check(request, collector);
    const auto applied = ckimport::check::apply_fixes(collector.found(), {}, request.overlay, allowed);
    if (applied == 0) break;
    ++fixing;
  }
  if (passes != nullptr) *passes = fixing;
  return *request.overlay.find(name);
}

std::vector<ckimport::diag::Diagnostic> diagnostics(const std::string& name, const std::string& text) {
  Engine engine;
  CheckRequest request;
  request.paths = {name};
  request.overlay.add(name, text);
  ListReporter list;
  engine.check(request, list);
  return list.diagnostics;
}

ckimport::json::JsonPointer pointer(std::vector<std::string> keys) {
  ckimport::json::JsonPointer p;
  for (const auto& k : keys) {
    if (!k.empty() && k[0] >= '0' && k[0] <= '9') {
      p.index(std::stoull(k));
    } else {
      p.key(k);
    }
  }
  return p;
}

}  // namespace

TEST_CASE("locate_removal takes a member or element with its comma", "[json][fix]") {
  using ckimport::json::locate_removal;
  const std::string object = R"({"a": 1, "b": [1, 2, 3], "c": 3})";
  const auto removed = [&](const std::string& text, std::vector<std::string> at) {
    const auto range = locate_removal(text, pointer(std::move(at)));
    REQUIRE(range);
    return text.substr(0, range->offset) + text.substr(range->offset + range->length);
  };
  CHECK(removed(object, {"a"}) == R"({"b": [1, 2, 3], "c": 3})");
  CHECK(removed(object, {"c"}) == R"({"a": 1, "b": [1, 2, 3]})");
  CHECK(removed(object, {"b", "1"}) == R"({"a": 1, "b": [1, 3], "c": 3})");
  CHECK(removed(object, {"b", "2"}) == R"({"a": 1, "b": [1, 2], "c": 3})");
  CHECK(removed(R"({"only": true})", {"only"}) == "{}");
  CHECK(removed("{\n  \"a\": 1,\n  \"b\": 2\n}", {"a"}) == "{\n  \"b\": 2\n}");
  CHECK_FALSE(locate_removal(object, pointer({})));
  CHECK_FALSE(locate_removal(object, pointer({"zzz"})));
}

TEST_CASE("snake_case renames are safe fixes; bytes around them are kept", "[check][fix]") {
  const std::string users =
      "[\r\n  {\"name\": \"jane\",  \"display_name\" : \"J\\u0061ne\", \"is_guest\": false, \"properties\": {}}\r\n]";
  const std::string want =
      "[\r\n  {\"name\": \"jane\",  \"displayName\" : \"J\\u0061ne\", \"isGuest\": false, \"properties\": {}}\r\n]";
  CHECK(fixed("users.json", users, Applicability::safe) == want);
  CHECK(diagnostics("users.json", want).empty());
}

TEST_CASE("a rename that would make a duplicate key is not offered", "[check][fix]") {
  const std::string users =
      R"([{"name": "ann", "displayName": "Ann", "display_name": "B", "isGuest": false, "properties": {}}])";
  const auto found = diagnostics("users.json", users);
  REQUIRE(found.size() == 1);
  CHECK_FALSE(found[0].fix);
  CHECK(fixed("users.json", users, Applicability::unsafe) == users);
}

TEST_CASE("two keys that would take one name: both renames are unsafe", "[check][fix]") {
  const std::string users =
      R"([{"name": "ann", "display_name": "A", "display-name": "B", "isGuest": false, "properties": {}}])";
  for (const auto& d : diagnostics("users.json", users)) {
    if (d.fix) CHECK(d.fix->applicability == ckimport::diag::Applicability::unsafe);
  }
  CHECK(fixed("users.json", users, Applicability::safe) == users);
}

TEST_CASE("did-you-mean, unquoting and removals are unsafe", "[check][fix]") {
  const std::string users = R"([{"username": "jane", "displayName": "Jane", "isGuest": "false", "propertes": {}}])";
  CHECK(fixed("users.json", users, Applicability::safe) == users);
  CHECK(fixed("users.json", users, Applicability::unsafe) ==
        R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])");
  const std::string channels = R"([{"type": "PUBLIC", "name": "g", "members": ["a", "b", "a"]}])";
  CHECK(fixed("channels.json", channels, Applicability::unsafe) ==
        R"([{"type": "PUBLIC", "name": "g", "members": ["a", "b"]}])");
}

TEST_CASE("a quoted number that is not a plain integer is not unquoted", "[check][fix]") {
  for (const std::string value : {"\"01001\"", "\"1e3\"", "\"-0\"", "\"12345678901234567890\"", "\" 1\""}) {
    const std::string messages = R"([{"type": "TEXT", "channelId": )" + value + R"(, "body": "hi", "user": "jane"}])";
    CHECK(fixed("messages.json", messages, Applicability::unsafe) == messages);
  }
}

TEST_CASE("syntax fixes: a BOM and trailing commas, in as many passes as it takes", "[check][fix]") {
  int passes = 0;
  const std::string users =
      "\xEF\xBB\xBF[{\"name\": \"j\", \"displayName\": \"J\", \"isGuest\": false, \"properties\": {\"a\": [1,],},},]";
  CHECK(fixed("users.json", users, Applicability::safe, &passes) ==
        R"([{"name": "j", "displayName": "J", "isGuest": false, "properties": {"a": [1]}}])");
  CHECK(passes >= 2);  // one trailing comma of an element per pass: the locator reports the first
  CHECK(passes <= ckimport::fix::max_fix_passes);
}

TEST_CASE("guest: renamed when isGuest is absent, removed when it repeats it", "[check][fix]") {
  CHECK(fixed("users.json", R"([{"name": "j", "displayName": "J", "guest": true, "properties": {}}])",
              Applicability::safe) == R"([{"name": "j", "displayName": "J", "isGuest": true, "properties": {}}])");
  CHECK(fixed("users.json", R"([{"name": "j", "displayName": "J", "isGuest": true, "guest": true, "properties": {}}])",
              Applicability::safe) == R"([{"name": "j", "displayName": "J", "isGuest": true, "properties": {}}])");
  // Disagreeing values are a conflict only the user can settle.
  const std::string conflict = R"([{"name": "j", "displayName": "J", "isGuest": true, "guest": false, "properties": {}}])";
  CHECK(fixed("users.json", conflict, Applicability::unsafe) == conflict);
}

TEST_CASE("fix edits carry positions in every unit", "[check][fix]") {
  const std::string users = "[\n {\"name\": \"\xF0\x9F\x98\x80\", \"display_name\": \"J\", \"isGuest\": false, \"properties\": {}}]";
  const auto found = diagnostics("users.json", users);
  REQUIRE(found.size() == 1);
  REQUIRE(found[0].fix);
  const auto& edit = found[0].fix->edits.at(0);
  CHECK(users.substr(edit.begin.offset.value, edit.end.offset.value - edit.begin.offset.value) == "\"display_name\"");
  CHECK(edit.begin.line.value == 2);
  CHECK(edit.begin.column.value == 16);        // the emoji is one code point
  CHECK(edit.begin.utf16_column.value == 17);  // and two UTF-16 units
  CHECK(edit.replacement == "\"displayName\"");
}
