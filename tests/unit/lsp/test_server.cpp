// lsp::Server: the lifecycle and dispatch rules of LSP, diagnostics of open
// documents with their bundle as context (unsaved buffers included), and
// checks that a newer change supersedes.
#include "lsp/server.hpp"

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <future>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "lsp/analysis.hpp"
#include "lsp/jsonrpc.hpp"
#include "lsp_test_client.hpp"

namespace {

using ckimport::lsp::ServerOptions;
using ckimport::test::LspClient;
using ckimport::test::TempDir;
using Lines = std::vector<std::string>;

ServerOptions synchronous() {
  ServerOptions options;
  options.synchronous = true;
  return options;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr std::string_view jane = R"({"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}})";
constexpr std::string_view bob = R"({"name": "bob", "displayName": "Bob", "isGuest": false, "properties": {}})";
const std::string message_from_bob = R"([{"type": "TEXT", "channelId": 1001, "user": "bob", "body": "hi"}])";
// The key `display_name` after an emoji: character 20 in UTF-16, 22 in UTF-8.
const std::string users_with_emoji =
    "[\n  " + std::string(jane) + ",\n  {\"name\": \"🎉joe\", \"display_name\": \"Joe\", \"isGuest\": false, \"properties\": {}}\n]\n";

// A bundle: users.json (jane), existing/channels.json (1001).
void write_bundle(const TempDir& dir) {
  dir.write("users.json", "[" + std::string(jane) + "]");
  dir.write("existing/channels.json", R"({"general": 1001})");
}

}  // namespace

