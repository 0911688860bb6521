// lookalike-username and lookalike-channel-name through the engine: one
// warning at the second name for each way two names can look alike, the
// message saying how, exact duplicates and blank names left to their own
// rules, the same answers when the finder spills to disk; and "did you
// mean" for references that look like a user.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "check/engine.hpp"
#include "rules/lookalike_names.hpp"
#include "text/names.hpp"

namespace {

using ckimport::check::CheckRequest;
using ckimport::check::Engine;
using ckimport::check::EngineOptions;
using ckimport::check::ListReporter;
using ckimport::diag::RuleId;
using ckimport::test::TempDir;
using Lines = std::vector<std::string>;

std::string user(std::string_view name) {
  return R"({"name": ")" + std::string(name) + R"(", "displayName": "X", "isGuest": false, "properties": {}})";
}

std::string users(const std::vector<std::string>& names) {
  std::string text = "[\n";
  for (std::size_t i = 0; i < names.size(); ++i) text += (i > 0 ? ",\n  " : "  ") + user(names[i]);
  return text + "\n]";
}

// "<line>:<column> <rule>: <message>" of each warning or error, in order;
// related places as " (<message> at <line>:<column>)".
Lines check(Engine& engine, const TempDir& dir) {
  CheckRequest request;
  request.paths = {dir.str()};
  ListReporter reporter;
  (void)engine.check(request, reporter);
  Lines out;
  for (const auto& d : reporter.diagnostics) {
    if (d.severity == ckimport::diag::Severity::note) continue;
    std::string line = std::to_string(d.location.begin.line.value) + ":" +
                       std::to_string(d.location.begin.column.value) + " " +
                       std::string(ckimport::diag::rule_name(d.rule)) + ": " + d.message;
    for (const auto& r : d.related) {
      line += " (" + r.message + " at " + std::to_string(r.location.begin.line.value) + ":" +
              std::to_string(r.location.begin.column.value) + ")";
    }
    out.push_back(line);
  }
  return out;
}

Lines check(const TempDir& dir) {
  static Engine engine;
  return check(engine, dir);
}

}  // namespace

TEST_CASE("lookalike-username: each way two usernames look alike, said at the second", "[rules][names]") {
  const TempDir dir;
  dir.write("users.json", users({"ann", "Ann", "jos\u00e9", "jose\u0301", "bob", "bob ", "carl", "carl\u200b",
                                 "c\u0430rl", "anna lee", "anna\u00a0lee", " eve", "\u200bdan\u2060"}));
  const Lines expected{
      "3:12 lookalike-username: username `Ann` differs from `ann` only in case (`ann` is defined at 2:12)",
      "5:12 lookalike-username: username `jose\u0301` is `jos\u00e9` in another Unicode form (NFD) (`jos\u00e9` is "
      "defined at 4:12)",
      "7:12 lookalike-username: username `bob ` differs from `bob` only by white space at its end (`bob` is "
      "defined at 6:12)",
      "9:12 lookalike-username: username `carl\\u{200b}` differs from `carl` by an invisible character (U+200B "
      "ZERO WIDTH SPACE) (`carl` is defined at 8:12)",
      "10:12 lookalike-username: username `c\u0430rl` looks like `carl` (Cyrillic `\u0430` for Latin `a`) "
      "(`carl` is defined at 8:12)",
      "12:12 lookalike-username: username `anna\\u{00a0}lee` differs from `anna lee` only by white space inside "
      "it (`anna lee` is defined at 11:12)",
  };
  CHECK(check(dir) == expected);
}

TEST_CASE("lookalike-username: an exact duplicate is only a duplicate; a third look-alike names the first",
          "[rules][names]") {
  const TempDir dir;
  dir.write("users.json", users({"Ann", "ann", "ann", "ANN", "Ann"}));
  const Lines expected{
      "3:12 lookalike-username: username `ann` differs from `Ann` only in case (`Ann` is defined at 2:12)",
      "4:12 duplicate-username: username `ann` is defined twice (first defined at 3:12)",
      "5:12 lookalike-username: username `ANN` differs from `Ann` only in case (`Ann` is defined at 2:12)",
      "6:12 duplicate-username: username `Ann` is defined twice (first defined at 2:12)",
  };
  CHECK(check(dir) == expected);
}

