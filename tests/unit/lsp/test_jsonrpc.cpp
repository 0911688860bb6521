// The framing of LSP's JSON-RPC: bodies come out whole whatever the reads
// look like, broken headers are reported and skipped, oversized messages
// are refused without being held, and a read never waits for bytes past
// the message being read.
#include "lsp/jsonrpc.hpp"

#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using ckimport::lsp::Frame;
using ckimport::lsp::FrameError;
using ckimport::lsp::FrameLimits;
using ckimport::lsp::FrameReader;
using ckimport::lsp::frame;

// "body:<text>" or "error:<message>" for each frame the reader gives.
std::vector<std::string> drain(FrameReader& reader) {
  std::vector<std::string> out;
  while (auto next = reader.next()) {
    if (const auto* body = std::get_if<std::string>(&*next)) {
      out.push_back("body:" + *body);
    } else {
      out.push_back("error:" + std::get<FrameError>(*next).message);
    }
  }
  return out;
}

std::vector<std::string> feed_all(std::string_view bytes, std::size_t chunk, FrameLimits limits = {}) {
  FrameReader reader(limits);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < bytes.size(); i += chunk) {
    reader.feed(bytes.substr(i, chunk));
    for (auto& f : drain(reader)) out.push_back(std::move(f));
  }
  return out;
}

using Frames = std::vector<std::string>;

}  // namespace

TEST_CASE("jsonrpc: a message split over reads comes out whole, once", "[lsp]") {
  const std::string bytes = frame(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{1000}}) {
    CAPTURE(chunk);
    CHECK(feed_all(bytes, chunk) == Frames{R"(body:{"jsonrpc":"2.0","method":"initialized","params":{}})"});
  }
}

TEST_CASE("jsonrpc: several messages in one read, and a header with Content-Type", "[lsp]") {
  const std::string bytes = frame("[1]") + "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" +
                            "content-length: 3\r\n\r\n[2]" + frame("") + frame("{}");
  CHECK(feed_all(bytes, bytes.size()) == Frames{"body:[1]", "body:[2]", "body:", "body:{}"});
}

TEST_CASE("jsonrpc: a broken header is reported, and the next message is read", "[lsp]") {
  SECTION("no Content-Length") {
    CHECK(feed_all("Content-Type: x\r\n\r\n" + frame("{}"), 5) ==
          Frames{"error:header without Content-Length", "body:{}"});
  }
  SECTION("a Content-Length that is not a number") {
    CHECK(feed_all("Content-Length: 12a\r\n\r\n" + frame("{}"), 100) ==
          Frames{"error:bad Content-Length `12a`", "body:{}"});
    CHECK(feed_all("Content-Length: -1\r\n\r\n" + frame("{}"), 100) ==
          Frames{"error:bad Content-Length `-1`", "body:{}"});
  }
  SECTION("garbage bytes, then a header block") {
    CHECK(feed_all("\x01garbage\xff\r\n\r\n" + frame("{}"), 3) == Frames{"error:bad header line `?garbage?`", "body:{}"});
  }
  SECTION("garbage with no end of header, then a message: resynced at Content-Length") {
    const std::string bytes = "GET / HTTP/1.1 junk junk\r\n" + std::string(50, 'x') + frame("{}");
    CHECK(feed_all(bytes, 1) == Frames{"error:bad header line `GET / HTTP/1.1 junk junk`", "body:{}"});
  }
  SECTION("two Content-Lengths that disagree") {
    CHECK(feed_all("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}" + frame("[]"), 4) ==
          Frames{"error:two different Content-Length headers", "body:[]"});
  }
  SECTION("blank lines between messages are not an error") {
    CHECK(feed_all(frame("1") + "\r\n\r\n" + frame("2"), 1) == Frames{"body:1", "body:2"});
  }
}

TEST_CASE("jsonrpc: a huge Content-Length is refused and its body skipped, not held", "[lsp]") {
  FrameLimits limits;
  limits.max_content_length = 10;
  const std::string bytes = "Content-Length: 20\r\n\r\n" + std::string(20, 'x') + frame("{}");
  CHECK(feed_all(bytes, 3, limits) ==
        Frames{"error:Content-Length 20 is above the limit of 10 bytes; message skipped", "body:{}"});

  SECTION("a number too large for any limit") {
    CHECK(feed_all("Content-Length: 99999999999999999999\r\n\r\n" + frame("{}"), 64) ==
          Frames{"error:bad Content-Length `99999999999999999999`", "body:{}"});
    CHECK(feed_all("Content-Length: 9999999999999999999\r\n\r\n" + frame("{}"), 64).front() ==
          "error:Content-Length 9999999999999999999 is above the limit of 1073741824 bytes; message skipped");
  }
}

