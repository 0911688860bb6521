#include "lsp/server.hpp"

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <thread>
#include <vector>

#include "check/engine.hpp"
#include "lsp/analysis.hpp"
#include "lsp/code_actions.hpp"
#include "lsp/diagnostics.hpp"
#include "lsp/document_store.hpp"
#include "lsp/jsonrpc.hpp"

namespace ckimport::lsp {
namespace {

using simdjson::dom::element;

// Thrown by the handlers for params they cannot use: -32602 for a request,
// a log line for a notification.
class BadParams : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::optional<element> member(const std::optional<element>& parent, const char* key) {
  if (!parent || !parent->is_object()) return std::nullopt;
  element value;
  if (parent->get_object()[key].get(value)) return std::nullopt;
  return value;
}

std::optional<std::string_view> string_member(const std::optional<element>& parent, const char* key) {
  const auto value = member(parent, key);
  std::string_view text;
  if (!value || value->get_string().get(text)) return std::nullopt;
  return text;
}

std::optional<std::int64_t> integer_member(const std::optional<element>& parent, const char* key) {
  const auto value = member(parent, key);
  std::int64_t number = 0;
  if (!value || value->get_int64().get(number)) return std::nullopt;
  return number;
}

std::string_view required_string(const std::optional<element>& parent, const char* key, const char* where) {
  const auto text = string_member(parent, key);
  if (!text) throw BadParams(std::string(where) + " has no string `" + key + "`");
  return *text;
}

LspPosition position_param(const std::optional<element>& parent, const char* key) {
  const auto value = member(parent, key);
  const auto number = [&](const char* name) {
    const auto n = integer_member(value, name);
    if (!n || *n < 0) throw BadParams(std::string("a position without a non-negative `") + name + "`");
    return static_cast<std::uint64_t>(*n);
  };
  return {number("line"), number("character")};
}

LspRange range_param(const std::optional<element>& parent, const char* key) {
  const auto value = member(parent, key);
  if (!value) throw BadParams(std::string("no `") + key + "` range");
  return {position_param(value, "start"), position_param(value, "end")};
}

std::optional<std::vector<std::string>> string_list(const std::optional<element>& value) {
  simdjson::dom::array array;
  if (!value || value->get_array().get(array)) return std::nullopt;
  std::vector<std::string> out;
  for (const element item : array) {
    std::string_view text;
    if (!item.get_string().get(text)) out.emplace_back(text);
  }
  return out;
}

}  // namespace

struct Server::State {
  State(Send send_function, std::ostream& log_stream, ServerOptions server_options)
      : send(std::move(send_function)), log(log_stream), options(std::move(server_options)) {}

  Send send;
  std::ostream& log;
  ServerOptions options;
  simdjson::dom::parser parser;  // the message loop's
  std::mutex log_mutex;

  // Everything below is shared by the two threads, under `mutex`.
  std::mutex mutex;
  std::condition_variable wake;  // the worker: something to check, or stop
  std::condition_variable idle;  // wait_idle()
  bool initialized = false;
  bool shut_down = false;
  bool stopping = false;
  bool busy = false;
  PositionEncoding encoding = PositionEncoding::utf16;
  bool document_changes = false;
  DocumentStore documents;
  std::vector<std::string> pending;  // paths changed since the last check
  bool pending_all = false;          // files changed on disk: every bundle
  std::chrono::steady_clock::time_point last_change;
  // A change that came within `debounce` of the one before: typing. The
  // worker then waits for a quiet `debounce`; an edit on its own is checked
  // at once (the debounce would be all of its wait).
  bool in_burst = false;
  std::set<std::string> checking;  // paths of the group being checked
  std::map<std::string, std::shared_ptr<const AnalyzedDocument>, std::less<>> results;  // by URI

  std::atomic<bool> cancel{false};
  std::unique_ptr<check::Engine> engine;  // the checking thread's only
  std::thread worker;