TEST_CASE("lookalike-username: blank names are invalid values, not look-alikes of each other", "[rules][names]") {
  const TempDir dir;
  dir.write("users.json", users({" ", "  ", "\u200b", "jane"}));
  const Lines lines = check(dir);
  REQUIRE(lines.size() == 3);
  for (const auto& line : lines) CHECK(line.find("invalid-value: `name` must not be blank") != std::string::npos);
}

TEST_CASE("lookalike-username: across files, naming the file of the first", "[rules][names]") {
  const TempDir dir;
  dir.write("users.json", users({"zo\u00eb"}));
  dir.write("users_more.json", users({"Zo\u00eb"}));
  CheckRequest request;
  request.paths = {dir.str()};
  ListReporter reporter;
  Engine engine;
  (void)engine.check(request, reporter);
  REQUIRE(reporter.diagnostics.size() == 1);
  const auto& d = reporter.diagnostics[0];
  CHECK(d.rule == RuleId::lookalike_username);
  CHECK(d.severity == ckimport::diag::Severity::warning);
  CHECK(d.location.file == dir / "users_more.json");
  CHECK(d.pointer == "/0/name");
  REQUIRE(d.related.size() == 1);
  CHECK(d.related[0].location.file == dir / "users.json");
}

TEST_CASE("lookalike-channel-name: channel names alike, direct channels have none", "[rules][names]") {
  const TempDir dir;
  dir.write("users.json", users({"jane"}));
  dir.write("channels.json", R"([
  {"type": "PUBLIC", "name": "general", "members": ["jane"]},
  {"type": "DIRECT", "members": ["jane", "jane2"]},
  {"type": "PUBLIC", "name": "General", "members": ["jane"]},
  {"type": "PRIVATE", "name": "general", "members": ["jane"]},
  {"type": "PUBLIC", "name": "r)" "\u0430" R"(ndom", "members": ["jane"]},
  {"type": "PUBLIC", "name": "random", "members": ["jane"]}
])");
  const Lines expected{
      "3:42 unknown-user: member `jane2` is not a user of the bundle or the platform",
      "4:30 lookalike-channel-name: channel name `General` differs from `general` only in case (`general` is "
      "defined at 2:30)",
      "5:31 duplicate-channel-name: channel name `general` is defined twice (first defined at 2:30)",
      "7:30 lookalike-channel-name: channel name `random` looks like `r\u0430ndom` (Latin `a` for Cyrillic "
      "`\u0430`) (`r\u0430ndom` is defined at 6:30)",
  };
  CHECK(check(dir) == expected);
}

TEST_CASE("lookalike rules: the same warnings when the finder spills to disk, held to the end of the kind",
          "[rules][names]") {
  const TempDir dir;
  std::vector<std::string> names;
  for (int i = 0; i < 3000; ++i) names.push_back("user" + std::to_string(i));
  names[1000] = "User7";        // like user7
  names[2999] = "user1\u200b";  // like user1
  names[2500] = "user0";        // exact: a duplicate
  dir.write("users.json", users(names));
  dir.write("users_b.json", users({"USER2", "user2"}));  // user2 in users.json is the first of both
  Engine in_memory;
  EngineOptions tiny;
  tiny.spill.memory_budget = 4096;
  tiny.spill.temp_folder = dir.mkdir("spill");
  Engine spilling(tiny);
  const Lines expected = check(in_memory, dir);
  REQUIRE(expected.size() == 5);
  CHECK(expected[0].starts_with("1002:12 lookalike-username: username `User7` differs from `user7`"));
  CHECK(expected[1].starts_with("2502:12 duplicate-username"));
  CHECK(expected[2].starts_with("3001:12 lookalike-username: username `user1\\u{200b}` differs from `user1`"));
  CHECK(expected[3].starts_with("2:12 lookalike-username: username `USER2` differs from `user2` only in case "
                                "(`user2` is defined at 4:12)"));
  CHECK(expected[4].starts_with("3:12 duplicate-username"));
  CHECK(check(spilling, dir) == expected);
  CHECK(std::filesystem::is_empty(dir / "spill"));
}

