#pragma once
// `ckimport lsp`: a language server (LSP 3.17, JSON-RPC over stdio) on the
// engine `ckimport check` uses.
//
// Two threads. The message loop (the caller of handle()) answers every
// request at once from what it holds: the open documents and the last
// analysis of each. The check worker owns the one check::Engine (the engine
// is not thread-safe; only the worker uses it) and checks what changed: an
// edit on its own at once, a burst of edits (typing: changes less than
// `debounce` apart) once `debounce` has passed without another. It takes a
// snapshot of the open documents and checks each bundle that has a changed
// document, with every open document in the overlay. A result is published
// only when its document is still at the version that was checked; a check
// whose documents change meanwhile is abandoned at the engine's next
// progress tick (once per MiB read) and done again.
//
// Lifecycle as LSP says: requests before `initialize` get -32002, `$/`
// notifications are ignored, unknown requests get -32601, `shutdown` may
// come twice (neovim 0.7 sends two), `exit` ends with 0 after shutdown and 1
// without. The end of the input ends it alike: 0 after shutdown, else 1.
// Only protocol goes to `out`; logs go to `log` (stderr) and, once
// initialized, to the client as window/logMessage.
#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "lsp/framing.hpp"

namespace ckimport::lsp {

struct ServerOptions {
  ServerOptions() = default;
  explicit ServerOptions(std::string server_version) : version(std::move(server_version)) {}
  std::string version;  // serverInfo.version
  FrameLimits limits;
  std::chrono::milliseconds debounce{50};  // changes closer than this are a burst, checked once it ends
  // Checks run inside handle(), after the message, with no worker thread
  // and no debounce (fuzzing, tests that want one order of events).
  bool synchronous = false;
  // Tests: called on the checking thread before each bundle's check.
  std::function<void()> before_check;
};

class Server {
 public:
  using Send = std::function<void(const std::string& body)>;  // one message's JSON, framed by the caller
  Server(Send send, std::ostream& log, ServerOptions options = ServerOptions());
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Handles one message body. The exit status once `exit` has come.
  std::optional<int> handle(std::string body);
  // Bytes the framing dropped.
  void framing_error(const FrameError& error);
  // The input ended: the exit status.
  int end_of_input();
  // Tests: until no check is due or running (or the server is shut down).
  void wait_idle();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Serves `in` and `out` until `exit` or the end of `in`; returns the exit
// status. Ignores SIGPIPE (a client that goes away must not kill the
// server mid-write; the end of its input follows).
int run_server(std::istream& in, std::ostream& out, std::ostream& log, ServerOptions options = ServerOptions());

}  // namespace ckimport::lsp