  // --- output -------------------------------------------------------------
  void log_line(int type, const std::string& text, bool to_client) {
    {
      const std::lock_guard lock(log_mutex);
      log << "ckimport lsp: " << text << '\n';
      log.flush();
    }
    if (to_client) {
      JsonOut params;
      params.begin_object().key("type").number(type).key("message").string(text).end_object();
      send(notification("window/logMessage", params.str()));
    }
  }

  // --- changes (message loop, under the lock) ---------------------------
  void note_change() {
    const auto now = std::chrono::steady_clock::now();
    in_burst = now < last_change + options.debounce;
    last_change = now;
  }

  void changed(const std::optional<std::string>& path) {
    if (!path) return;
    pending.push_back(*path);
    note_change();
    if (checking.contains(*path)) cancel = true;
    wake.notify_all();
  }

  void changed_on_disk() {
    pending_all = true;
    note_change();
    if (!checking.empty()) cancel = true;
    wake.notify_all();
  }

  bool has_pending() const { return pending_all || !pending.empty(); }

  // --- checks (checking thread) ----------------------------------------
  void make_engine() {
    check::EngineOptions engine_options;
    engine_options.jobs = 1;  // the worker's own thread: cancelling unwinds cleanly, the loop keeps a core
    engine_options.progress = [this](const std::string&, std::uint64_t, std::optional<std::uint64_t>) {
      if (cancel.load()) throw Cancelled();
    };
    engine = std::make_unique<check::Engine>(std::move(engine_options));
  }

  // Takes what is pending and checks it; `lock` is held on entry and exit.
  void check_pending(std::unique_lock<std::mutex>& lock) {
    std::vector<std::string> paths;
    paths.swap(pending);
    const bool all = pending_all;
    pending_all = false;
    const std::vector<Document> snapshot = documents.documents();
    const PositionEncoding used_encoding = encoding;
    busy = true;
    lock.unlock();
    try {
      check_groups(lock, paths, all, snapshot, used_encoding);
    } catch (const std::exception& e) {
      // Not the engine's (check_group keeps those): out of memory, say.
      if (!lock.owns_lock()) lock.lock();
      checking.clear();
      log_line(1, std::string("check failed: ") + e.what(), true);
    }
    if (!lock.owns_lock()) lock.lock();
    busy = false;
    idle.notify_all();
  }

  // Called without the lock; may return with it held.
  void check_groups(std::unique_lock<std::mutex>& lock, const std::vector<std::string>& paths, bool all,
                    const std::vector<Document>& snapshot, PositionEncoding used_encoding) {
    std::set<std::string> keys;
    for (const auto& path : paths) keys.insert(bundle_key(path));
    const check::Overlay overlay = overlay_of(snapshot);
    std::map<std::string, std::string> uri_by_path;
    for (const auto& document : snapshot) {
      if (document.path) uri_by_path.emplace(check::resolved_path(*document.path), document.uri);
    }
    const UriOf uri_of = [&](const std::string& path) {
      const std::string resolved = check::resolved_path(path);
      const auto found = uri_by_path.find(resolved);
      return found != uri_by_path.end() ? found->second : path_to_uri(resolved);
    };

    for (const BundleGroup& group : group_documents(snapshot)) {
      if (!all && !keys.contains(group.key)) continue;
      lock.lock();
      if (stopping || shut_down) return;
      checking.clear();
      for (const auto& document : group.documents) checking.insert(*document.path);
      cancel = false;
      lock.unlock();
      if (options.before_check) options.before_check();

      std::optional<BundleResult> result;
      if (!engine) {
        result = BundleResult{};
        result->failed = true;
        result->problem = "the check engine could not be started";
      } else {
        try {
          result = check_group(*engine, group, overlay);
        } catch (const Cancelled&) {
        }
      }
      std::vector<std::pair<const Document*, std::shared_ptr<const AnalyzedDocument>>> analyzed;
      if (result && !result->failed) {
        for (auto& entry : result->documents) {
          std::shared_ptr<const AnalyzedDocument> analysis;
          if (entry.import_file) {
            analysis = std::make_shared<const AnalyzedDocument>(
                analyze_document(entry.document, std::move(entry.diagnostics), used_encoding, uri_of));
          }
          analyzed.emplace_back(&entry.document, std::move(analysis));
        }
      }

      lock.lock();
      checking.clear();
      if (stopping || shut_down) return;
      if (!result) {
        // Cancelled: its changed documents are pending again; the others of
        // the group are checked again with them.
        for (const auto& document : group.documents) pending.push_back(*document.path);
      } else if (result->failed) {
        log_line(1, "cannot check the bundle at " + group.key + ": " + result->problem, true);
      } else {
        for (const auto& [checked, analysis] : analyzed) {
          const Document* now = documents.find(checked->uri);
          // Closed, or a newer version is pending: its own check publishes.
          if (now == nullptr || now->version != checked->version || now->text != checked->text) continue;
          const std::string& uri = checked->uri;
          if (analysis) {
            results[uri] = analysis;
            send(notification("textDocument/publishDiagnostics", publish_params(uri, analysis.get())));
          } else if (results.erase(uri) > 0) {
            send(notification("textDocument/publishDiagnostics", publish_params(uri, nullptr)));
          }
        }
      }
      lock.unlock();
    }
  }