TEST_CASE("server: requests before initialize get -32002; exit before it ends with 1", "[lsp]") {
  LspClient client(synchronous());
  client.request(5, "textDocument/codeAction");
  CHECK(contains(client.response(5), R"("code":-32002)"));
  client.notify("textDocument/didOpen", R"({"textDocument":{"uri":"file:///x/users.json","version":1,"text":"["}})");
  CHECK(client.messages().size() == 1);  // dropped: no diagnostics, no answer
  CHECK(client.notify("exit") == 1);
}

TEST_CASE("server: dispatch: unknown methods, $/ messages, malformed JSON-RPC", "[lsp]") {
  LspClient client(synchronous());
  client.start();
  REQUIRE(contains(client.response(1), R"("capabilities")"));
  const auto before = client.messages().size();

  client.request(2, "workspace/symbol", R"({"query":""})");
  CHECK(contains(client.response(2), R"("code":-32601)"));
  client.request(3, "$/somethingNew");
  CHECK(contains(client.response(3), R"("code":-32601)"));
  client.notify("$/cancelRequest", R"({"id":2})");
  client.notify("$/setTrace", R"({"value":"off"})");
  client.notify("workspace/didChangeConfiguration", R"({"settings":{}})");
  CHECK(client.messages().size() == before + 2);  // notifications get no answer

  client.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":");
  CHECK(contains(client.messages().back(), R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"not JSON: )"));
  client.send(R"([{"jsonrpc":"2.0","id":9,"method":"shutdown"}])");
  CHECK(contains(client.messages().back(), R"("id":null,"error":{"code":-32600)"));
  client.request(6, "initialize");
  CHECK(contains(client.response(6), R"("code":-32600)"));
  client.request(7, "textDocument/codeAction", R"({"textDocument":{}})");
  CHECK(contains(client.response(7), R"("code":-32602)"));
  // A notification with bad params is logged, never answered.
  client.notify("textDocument/didChange", R"({"textDocument":{"uri":"file:///nowhere/users.json"},"contentChanges":[]})");
  CHECK(contains(client.messages().back(), R"("method":"window/logMessage")"));
}

TEST_CASE("server: shutdown twice is fine; exit after it ends with 0", "[lsp]") {
  LspClient client(synchronous());
  client.start();
  client.request(2, "shutdown");
  client.request(3, "shutdown");
  CHECK(client.response(2) == R"({"jsonrpc":"2.0","id":2,"result":null})");
  CHECK(client.response(3) == R"({"jsonrpc":"2.0","id":3,"result":null})");
  client.request(4, "textDocument/codeAction");
  CHECK(contains(client.response(4), R"("code":-32600)"));
  CHECK(client.server().end_of_input() == 0);
  CHECK(client.notify("exit") == 0);
}

TEST_CASE("server: the end of the input without shutdown is exit status 1", "[lsp]") {
  LspClient client(synchronous());
  client.start();
  CHECK(client.server().end_of_input() == 1);
}

TEST_CASE("server: initialize negotiates the position encoding and advertises what is served", "[lsp]") {
  SECTION("no general.positionEncodings (LSP 3.16, neovim 0.7): UTF-16") {
    LspClient client(synchronous());
    client.start();
    const auto answer = client.response(1);
    CHECK(contains(answer, R"("positionEncoding":"utf-16")"));
    CHECK(contains(answer, R"("textDocumentSync":{"openClose":true,"change":2,"save":{"includeText":false}})"));
    CHECK(contains(answer, R"("codeActionProvider":{"codeActionKinds":["quickfix","source.fixAll.ckimport"]})"));
    CHECK(contains(answer, R"("serverInfo":{"name":"ckimport")"));
  }
  SECTION("UTF-8 offered") {
    LspClient client(synchronous());
    client.start(R"({"general":{"positionEncodings":["utf-16","utf-8"]}})");
    CHECK(contains(client.response(1), R"("positionEncoding":"utf-8")"));
  }
}

TEST_CASE("server: diagnostics of an open file at the token, in the negotiated encoding", "[lsp]") {
  const TempDir dir;
  write_bundle(dir);
  const std::string users = dir / "users.json";

  SECTION("UTF-16") {
    LspClient client(synchronous());
    client.start();
    client.open(users, users_with_emoji, 3);
    CHECK(client.published(users) == Lines{"v3: 2:20-2:34 unknown-field 1;"});
    // The whole LSP diagnostic: message and help, source, code.
    const auto last = client.messages().back();
    CHECK(contains(last, R"("severity":1,"code":"unknown-field","source":"ckimport",)"
                         R"("message":"`display_name` is not a field of a user; did you mean `displayName`?\nhelp: rename it to `displayName`")"));
  }
  SECTION("UTF-8") {
    LspClient client(synchronous());
    client.start(R"({"general":{"positionEncodings":["utf-8"]}})");
    client.open(users, users_with_emoji, 3);
    CHECK(client.published(users) == Lines{"v3: 2:22-2:36 unknown-field 1;"});
  }
}

TEST_CASE("server: an unsaved change to users.json re-checks the open messages.json", "[lsp]") {
  const TempDir dir;
  write_bundle(dir);
  const std::string users = dir / "users.json";
  const std::string messages = dir.write("messages.json", message_from_bob);
  LspClient client(synchronous());
  client.start();
  client.open(messages, message_from_bob);
  REQUIRE(client.published(messages) == Lines{"v1: 0:45-0:50 unknown-user 1;"});
  client.open(users, "[" + std::string(jane) + "]");
  client.change(users, 2, "[" + std::string(jane) + ",\n" + std::string(bob) + "]");
  CHECK(client.published(messages) == Lines{"v1: 0:45-0:50 unknown-user 1;", "v1: 0:45-0:50 unknown-user 1;", "v1:"});
  CHECK(client.published(users) == Lines{"v1:", "v2:"});

  SECTION("closing users.json: messages.json is checked against the file on disk again") {
    client.close(users);
    CHECK(client.published(users).back() == "v-1:");  // the empty list, with no version
    CHECK(client.published(messages).back() == "v1: 0:45-0:50 unknown-user 1;");
  }
}

TEST_CASE("server: related locations, and an open ckimport.json reports its own problems", "[lsp]") {
  const TempDir dir;
  write_bundle(dir);
  const std::string users = dir / "users.json";
  LspClient client(synchronous());
  client.start();
  client.open(users, "[" + std::string(jane) + ",\n " + std::string(jane) + "]");
  REQUIRE(client.published(users) == Lines{"v1: 1:10-1:16 duplicate-username 1;"});
  const auto last = client.messages().back();
  CHECK(contains(last, R"("relatedInformation":[{"location":{"uri":)" + ckimport::test::json_string(
                           ckimport::lsp::path_to_uri(users)) +
                           R"(,"range":{"start":{"line":0,"character":10},"end":{"line":0,"character":16}}})"));

  const std::string config = dir / "ckimport.json";
  client.open(config, R"({"rules": {"duplicate-username": "loud"}})");
  REQUIRE(client.published(config).size() == 1);
  CHECK(client.published(config).front().starts_with("v1: 0:"));
}

TEST_CASE("server: a document that is not an import file gets nothing, and does not stop the others", "[lsp]") {
  const TempDir dir;
  write_bundle(dir);
  const std::string users = dir / "users.json";
  const std::string notes = dir / "notes.json";
  LspClient client(synchronous());
  client.start();
  client.open(notes, "{}");
  client.open(users, users_with_emoji);
  CHECK(client.published(notes).empty());
  CHECK(client.published(users) == Lines{"v1: 2:20-2:34 unknown-field 1;"});
  client.notify("textDocument/didOpen", R"({"textDocument":{"uri":"untitled:1","version":1,"text":"["}})");
  CHECK(client.messages().back().find("untitled:1") == std::string::npos);
}

TEST_CASE("server: a file of the bundle that cannot be read is a log message, not a crash", "[lsp]") {
  const TempDir dir;
  write_bundle(dir);
  REQUIRE(::mkfifo((dir / "channels.json").c_str(), 0600) == 0);  // not a file: source::InputError
  const std::string users = dir / "users.json";
  LspClient client(synchronous());
  client.start();
  client.open(users, users_with_emoji);
  CHECK(client.published(users).empty());
  CHECK(contains(client.messages().back(), R"("method":"window/logMessage","params":{"type":1,"message":"cannot check the bundle at )"));
  client.request(9, "shutdown");
  CHECK(contains(client.response(9), R"("result":null)"));
}

TEST_CASE("server: open documents are grouped by bundle, one request each", "[lsp]") {
  const TempDir dir;
  using ckimport::lsp::Document;
  const auto document = [&](const std::string& relative) {
    Document d;
    d.path = dir / relative;
    d.uri = ckimport::lsp::path_to_uri(*d.path);
    d.text = std::make_shared<const std::string>("[]");
    return d;
  };
  dir.mkdir("a/members");
  dir.mkdir("a/existing");
  dir.mkdir("b");
  const auto groups = ckimport::lsp::group_documents(
      {document("a/users.json"), document("b/users.json"), document("a/members/1001.json"),
       document("a/existing/channels.json"), document("a/ckimport-notes.json")});
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].documents.size() == 4);
  CHECK(groups[1].documents.size() == 1);
  CHECK(groups[1].key == ckimport::check::resolved_path(dir / "b"));
}

TEST_CASE("server: a check of a version that is no longer current is not published", "[lsp]") {
  const TempDir dir;
  write_bundle(dir);
  const std::string users = dir / "users.json";
  // Large enough for the engine's progress ticks, which abandon the check.
  std::string big = "[";
  for (int i = 0; i < 20000; ++i) {
    big += (i ? ",\n" : "") + std::string(R"({"name": "u)") + std::to_string(i) +
           R"(", "displayName": "User", "isGuest": false, "properties": {"note": "0123456789012345678901234567890123456789"}})";
  }
  big += "]";
  REQUIRE(big.size() > (std::size_t{2} << 20));

  std::promise<void> entered;
  std::promise<void> go;
  auto go_future = go.get_future().share();
  int checks = 0;
  ServerOptions options;
  options.debounce = std::chrono::milliseconds(1);
  options.before_check = [&] {
    if (checks++ == 0) {
      entered.set_value();
      go_future.wait();
    }
  };
  LspClient client(options);
  client.start();
  client.open(users, big, 1);
  entered.get_future().wait();  // the worker has taken version 1
  client.change(users, 2, users_with_emoji);
  go.set_value();
  REQUIRE(client.wait_published(users));
  client.wait_idle();
  CHECK(client.published(users) == Lines{"v2: 2:20-2:34 unknown-field 1;"});
}

