// check::Engine without the CLI: what a request finds, how the overlay
// stands in for files, that threads and spilling change nothing, and that
// an engine serves many requests alike (the language server keeps one).

#include "check/engine.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"

namespace {

using ckimport::check::CheckRequest;
using ckimport::check::Engine;
using ckimport::check::EngineOptions;
using ckimport::check::ListReporter;
using ckimport::test::TempDir;
using Lines = std::vector<std::string>;

constexpr std::string_view users_jane = R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])";
constexpr std::string_view channels_1001 = R"({"general": 1001})";

std::string message_from(std::string_view user, std::string_view key = "") {
  std::string text = R"({"type": "TEXT", "channelId": 1001, "user": ")" + std::string(user) + R"(", "body": "hi")";
  if (!key.empty()) text += R"(, "idempotencyKey": ")" + std::string(key) + "\"";
  return text + "}";
}

// "<file relative to dir>:<line>:<column> <rule>" of each diagnostic, in order.
Lines check(Engine& engine, const CheckRequest& request, const TempDir& dir,
            ckimport::check::CheckSummary* summary = nullptr) {
  ListReporter reporter;
  const auto result = engine.check(request, reporter);
  if (summary != nullptr) *summary = result;
  Lines out;
  for (const auto& d : reporter.diagnostics) {
    std::string file = d.location.file;
    if (file.starts_with(dir.str() + "/")) file = file.substr(dir.str().size() + 1);
    out.push_back(file + ":" + std::to_string(d.location.begin.line.value) + ":" +
                  std::to_string(d.location.begin.column.value) + " " +
                  std::string(ckimport::diag::rule_name(d.rule)));
  }
  return out;
}

CheckRequest request_for(std::vector<std::string> paths) {
  CheckRequest request;
  request.paths = std::move(paths);
  return request;
}

// The bundle `dir` checked whole by an engine of `jobs` threads.
Lines check_with_jobs(unsigned jobs, const TempDir& dir) {
  EngineOptions options;
  options.jobs = jobs;
  Engine engine(options);
  return check(engine, request_for({dir.str()}), dir);
}

}  // namespace

TEST_CASE("Engine: a folder is a bundle, checked whole", "[check][engine]") {
  const TempDir dir;
  dir.write("users.json", users_jane);
  dir.write("existing/channels.json", channels_1001);
  dir.write("messages.json", "[" + message_from("jane") + ",\n" + message_from("bob") + "]");
  Engine engine;
  ckimport::check::CheckSummary summary;
  CHECK(check(engine, request_for({dir.str()}), dir, &summary) == Lines{"messages.json:2:45 unknown-user"});
  CHECK(summary.files_checked == 2);
  CHECK(summary.bundles == 1);
}

TEST_CASE("Engine: a named file is checked with its bundle as context, and only it is reported on",
          "[check][engine]") {
  const TempDir dir;
  dir.write("users.json", R"([{"name": "jane"}])");  // missing fields: not reported, a context file
  dir.write("existing/channels.json", channels_1001);
  dir.write("messages.json", "[" + message_from("bob") + "]");
  Engine engine;
  ckimport::check::CheckSummary summary;
  CHECK(check(engine, request_for({dir / "messages.json"}), dir, &summary) ==
        Lines{"messages.json:1:46 unknown-user"});
  CHECK(summary.files_checked == 1);
}