TEST_CASE("lookalike_reason: the white space at both ends, invisible characters in several kinds",
          "[rules][names]") {
  using ckimport::rules::lookalike_reason;
  using ckimport::text::Lookalike;
  CHECK(lookalike_reason(Lookalike::white_space, " bob ", "bob") == "differs from `bob` only by white space at both ends");
  CHECK(lookalike_reason(Lookalike::white_space, " anna  lee", "anna lee") ==
        "differs from `anna lee` only by white space at its start and inside it");
  CHECK(lookalike_reason(Lookalike::invisible, "c\u00adarl\ufeff", "carl") ==
        "differs from `carl` by invisible characters (U+00AD SOFT HYPHEN, U+FEFF ZERO WIDTH NO-BREAK SPACE)");
  CHECK(lookalike_reason(Lookalike::invisible, "c\u200barl", "ca\u200brl") ==
        "differs from `ca\\u{200b}rl` by where its invisible characters are");
  CHECK(lookalike_reason(Lookalike::nfc, "\u00e9e\u0301", "e\u0301\u00e9") ==
        "is `e\u0301\u00e9` in another Unicode form (neither NFC nor NFD)");
  CHECK(lookalike_reason(Lookalike::nfc, "jos\u00e9", "jose\u0301") == "is `jose\u0301` in another Unicode form (NFC)");
  CHECK(lookalike_reason(Lookalike::confusable, "car1", "carl") == "looks like `carl` (`1` for `l`)");
}

TEST_CASE("unknown-user: did you mean, for a reference that looks like a user", "[rules][names]") {
  const TempDir dir;
  dir.write("users.json", users({"carl", "jos\u00e9", "Zo\u00eb", "anna lee"}));
  dir.write("channels.json", R"([{"type": "PUBLIC", "name": "general", "creator": "CARL", "members": [")"
                             "carl\u200b\", \"c\u0430rl\", \"carl\u00a0\", \"jose\u0301\", \"zo\u00eb\", "
                             "\"anna\u00a0\u00a0lee\", \"\ufeffcarl\", \"car\u00adl\", \"dora\"]}]");
  const Lines lines = check(dir);
  const std::vector<std::string> expected_starts{
      "member `carl\\u{200b}` is not a user of the bundle or the platform; did you mean `carl`?",
      // What the names as shown cannot tell apart is said.
      "member `c\u0430rl` is not a user of the bundle or the platform; did you mean `carl`? (Cyrillic `\u0430` "
      "for Latin `a`)",
      "member `carl\\u{00a0}` is not a user of the bundle or the platform; did you mean `carl`?",
      "member `jose\u0301` is not a user of the bundle or the platform; did you mean `jos\u00e9`? (the same "
      "letters encoded differently: NFD here, NFC in `jos\u00e9`)",
      "member `zo\u00eb` is not a user of the bundle or the platform; did you mean `Zo\u00eb`?",
      "member `anna\\u{00a0}\\u{00a0}lee` is not a user of the bundle or the platform; did you mean `anna lee`?",
      "member `\\u{feff}carl` is not a user of the bundle or the platform; did you mean `carl`?",
      "member `car\\u{00ad}l` is not a user of the bundle or the platform; did you mean `carl`?",
      "member `dora` is not a user of the bundle or the platform",
  };
  REQUIRE(lines.size() == expected_starts.size() + 1);
  CHECK(lines[0].find("creator `CARL` is not a user of the bundle or the platform; did you mean `carl`?") !=
        std::string::npos);
  for (std::size_t i = 0; i < expected_starts.size(); ++i) {
    INFO(lines[i + 1]);
    CHECK(lines[i + 1].find(expected_starts[i]) != std::string::npos);
  }
}

TEST_CASE("unknown-user: did you mean a platform user that looks alike", "[rules][names]") {
  const TempDir dir;
  dir.write("existing/users.json", R"(["carl", "Zo\u00eb"])");
  dir.write("channels.json", "[{\"type\": \"PUBLIC\", \"name\": \"general\", \"members\": [\"c\u0430rl\", \"ZO\u00cb\"]}]");
  const Lines lines = check(dir);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("did you mean `carl`?") != std::string::npos);
  CHECK(lines[1].find("did you mean `Zo\u00eb`?") != std::string::npos);
}