TEST_CASE("jsonrpc: a header longer than the limit is an error, and reading goes on", "[lsp]") {
  FrameLimits limits;
  limits.max_header_bytes = 64;
  const std::string bytes = "X-Junk: " + std::string(200, 'a') + "\r\n\r\n" + frame("{}");
  CHECK(feed_all(bytes, 16, limits) == Frames{"error:header longer than 64 bytes", "body:{}"});
}

TEST_CASE("jsonrpc: wanted() never asks for bytes past the message being read", "[lsp]") {
  const std::string bytes = frame(R"({"a":1})");
  FrameReader reader;
  Frames frames;
  std::size_t at = 0;
  // As StreamReader reads: take every frame, then ask how much to read.
  while (at < bytes.size()) {
    for (auto& f : drain(reader)) frames.push_back(std::move(f));
    const std::size_t n = reader.wanted();
    REQUIRE(n >= 1);
    REQUIRE(at + n <= bytes.size());
    reader.feed(std::string_view(bytes).substr(at, n));
    at += n;
  }
  for (auto& f : drain(reader)) frames.push_back(std::move(f));
  CHECK(frames == Frames{R"(body:{"a":1})"});
  CHECK_FALSE(reader.partial());
}

TEST_CASE("jsonrpc: StreamReader reads frames from a stream until its end", "[lsp]") {
  std::istringstream in(frame("[1]") + frame("[2]") + "Content-Length: 9\r\n\r\n[3");
  ckimport::lsp::StreamReader reader(in);
  CHECK(std::get<std::string>(*reader.next()) == "[1]");
  CHECK(std::get<std::string>(*reader.next()) == "[2]");
  CHECK_FALSE(reader.next());
  CHECK(reader.partial());
}

TEST_CASE("jsonrpc: messages are told apart, and malformed ones get the right error", "[lsp]") {
  using ckimport::lsp::Message;
  simdjson::dom::parser parser;
  const auto parse = [&](std::string body) { return ckimport::lsp::parse_message(parser, body); };

  auto m = parse(R"({"jsonrpc":"2.0","id":7,"method":"initialize","params":{"a":1}})");
  CHECK(m.kind == Message::Kind::request);
  CHECK(m.id == "7");
  CHECK(m.method == "initialize");
  CHECK(m.params.has_value());
  m = parse(R"({"jsonrpc":"2.0","id":"x\"y","method":"m"})");
  CHECK(m.kind == Message::Kind::request);
  CHECK(m.id == R"("x\"y")");
  CHECK(parse(R"({"jsonrpc":"2.0","method":"exit"})").kind == Message::Kind::notification);
  CHECK(parse(R"({"jsonrpc":"2.0","id":3,"result":null})").kind == Message::Kind::response);

  m = parse("{not json");
  CHECK(m.kind == Message::Kind::invalid);
  CHECK(m.error == -32700);
  CHECK(m.id == "null");
  CHECK(parse("[]").error == -32600);
  CHECK(parse("42").error == -32600);
  CHECK(parse(R"({"id":1,"method":5})").error == -32600);
  CHECK(parse(R"({"id":[1],"method":"m"})").error == -32600);
  CHECK(parse(R"({"id":1})").error == -32600);
  CHECK(parse("").error == -32700);
}

TEST_CASE("jsonrpc: responses are JSON-RPC 2.0 objects with the request's id", "[lsp]") {
  CHECK(ckimport::lsp::result_response("\"a\"", "null") == R"({"jsonrpc":"2.0","id":"a","result":null})");
  CHECK(ckimport::lsp::error_response("3", -32601, "no method x") ==
        R"({"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"no method x"}})");
  CHECK(ckimport::lsp::notification("m", "{}") == R"({"jsonrpc":"2.0","method":"m","params":{}})");
  CHECK(frame("{}") == "Content-Length: 2\r\n\r\n{}");
}
