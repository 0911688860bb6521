// Fuzz target: the language server's input, from the bytes on the wire to
// what it answers: framing (lsp::FrameReader, fed in chunks whose size the
// first byte picks), JSON-RPC parsing and dispatch, document edits in the
// negotiated encoding, checks of the open documents (run synchronously
// after each message), code actions.
//
// First byte: bit 0 starts the session with a canned `initialize` (so the
// fuzzer reaches past the lifecycle at once), bit 1 offers UTF-8, bits 2-7
// pick the chunk size (1..64 bytes).
//
// Invariants: nothing crashes or throws out of Server::handle; every
// message the server sends is one JSON object (valid UTF-8: simdjson
// checks) with "jsonrpc": "2.0"; the session ends no later than its `exit`.
#include <simdjson.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "fuzz_support.hpp"
#include "lsp/jsonrpc.hpp"
#include "lsp/server.hpp"

using namespace ckimport;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes bytes{data, size};
  const std::uint8_t control = bytes.take_byte();
  const std::size_t chunk = 1 + (control >> 2U) % 64;
  const std::string_view input = bytes.rest();

  lsp::ServerOptions options;
  options.synchronous = true;
  options.limits.max_content_length = std::uint64_t{1} << 20;
  options.limits.max_header_bytes = 512;
  std::vector<std::string> sent;
  std::ostringstream log;
  {
    lsp::Server server([&](const std::string& body) { sent.push_back(body); }, log, options);
    if ((control & 1U) != 0) {
      server.handle((control & 2U) != 0
                        ? R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-8"]}}}})"
                        : R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}})");
    }
    lsp::FrameReader reader(options.limits);
    bool exited = false;
    for (std::size_t at = 0; at < input.size() && !exited; at += chunk) {
      reader.feed(input.substr(at, chunk));
      while (auto next = reader.next()) {
        if (auto* body = std::get_if<std::string>(&*next)) {
          if (server.handle(std::move(*body))) {
            exited = true;
            break;
          }
        } else {
          server.framing_error(std::get<lsp::FrameError>(*next));
        }
      }
      FUZZ_CHECK(reader.wanted() >= 1, "the reader always wants a byte more");
    }
    const int status = server.end_of_input();
    FUZZ_CHECK(status == 0 || status == 1, "the exit status is 0 or 1");
  }

  simdjson::dom::parser parser;
  for (const auto& body : sent) {
    simdjson::dom::object object;
    FUZZ_CHECK(!parser.parse(body).get_object().get(object), "every message sent is a JSON object");
    std::string_view version;
    FUZZ_CHECK(!object["jsonrpc"].get_string().get(version) && version == "2.0", "every message is JSON-RPC 2.0");
  }
  return 0;
}
