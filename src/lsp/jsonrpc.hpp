#pragma once
// JSON-RPC 2.0 messages as LSP sends them, over the framing of framing.hpp:
// telling requests, notifications and responses apart, the error codes,
// and the JSON text of what the server sends.
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "lsp/framing.hpp"

namespace ckimport::lsp {

// JSON-RPC error codes (and LSP's).
namespace error_code {
inline constexpr int parse_error = -32700;
inline constexpr int invalid_request = -32600;
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;
inline constexpr int server_not_initialized = -32002;
inline constexpr int request_failed = -32803;
}  // namespace error_code

// One message, parsed. `params` points into the parser that parsed it.
struct Message {
  enum class Kind { request, notification, response, invalid };
  Kind kind = Kind::invalid;
  std::string id;  // the request's id as JSON text ("1", "\"a\""); "null" when unknown
  std::string method;
  std::optional<simdjson::dom::element> params;
  int error = 0;  // for invalid: -32700 (not JSON) or -32600 (not a request)
  std::string error_message;
};

// Parses a body. `body` may be padded in place (its capacity grown).
Message parse_message(simdjson::dom::parser& parser, std::string& body);

// A response's JSON text.
std::string result_response(std::string_view id, std::string_view result_json);
std::string error_response(std::string_view id, int code, std::string_view message);
std::string notification(std::string_view method, std::string_view params_json);

}  // namespace ckimport::lsp