// The fixes the rules attach become quick fixes (their edits in detail:
// tests/unit/lsp/test_code_actions.cpp); a document not open has none.
TEST_CASE("server: code actions of an open document are its fixes; of a document not open, none", "[lsp]") {
  const TempDir dir;
  write_bundle(dir);
  const std::string users = dir / "users.json";
  LspClient client(synchronous());
  client.start();
  client.open(users, users_with_emoji);
  const std::string params = R"({"textDocument":{"uri":)" + ckimport::test::json_string(ckimport::lsp::path_to_uri(users)) +
                             R"(},"range":{"start":{"line":2,"character":20},"end":{"line":2,"character":20}},)"
                             R"("context":{"diagnostics":[]}})";
  client.request(2, "textDocument/codeAction", params);
  const std::string actions = client.response(2);
  CHECK_THAT(actions, Catch::Contains(
                          R"({"title":"rename `display_name` to `displayName`","kind":"quickfix")"));
  CHECK_THAT(actions, Catch::Contains(
                          R"({"range":{"start":{"line":2,"character":20},"end":{"line":2,"character":34}},"newText":"\"displayName\""})"));
  client.request(3, "textDocument/codeAction", R"({"textDocument":{"uri":"file:///not/open.json"},)"
                                               R"("range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}}})");
  CHECK(client.response(3) == R"({"jsonrpc":"2.0","id":3,"result":[]})");
}

