#pragma once
// Compact JSON text for the protocol's messages, built in a string.
//
// Why not output/json_writer.hpp: the output layer is not one the language
// server may use (src/CMakeLists.txt), and a message is built whole before
// it is framed (its Content-Length comes first), so a string is what is
// needed. Strings are escaped as RFC 8259 says, and every ill-formed UTF-8
// sequence (a user's file can put any bytes in a message) becomes U+FFFD
// through the project's one decoder, so what is sent is always valid UTF-8.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ckimport::lsp {

void append_json_string(std::string& out, std::string_view text);

class JsonOut {
 public:
  JsonOut& begin_object();
  JsonOut& end_object();
  JsonOut& begin_array();
  JsonOut& end_array();
  JsonOut& key(std::string_view name);
  JsonOut& string(std::string_view text);
  JsonOut& number(std::int64_t value);
  JsonOut& boolean(bool value);
  JsonOut& null();
  // A value that is JSON text already (a request's id, a diagnostic built
  // before).
  JsonOut& raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  std::string out_;
  std::vector<bool> has_members_;  // per open object or array
  bool after_key_ = false;
};

}  // namespace ckimport::lsp
