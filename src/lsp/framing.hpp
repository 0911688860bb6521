#pragma once
// LSP's framing of JSON-RPC over a byte stream: each message is a header
// block ("Content-Length: N\r\n", optionally "Content-Type: ...\r\n", then
// "\r\n") followed by N bytes of JSON.
//
// FrameReader is the framing alone, fed any chunks of bytes (a message split
// over reads, several in one read) and handing out whole bodies. It never
// throws on input: a broken header is a FrameError, after which it resyncs
// at the next "Content-Length" it sees; a Content-Length above the limit is
// refused and its body skipped unread, so a client cannot make the server
// hold a gigabyte it never meant to send.
//
// Apart from jsonrpc.hpp (the messages, on simdjson) so that the CLI, which
// may not see simdjson, can start the server with its limits.
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace ckimport::lsp {

struct FrameLimits {
  std::size_t max_header_bytes = 8 << 10;
  // A 100 MB import file opened in an editor is a didOpen of about that
  // size, more with JSON escapes.
  std::uint64_t max_content_length = std::uint64_t{1} << 30;
};

struct FrameError {
  std::string message;  // one line: "bad header line `...`", "Content-Length 9999999999 is above ..."
};

using Frame = std::variant<std::string, FrameError>;  // a body, or why some bytes were dropped

class FrameReader {
 public:
  explicit FrameReader(FrameLimits limits = {}) : limits_(limits) {}

  void feed(std::string_view bytes);
  // Room for `n` bytes read straight into the buffer, then commit() what
  // was read (no copy of a large body).
  char* prepare(std::size_t n);
  void commit(std::size_t n);

  // The next whole body, or a framing error, or nothing until more bytes
  // come.
  std::optional<Frame> next();

  // How many bytes to read next without reading past the end of the
  // message being read (a read that blocks for bytes the client has not
  // sent, because it waits for our answer, would never return): at least 1.
  // Meant once next() has returned nothing: before that, the header in the
  // buffer is not parsed yet and the answer is the header's.
  std::size_t wanted() const;

  // Bytes of an unfinished message are buffered (for EOF reports).
  bool partial() const { return state_ != State::header || pos_ < buffer_.size(); }

 private:
  enum class State { header, body, skip };
  std::optional<Frame> parse_header(std::size_t end);
  void compact();

  FrameLimits limits_;
  std::string buffer_;
  std::size_t pos_ = 0;  // bytes of buffer_ already taken
  std::size_t committed_ = 0;  // buffer_'s size before prepare()
  State state_ = State::header;
  std::uint64_t length_ = 0;  // body or bytes to skip
  bool resync_ = false;       // after a broken header: skip to the next Content-Length
};

// "Content-Length: N\r\n\r\n" + body.
std::string frame(std::string_view body);

// Frames from a blocking stream: nullopt at its end.
class StreamReader {
 public:
  StreamReader(std::istream& in, FrameLimits limits = {}) : in_(in), reader_(limits) {}
  std::optional<Frame> next();
  bool partial() const { return reader_.partial(); }

 private:
  std::istream& in_;
  FrameReader reader_;
};

}  // namespace ckimport::lsp