TEST_CASE("server: run_server speaks framed JSON-RPC on the streams, and only that", "[lsp]") {
  using ckimport::lsp::frame;
  const std::string initialize = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})";
  const std::string shutdown = R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})";
  const std::string exit = R"({"jsonrpc":"2.0","method":"exit"})";
  std::ostringstream out;
  std::ostringstream log;

  SECTION("exit after shutdown: 0") {
    std::istringstream in(frame(initialize) + "garbage\r\n\r\n" + frame(shutdown) + frame(exit) + frame(initialize));
    CHECK(ckimport::lsp::run_server(in, out, log) == 0);
    ckimport::lsp::FrameReader reader;
    reader.feed(out.str());
    std::vector<std::string> bodies;
    while (auto next = reader.next()) bodies.push_back(std::get<std::string>(*next));
    REQUIRE(bodies.size() == 2);
    CHECK(contains(bodies[0], R"("id":1,"result":{"capabilities")"));
    CHECK(bodies[1] == R"({"jsonrpc":"2.0","id":2,"result":null})");
    CHECK(contains(log.str(), "dropped input: bad header line `garbage`"));
  }
  SECTION("exit without shutdown: 1") {
    std::istringstream in(frame(initialize) + frame(exit));
    CHECK(ckimport::lsp::run_server(in, out, log) == 1);
  }
  SECTION("the end of the input: 0 after shutdown, else 1") {
    std::istringstream after(frame(initialize) + frame(shutdown));
    CHECK(ckimport::lsp::run_server(after, out, log) == 0);
    std::istringstream without(frame(initialize) + "Content-Length: 99\r\n\r\n{");
    CHECK(ckimport::lsp::run_server(without, out, log) == 1);
    CHECK(contains(log.str(), "the input ended inside a message"));
  }
}

TEST_CASE("server: a save, or files changed on disk, re-read the bundle's other files from disk", "[lsp]") {
  const TempDir dir;
  write_bundle(dir);  // users.json on disk: jane only
  const std::string users = dir / "users.json";
  const std::string messages = dir.write("messages.json", message_from_bob);
  LspClient client(synchronous());
  client.start();
  client.open(messages, message_from_bob);
  REQUIRE(client.published(messages) == Lines{"v1: 0:45-0:50 unknown-user 1;"});

  // users.json is not open: bob joins it on disk, and the client says so.
  dir.write("users.json", "[" + std::string(jane) + ",\n" + std::string(bob) + "]");
  client.notify("workspace/didChangeWatchedFiles",
                R"({"changes":[{"uri":)" + ckimport::test::json_string(ckimport::lsp::path_to_uri(users)) +
                    R"(,"type":2}]})");
  CHECK(client.published(messages) == Lines{"v1: 0:45-0:50 unknown-user 1;", "v1:"});

  // He leaves it again; saving messages.json reads the disk again.
  dir.write("users.json", "[" + std::string(jane) + "]");
  client.notify("textDocument/didSave",
                R"({"textDocument":{"uri":)" + ckimport::test::json_string(ckimport::lsp::path_to_uri(messages)) + "}}");
  CHECK(client.published(messages) ==
        Lines{"v1: 0:45-0:50 unknown-user 1;", "v1:", "v1: 0:45-0:50 unknown-user 1;"});
}