  void work() {
    try {
      make_engine();
    } catch (const std::exception& e) {
      log_line(1, std::string("cannot start the check engine: ") + e.what(), false);
    }
    std::unique_lock lock(mutex);
    for (;;) {
      wake.wait(lock, [&] { return stopping || (has_pending() && !shut_down); });
      if (stopping) return;
      // Debounce a burst of changes: until none has come for a while. A
      // check started on the first change of a burst is abandoned when the
      // next changes one of its documents (see changed()); that one waits
      // here.
      while (!stopping && in_burst && std::chrono::steady_clock::now() < last_change + options.debounce) {
        wake.wait_until(lock, last_change + options.debounce);
      }
      if (stopping) return;
      if (shut_down) continue;
      check_pending(lock);
    }
  }

  // --- requests (message loop) -----------------------------------------
  std::string initialize(const std::optional<element>& params) {
    const auto capabilities = member(params, "capabilities");
    const auto offered = string_list(member(member(capabilities, "general"), "positionEncodings"));
    bool takes_document_changes = false;
    if (const auto value = member(member(member(capabilities, "workspace"), "workspaceEdit"), "documentChanges")) {
      if (value->get_bool().get(takes_document_changes)) takes_document_changes = false;
    }
    {
      const std::lock_guard lock(mutex);
      encoding = choose_encoding(offered);
      document_changes = takes_document_changes;
      initialized = true;
    }
    JsonOut result;
    result.begin_object().key("capabilities").begin_object();
    result.key("positionEncoding").string(to_string(encoding));
    result.key("textDocumentSync").begin_object();
    result.key("openClose").boolean(true).key("change").number(2);  // incremental
    result.key("save").begin_object().key("includeText").boolean(false).end_object();
    result.end_object();
    result.key("codeActionProvider").begin_object().key("codeActionKinds").begin_array();
    result.string("quickfix").string(fix_all_kind).end_array().end_object();
    result.end_object();
    result.key("serverInfo").begin_object().key("name").string("ckimport");
    if (!options.version.empty()) result.key("version").string(options.version);
    result.end_object().end_object();
    return result.take();
  }

  std::string code_action(const std::optional<element>& params) {
    const auto text_document = member(params, "textDocument");
    const std::string uri(required_string(text_document, "uri", "textDocument"));
    CodeActionQuery query;
    query.range = range_param(params, "range");
    query.only = string_list(member(member(params, "context"), "only"));
    std::shared_ptr<const AnalyzedDocument> analysis;
    PositionEncoding used_encoding = PositionEncoding::utf16;
    {
      const std::lock_guard lock(mutex);
      const auto found = results.find(uri);
      const Document* open = documents.find(uri);
      // The fixes' offsets are into the text that was checked.
      if (found != results.end() && open != nullptr && open->version == found->second->version &&
          open->text == found->second->text) {
        analysis = found->second;
      }
      query.document_changes = document_changes;
      used_encoding = encoding;
    }
    if (!analysis) return "[]";
    return code_actions(*analysis, query, used_encoding);
  }