TEST_CASE("Engine: the bundle of a file is the nearest folder above it with ckimport.json", "[check][engine]") {
  const TempDir dir;
  dir.write("ckimport.json", R"({"files": {"users": ["people/*.json"], "messages": ["history/*.json"]}})");
  dir.write("people/a.json", users_jane);
  dir.write("existing/channels.json", channels_1001);
  dir.write("history/2024.json", "[" + message_from("jane") + ", " + message_from("zed") + "]");
  Engine engine;
  CHECK(check(engine, request_for({dir / "history/2024.json"}), dir) == Lines{"history/2024.json:1:113 unknown-user"});
}

TEST_CASE("Engine: an overlay document is read instead of the file, wherever the file is needed",
          "[check][engine]") {
  const TempDir dir;
  dir.write("users.json", users_jane);
  dir.write("existing/channels.json", channels_1001);
  dir.write("messages.json", "[" + message_from("bob") + "]");
  Engine engine;
  CHECK(check(engine, request_for({dir.str()}), dir) == Lines{"messages.json:1:46 unknown-user"});

  SECTION("a context file: an unsaved users.json that adds bob") {
    CheckRequest request = request_for({dir / "messages.json"});
    request.overlay.add(dir / "users.json",
                        R"([{"name": "bob", "displayName": "Bob", "isGuest": false, "properties": {}}])");
    CHECK(check(engine, request, dir).empty());
  }
  SECTION("the checked file itself, named by another spelling of its path") {
    CheckRequest request = request_for({dir / "messages.json"});
    request.overlay.add(dir.str() + "/./messages.json", "[" + message_from("jane") + "]");
    CHECK(check(engine, request, dir).empty());
  }
  SECTION("a snapshot") {
    CheckRequest request = request_for({dir.str()});
    request.overlay.add(dir / "existing/channels.json", R"({"random": 1002})");
    CHECK(check(engine, request, dir) == Lines{"messages.json:1:32 unknown-channel", "messages.json:1:46 unknown-user"});
  }
  SECTION("ckimport.json, which does not exist on disk") {
    CheckRequest request = request_for({dir.str()});
    request.overlay.add(dir / "ckimport.json", R"({"rules": {"unknown-user": "off"}})");
    CHECK(check(engine, request, dir).empty());
  }
  SECTION("a named file that is not on disk at all") {
    CheckRequest request = request_for({dir / "users-new.json"});
    request.overlay.add(dir / "users-new.json", R"([{"name": "jane", "displayName": "Jane", "isGuest": false}])");
    CHECK(check(engine, request, dir) == Lines{"users-new.json:1:2 missing-field", "users-new.json:1:11 duplicate-username"});
  }
}

TEST_CASE("Engine: a request with several bundles checks each with its own context, in the order named",
          "[check][engine]") {
  const TempDir dir;
  dir.write("b/users.json", users_jane);
  dir.write("b/channels.json", R"([{"type": "PUBLIC", "name": "general", "members": ["jane", "zed"]}])");
  dir.write("a/users.json", R"([{"name": "zed", "displayName": "Zed", "isGuest": false, "properties": {}}])");
  dir.write("a/channels.json", R"([{"type": "PUBLIC", "name": "general", "members": ["jane", "zed"]}])");
  Engine engine;
  ckimport::check::CheckSummary summary;
  CHECK(check(engine, request_for({dir / "b", dir / "a"}), dir, &summary) ==
        Lines{"b/channels.json:1:60 unknown-user", "a/channels.json:1:52 unknown-user"});
  CHECK(summary.bundles == 2);
  CHECK(summary.files_checked == 4);
}

TEST_CASE("Engine: --rule settings apply over each bundle's ckimport.json", "[check][engine]") {
  const TempDir dir;
  dir.write("ckimport.json", R"({"rules": {"unknown-user": "warning", "unknown-channel": "off"}})");
  dir.write("users.json", users_jane);
  dir.write("messages.json", "[" + message_from("bob") + "]");
  Engine engine;
  ListReporter reporter;
  CheckRequest request = request_for({dir.str()});
  request.rules[ckimport::diag::RuleId::unknown_channel] = ckimport::diag::RuleSetting::error;
  (void)engine.check(request, reporter);
  REQUIRE(reporter.diagnostics.size() == 2);
  CHECK(reporter.diagnostics[0].rule == ckimport::diag::RuleId::unknown_channel);  // the note: not off
  CHECK(reporter.diagnostics[1].rule == ckimport::diag::RuleId::unknown_user);
  CHECK(reporter.diagnostics[1].severity == ckimport::diag::Severity::warning);
}

TEST_CASE("Engine: a request that cannot be carried out is an exception, not a diagnostic", "[check][engine]") {
  const TempDir dir;
  dir.mkdir("empty");
  dir.write("notes.txt", "[]");
  Engine engine;
  ListReporter reporter;
  CHECK_THROWS_AS(engine.check(request_for({dir / "empty"}), reporter), ckimport::check::RequestError);
  CHECK_THROWS_AS(engine.check(request_for({dir / "notes.txt"}), reporter), ckimport::check::RequestError);
  CHECK_THROWS_AS(engine.check(request_for({dir / "missing.json"}), reporter), ckimport::source::InputError);
  CHECK(reporter.diagnostics.empty());
}

TEST_CASE("Engine: one engine serves requests alike, with nothing left from the last", "[check][engine]") {
  const TempDir dir;
  dir.write("users.json", users_jane);
  dir.write("existing/channels.json", channels_1001);
  dir.write("messages.json", "[" + message_from("jane", "k1") + ", " + message_from("bob", "k1") + "]");
  Engine engine;
  const Lines first = check(engine, request_for({dir.str()}), dir);
  CHECK(first.size() == 2);  // the unknown sender and the repeated key
  for (int i = 0; i < 3; ++i) CHECK(check(engine, request_for({dir.str()}), dir) == first);
}

TEST_CASE("Engine: direct channels are the same set of members in any order, each once", "[check][engine]") {
  const TempDir dir;
  dir.write("users.json", R"([{"name": "a", "displayName": "A", "isGuest": false, "properties": {}},
  {"name": "b", "displayName": "B", "isGuest": false, "properties": {}},
  {"name": "a b", "displayName": "AB", "isGuest": false, "properties": {}}])");
  dir.write("channels.json", R"([
  {"type": "DIRECT", "members": ["a", "b"]},
  {"type": "DIRECT", "members": ["b", "a"]},
  {"type": "DIRECT", "members": ["a", "b", "a"]},
  {"type": "DIRECT", "members": ["a b", "a"]},
  {"type": "DIRECT", "members": ["a b", "b"]}
])");
  Engine engine;
  CHECK(check(engine, request_for({dir.str()}), dir) ==
        Lines{"channels.json:3:33 duplicate-direct-channel", "channels.json:4:33 duplicate-direct-channel",
              "channels.json:4:44 duplicate-member"});
}

TEST_CASE("Engine: one thread and two give the same diagnostics on a large file", "[check][engine]") {
  // Over the threads' threshold and many batches, so that two threads check it.
  const TempDir dir;
  dir.write("users.json", users_jane);
  dir.write("existing/channels.json", channels_1001);
  std::string messages = "[\n";
  for (int i = 0; i < 40000; ++i) {
    if (i > 0) messages += ",\n";
    if (i % 997 == 0) {
      messages += message_from("ghost" + std::to_string(i % 3), "k" + std::to_string(i));
    } else if (i % 1499 == 0) {
      messages += R"({"type": "TEXT", "channelId": "1001", "user": "jane", "body": "x", "idempotencyKey": "k7"})";
    } else if (i % 2003 == 0) {
      messages += R"({"type": "TEXT", "channelId": 1001, "user": "jane", "body": "broken",})";
    } else {
      messages += message_from("jane", "k" + std::to_string(i)) + std::string(80, ' ');
    }
  }
  dir.write("messages.json", messages + "\n]");
  const Lines by_one = check_with_jobs(1, dir);
  CHECK(by_one.size() > 60);
  CHECK(check_with_jobs(2, dir) == by_one);
}

TEST_CASE("Engine: one thread and two agree on users and channels files of many batches", "[check][engine]") {
  // Users and channels files past the threads' threshold (512 KiB) are
  // checked in batches too; what their in-order rules find (a duplicate, a
  // look-alike, the first unreadable user) must not move.
  const TempDir dir;
  std::string users = "[\n";
  for (int i = 0; i < 6000; ++i) {
    if (i > 0) users += ",\n";
    std::string name = "user" + std::to_string(i);
    if (i % 1009 == 0 && i > 0) name = "user7";  // a duplicate
    if (i % 1013 == 0) name = "User" + std::to_string(i - 1);  // a look-alike, case only
    if (i == 4001) {
      users += R"({"name": "broken", "displayName": "B", "isGuest": false, "properties": {},})";
      continue;
    }
    users += R"({"name": ")" + name + R"(", "displayName": "U", "isGuest": false, "properties": {}})" +
             std::string(60, ' ');
  }
  dir.write("users.json", users + "\n]");
  std::string channels = "[\n";
  for (int i = 0; i < 3000; ++i) {
    if (i > 0) channels += ",\n";
    const std::string creator = i % 997 == 0 ? "ghost" : "user" + std::to_string(i);
    channels += R"({"type": "PUBLIC", "name": "c)" + std::to_string(i % 1999) + R"(", "creator": ")" + creator +
                R"(", "members": [")" + creator + R"("], "properties": {}})" + std::string(150, ' ');
  }
  dir.write("channels.json", channels + "\n]");
  REQUIRE(users.size() > (std::size_t{512} << 10));
  REQUIRE(channels.size() > (std::size_t{512} << 10));
  const Lines by_one = check_with_jobs(1, dir);
  const auto count = [&](std::string_view rule) {
    return std::count_if(by_one.begin(), by_one.end(),
                         [&](const std::string& line) { return line.ends_with(" " + std::string(rule)); });
  };
  CHECK(count("duplicate-username") == 5);
  CHECK(count("lookalike-username") == 5);
  CHECK(count("syntax") == 1);
  CHECK(count("duplicate-channel-name") == 1001);
  CHECK(count("unknown-user") > 0);
  CHECK(check_with_jobs(2, dir) == by_one);
}

TEST_CASE("Engine: duplicate keys found in a tiny memory budget are the same, in file order", "[check][engine]") {
  // The finder spills to disk past its budget and reports at the end of the
  // kind; the output must not change, nor its order across files.
  const TempDir dir;
  dir.write("users.json", users_jane);
  dir.write("existing/channels.json", channels_1001);
  for (const char* name : {"messages-a.json", "messages-b.json"}) {
    std::string messages = "[\n";
    for (int i = 0; i < 3000; ++i) {
      if (i > 0) messages += ",\n";
      // Keys repeat within a file, across files, and more than twice: k1 at
      // items 0, 1, 700, ... of each file, k2 at items 2, 901, ... (items 1 and
      // 2 of the first file are keys 1 and 2 by the last case too).
      const int key = i % 700 == 0 ? 1 : i % 901 == 0 ? 2 : (name[9] == 'a' ? i : 10000 + i);
      messages += message_from("jane", "k" + std::to_string(key));
    }
    dir.write(name, messages + "\n]");
  }
  Engine in_memory;
  EngineOptions tiny;
  tiny.spill.memory_budget = 4096;
  tiny.spill.temp_folder = dir.mkdir("spill");
  Engine spilling(tiny);
  const Lines expected = check(in_memory, request_for({dir.str()}), dir);
  CHECK(expected.size() == 16);
  CHECK(expected.front() == "messages-a.json:3:85 duplicate-idempotency-key");
  CHECK(expected.back() == "messages-b.json:2802:85 duplicate-idempotency-key");
  CHECK(check(spilling, request_for({dir.str()}), dir) == expected);
  CHECK(std::filesystem::is_empty(dir / "spill"));  // the spill files are gone
}

TEST_CASE("Engine: a number read as null in one item hides nothing in the next", "[check][engine]") {
  // Item 0's 1e999 is read as null and its token masked: findings there are
  // about the stand-in. Item 1's wrong-type sits at the same offset of its
  // own text, and must be reported (the mask once outlived its item).
  const TempDir dir;
  dir.write("users.json", users_jane);
  dir.write("existing/channels.json", channels_1001);
  std::string messages = "[\n";
  messages += R"({"type": "TEXT", "channelId": 1e999, "user": "jane", "body": "hi"},)";
  messages += "\n";
  messages += R"({"type": "TEXT", "channelId": "12345", "user": "jane", "body": "hi"})";
  messages += "\n]";
  dir.write("messages.json", messages);
  const Lines expected{"messages.json:2:31 number-out-of-range", "messages.json:3:31 wrong-type"};
  Engine engine;
  CHECK(check(engine, request_for({dir.str()}), dir) == expected);
}

TEST_CASE("Engine: a number read as null hides nothing in the batches after it, with threads", "[check][engine]") {
  // The parallel path reuses each batch's results: 5000 items with a
  // masked 1e999, then 5000 with a wrong-type at the same offset, padded
  // past many batches (4 MiB), so that later batches reuse the
  // results of the first ones.
  const TempDir dir;
  dir.write("users.json", users_jane);
  dir.write("existing/channels.json", channels_1001);
  const std::string padding(440, ' ');
  std::string messages = "[\n";
  for (int i = 0; i < 10000; ++i) {
    if (i > 0) messages += ",\n";
    messages += i < 5000 ? R"({"type": "TEXT", "channelId": 1e999, "user": "jane", "body": "hi")"
                         : R"({"type": "TEXT", "channelId": "12345", "user": "jane", "body": "hi")";
    messages += padding + "}";
  }
  dir.write("messages.json", messages + "\n]");
  REQUIRE(messages.size() > (std::size_t{4} << 20));
  for (const unsigned jobs : {1U, 2U}) {
    INFO("jobs " << jobs);
    EngineOptions options;
    options.jobs = jobs;
    Engine engine(options);
    const Lines found = check(engine, request_for({dir.str()}), dir);
    const auto count = [&](std::string_view rule) {
      return std::count_if(found.begin(), found.end(), [&](const std::string& line) { return line.ends_with(rule); });
    };
    CHECK(count(" number-out-of-range") == 5000);
    CHECK(count(" wrong-type") == 5000);
  }
}