TEST_CASE("server: an open, unsaved snapshot is the context of the bundle's files", "[lsp]") {
  const TempDir dir;
  write_bundle(dir);  // existing/channels.json on disk: 1001
  const std::string messages = dir.write("messages.json", R"([{"type": "TEXT", "channelId": 1001, "user": "jane", "body": "hi"}])");
  const std::string channels = dir / "existing/channels.json";
  LspClient client(synchronous());
  client.start();
  client.open(messages, R"([{"type": "TEXT", "channelId": 1001, "user": "jane", "body": "hi"}])");
  REQUIRE(client.published(messages) == Lines{"v1:"});
  client.open(channels, R"({"general": 1002})");
  CHECK(client.published(messages) == Lines{"v1:", "v1: 0:31-0:35 unknown-channel 1;"});
}

TEST_CASE("server: requests are answered while a check runs", "[lsp]") {
  const TempDir dir;
  write_bundle(dir);
  const std::string users = dir / "users.json";
  std::promise<void> entered;
  std::promise<void> go;
  auto go_future = go.get_future().share();
  bool first = true;
  ServerOptions options;
  options.debounce = std::chrono::milliseconds(1);
  options.before_check = [&] {
    if (first) {
      first = false;
      entered.set_value();
      go_future.wait();  // the check "runs" until the test lets it go
    }
  };
  LspClient client(options);
  client.start();
  client.open(users, users_with_emoji);
  entered.get_future().wait();
  client.request(7, "textDocument/codeAction",
                 R"({"textDocument":{"uri":)" + ckimport::test::json_string(ckimport::lsp::path_to_uri(users)) +
                     R"(},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},)"
                     R"("context":{"diagnostics":[]}})");
  client.request(8, "ckimport/noSuchMethod");
  // Answered from the message loop at once: no analysis yet, so no actions.
  CHECK(client.response(7) == R"({"jsonrpc":"2.0","id":7,"result":[]})");
  CHECK(client.response(8) == R"({"jsonrpc":"2.0","id":8,"error":{"code":-32601,"message":"no method ckimport/noSuchMethod"}})");
  CHECK(client.published(users).empty());
  go.set_value();
  REQUIRE(client.wait_published(users));
  CHECK(client.published(users) == Lines{"v1: 2:20-2:34 unknown-field 1;"});
}

// The debounce is for typing: an edit on its own is checked at once, a
// burst of edits once it ends, at its last version.
TEST_CASE("server: an edit on its own is checked at once; a burst once, after the debounce", "[lsp]") {
  const TempDir dir;
  write_bundle(dir);
  const std::string users = dir / "users.json";
  std::atomic<int> checks{0};
  ServerOptions options;
  options.debounce = std::chrono::seconds(3);
  options.before_check = [&] { ++checks; };
  LspClient client(options);
  client.start();

  const auto opened = std::chrono::steady_clock::now();
  client.open(users, users_with_emoji, 1);
  REQUIRE(client.wait_published(users));
  // Well before the 3 s a debounced check would wait.
  CHECK(std::chrono::steady_clock::now() - opened < std::chrono::seconds(2));
  client.wait_idle();
  CHECK(checks == 1);

  // Five changes in a row, well within 3 s of each other: the last is
  // published, after one check of the burst.
  for (int version = 2; version <= 6; ++version) {
    client.change(users, version, version == 6 ? "[" + std::string(jane) + "]" : users_with_emoji);
  }
  REQUIRE(client.wait_published(users, 2));
  client.wait_idle();
  CHECK(client.published(users).back() == "v6:");
  CHECK(checks <= 3);
}