  std::optional<std::string> request(const std::string& method, const std::optional<element>& params,
                                     int& error, std::string& error_message) {
    const auto fail = [&](int code, std::string text) -> std::optional<std::string> {
      error = code;
      error_message = std::move(text);
      return std::nullopt;
    };
    if (method.starts_with("$/")) return fail(error_code::method_not_found, "no method " + method);
    bool is_initialized = false;
    bool is_shut_down = false;
    {
      const std::lock_guard lock(mutex);
      is_initialized = initialized;
      is_shut_down = shut_down;
    }
    if (method == "initialize") {
      if (is_initialized) return fail(error_code::invalid_request, "initialize was sent already");
      return initialize(params);
    }
    if (!is_initialized) return fail(error_code::server_not_initialized, "the server is not initialized");
    if (method == "shutdown") {
      const std::lock_guard lock(mutex);
      shut_down = true;  // the worker starts no more checks; `exit` stops it
      cancel = true;
      return "null";
    }
    if (is_shut_down) return fail(error_code::invalid_request, "the server is shut down");
    if (method == "textDocument/codeAction") return code_action(params);
    return fail(error_code::method_not_found, "no method " + method);
  }

  // --- notifications (message loop) ------------------------------------
  void did_open(const std::optional<element>& params) {
    const auto text_document = member(params, "textDocument");
    std::string uri(required_string(text_document, "uri", "textDocument"));
    std::string text(required_string(text_document, "text", "textDocument"));
    const std::int64_t version = integer_member(text_document, "version").value_or(0);
    const std::lock_guard lock(mutex);
    const Document& document = documents.open(std::move(uri), version, std::move(text));
    changed(document.path);
  }

  void did_change(const std::optional<element>& params) {
    const auto text_document = member(params, "textDocument");
    const std::string_view uri = required_string(text_document, "uri", "textDocument");
    const std::int64_t version = integer_member(text_document, "version").value_or(0);
    simdjson::dom::array list;
    const auto list_value = member(params, "contentChanges");
    if (!list_value || list_value->get_array().get(list)) throw BadParams("didChange without contentChanges");
    std::vector<ContentChange> changes;
    for (const element item : list) {
      ContentChange change;
      change.text = std::string(required_string(item, "text", "a content change"));
      if (member(item, "range")) change.range = range_param(item, "range");
      changes.push_back(std::move(change));
    }
    const std::lock_guard lock(mutex);
    const Document* document = documents.change(uri, version, changes, encoding);
    if (document == nullptr) throw BadParams("didChange of " + std::string(uri) + ", which is not open");
    changed(document->path);
  }

  void did_close(const std::optional<element>& params) {
    const std::string uri(required_string(member(params, "textDocument"), "uri", "textDocument"));
    const std::lock_guard lock(mutex);
    const auto closed = documents.close(uri);
    if (!closed) return;
    results.erase(uri);
    send(notification("textDocument/publishDiagnostics", publish_params(uri, nullptr)));
    // The others of its bundle now read the file on disk.
    changed(closed->path);
  }

  void did_save(const std::optional<element>& params) {
    const std::string_view uri = required_string(member(params, "textDocument"), "uri", "textDocument");
    const std::lock_guard lock(mutex);
    if (const Document* document = documents.find(uri)) changed(document->path);
  }

