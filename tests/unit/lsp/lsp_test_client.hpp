#pragma once
// A client for lsp::Server in unit tests: sends message bodies to
// handle(), keeps what the server sends (from either of its threads), and
// waits for diagnostics.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <simdjson.h>

#include "lsp/json_out.hpp"
#include "lsp/protocol.hpp"
#include "lsp/server.hpp"

namespace ckimport::test {

inline std::string json_string(std::string_view text) {
  std::string out;
  lsp::append_json_string(out, text);
  return out;
}

class LspClient {
 public:
  explicit LspClient(lsp::ServerOptions options = {})
      : server_([this](const std::string& body) { received(body); }, log_, std::move(options)) {}

  std::optional<int> send(const std::string& body) { return server_.handle(body); }
  std::optional<int> request(int id, const std::string& method, const std::string& params = "{}") {
    return send(R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" + method +
                R"(","params":)" + params + "}");
  }
  std::optional<int> notify(const std::string& method, const std::string& params = "{}") {
    return send(R"({"jsonrpc":"2.0","method":")" + method + R"(","params":)" + params + "}");
  }

  // initialize (with `capabilities`), then initialized.
  void start(const std::string& capabilities = "{}") {
    request(1, "initialize", R"({"processId":null,"rootUri":null,"capabilities":)" + capabilities + "}");
    notify("initialized");
  }

  void open(const std::string& path, const std::string& text, int version = 1) {
    notify("textDocument/didOpen", R"({"textDocument":{"uri":)" + json_string(lsp::path_to_uri(path)) +
                                       R"(,"languageId":"json","version":)" + std::to_string(version) +
                                       R"(,"text":)" + json_string(text) + "}}");
  }
  void change(const std::string& path, int version, const std::string& text) {
    notify("textDocument/didChange", R"({"textDocument":{"uri":)" + json_string(lsp::path_to_uri(path)) +
                                         R"(,"version":)" + std::to_string(version) + R"(},"contentChanges":[{"text":)" +
                                         json_string(text) + "}]}");
  }
  void close(const std::string& path) {
    notify("textDocument/didClose", R"({"textDocument":{"uri":)" + json_string(lsp::path_to_uri(path)) + "}}");
  }

  std::vector<std::string> messages() {
    const std::lock_guard lock(mutex_);
    return messages_;
  }

  // The response to request `id` (its JSON), or "" when there is none.
  std::string response(int id) {
    for (const auto& body : messages()) {
      simdjson::dom::element root;
      if (parser_.parse(body).get(root)) continue;
      std::int64_t got = 0;
      simdjson::dom::element method;
      if (!root["method"].get(method)) continue;
      if (!root["id"].get_int64().get(got) && got == id) return body;
    }
    return "";
  }

  // Each publishDiagnostics for `path`: "v<version>: <diagnostic>; ..." with
  // each diagnostic as "<line>:<char>-<line>:<char> <code> <severity>".
  std::vector<std::string> published(const std::string& path) {
    std::vector<std::string> out;
    const std::string uri = lsp::path_to_uri(path);
    for (const auto& body : messages()) {
      simdjson::dom::element root;
      if (parser_.parse(body).get(root)) continue;
      std::string_view method;
      if (root["method"].get_string().get(method) || method != "textDocument/publishDiagnostics") continue;
      std::string_view got_uri;
      if (root["params"]["uri"].get_string().get(got_uri) || got_uri != uri) continue;
      std::int64_t version = -1;
      if (root["params"]["version"].get_int64().get(version)) version = -1;
      std::string line = "v" + std::to_string(version) + ":";
      simdjson::dom::array diagnostics;
      if (root["params"]["diagnostics"].get_array().get(diagnostics)) continue;
      for (const auto d : diagnostics) {
        const auto pos = [&](const char* which) {
          return std::to_string(int64_t(d["range"][which]["line"])) + ":" +
                 std::to_string(int64_t(d["range"][which]["character"]));
        };
        line += " " + pos("start") + "-" + pos("end") + " " + std::string(std::string_view(d["code"])) + " " +
                std::to_string(int64_t(d["severity"])) + ";";
      }
      out.push_back(line);
    }
    return out;
  }

  // Waits until `path` has had `count` publishes (up to 20 s).
  bool wait_published(const std::string& path, std::size_t count = 1) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      if (published(path).size() >= count) return true;
      std::unique_lock lock(mutex_);
      arrived_.wait_for(lock, std::chrono::milliseconds(20));
    }
    return false;
  }

  void wait_idle() { server_.wait_idle(); }
  lsp::Server& server() { return server_; }

 private:
  void received(const std::string& body) {
    {
      const std::lock_guard lock(mutex_);
      messages_.push_back(body);
    }
    arrived_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::string> messages_;
  std::ostringstream log_;
  simdjson::dom::parser parser_;
  lsp::Server server_;  // last: it stops before the rest goes
};

}  // namespace ckimport::test