  // The exit status for `exit`.
  std::optional<int> notify(const std::string& method, const std::optional<element>& params) {
    if (method == "exit") {
      const std::lock_guard lock(mutex);
      return shut_down ? 0 : 1;
    }
    if (method.starts_with("$/")) return std::nullopt;
    {
      const std::lock_guard lock(mutex);
      if (!initialized || shut_down) return std::nullopt;  // dropped, as LSP says
    }
    if (method == "textDocument/didOpen") {
      did_open(params);
    } else if (method == "textDocument/didChange") {
      did_change(params);
    } else if (method == "textDocument/didClose") {
      did_close(params);
    } else if (method == "textDocument/didSave") {
      did_save(params);
    } else if (method == "workspace/didChangeWatchedFiles") {
      const std::lock_guard lock(mutex);
      changed_on_disk();
    }
    return std::nullopt;
  }

  void run_synchronously() {
    if (!options.synchronous) return;
    std::unique_lock lock(mutex);
    if (has_pending() && !shut_down && !stopping) check_pending(lock);
  }
};

Server::Server(Send send, std::ostream& log, ServerOptions options)
    : state_(std::make_unique<State>(std::move(send), log, std::move(options))) {
  if (state_->options.synchronous) {
    state_->make_engine();
  } else {
    state_->worker = std::thread([state = state_.get()] { state->work(); });
  }
}

Server::~Server() {
  {
    const std::lock_guard lock(state_->mutex);
    state_->stopping = true;
    state_->cancel = true;
  }
  state_->wake.notify_all();
  if (state_->worker.joinable()) state_->worker.join();
}

std::optional<int> Server::handle(std::string body) {
  State& s = *state_;
  const Message message = parse_message(s.parser, body);
  switch (message.kind) {
    case Message::Kind::invalid:
      s.send(error_response(message.id, message.error, message.error_message));
      return std::nullopt;
    case Message::Kind::response: return std::nullopt;  // the server sends no requests
    case Message::Kind::request: {
      int error = 0;
      std::string error_message;
      std::optional<std::string> result;
      try {
        result = s.request(message.method, message.params, error, error_message);
      } catch (const BadParams& e) {
        error = error_code::invalid_params;
        error_message = e.what();
      } catch (const std::exception& e) {
        error = error_code::internal_error;
        error_message = e.what();
      }
      s.send(result ? result_response(message.id, *result) : error_response(message.id, error, error_message));
      return std::nullopt;
    }
    case Message::Kind::notification: {
      std::optional<int> status;
      try {
        status = s.notify(message.method, message.params);
      } catch (const std::exception& e) {
        s.log_line(1, message.method + ": " + e.what(), true);
      }
      if (!status) s.run_synchronously();
      return status;
    }
  }
  return std::nullopt;
}

void Server::framing_error(const FrameError& error) { state_->log_line(1, "dropped input: " + error.message, false); }

int Server::end_of_input() {
  const std::lock_guard lock(state_->mutex);
  return state_->shut_down ? 0 : 1;
}

void Server::wait_idle() {
  State& s = *state_;
  std::unique_lock lock(s.mutex);
  s.idle.wait(lock, [&] { return s.stopping || s.shut_down || (!s.busy && !s.has_pending()); });
}

int run_server(std::istream& in, std::ostream& out, std::ostream& log, ServerOptions options) {
  std::signal(SIGPIPE, SIG_IGN);
  std::mutex out_mutex;
  const FrameLimits limits = options.limits;
  Server server(
      [&](const std::string& body) {
        const std::string framed = frame(body);
        const std::lock_guard lock(out_mutex);
        out.write(framed.data(), static_cast<std::streamsize>(framed.size()));
        out.flush();
      },
      log, std::move(options));
  StreamReader reader(in, limits);
  while (auto next = reader.next()) {
    if (auto* body = std::get_if<std::string>(&*next)) {
      if (const auto status = server.handle(std::move(*body))) return *status;
    } else {
      server.framing_error(std::get<FrameError>(*next));
    }
  }
  if (reader.partial()) server.framing_error({"the input ended inside a message"});
  return server.end_of_input();
}

}  // namespace ckimport::lsp
