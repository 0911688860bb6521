#include "lsp/jsonrpc.hpp"

#include <algorithm>
#include <cstring>
#include <istream>

#include "lsp/json_out.hpp"

namespace ckimport::lsp {
namespace {

constexpr std::string_view terminator = "\r\n\r\n";
constexpr std::string_view length_name = "content-length";

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_lower(std::string_view text, std::string_view lowercase) {
  if (text.size() != lowercase.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (lower(text[i]) != lowercase[i]) return false;
  }
  return true;
}

std::size_t find_lower(std::string_view text, std::string_view lowercase, std::size_t from) {
  if (lowercase.size() > text.size()) return std::string_view::npos;
  for (std::size_t i = from; i + lowercase.size() <= text.size(); ++i) {
    if (equals_lower(text.substr(i, lowercase.size()), lowercase)) return i;
  }
  return std::string_view::npos;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A header line as shown in an error: printable ASCII, at most 40 bytes.
std::string shown_line(std::string_view line) {
  std::string out;
  for (const char c : line.substr(0, 40)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
  if (line.size() > 40) out += "...";
  return out;
}

}  // namespace

void FrameReader::feed(std::string_view bytes) {
  std::memcpy(prepare(bytes.size()), bytes.data(), bytes.size());
  commit(bytes.size());
}

char* FrameReader::prepare(std::size_t n) {
  compact();
  committed_ = buffer_.size();
  buffer_.resize(committed_ + n);
  return buffer_.data() + committed_;
}

void FrameReader::commit(std::size_t n) { buffer_.resize(committed_ + n); }

void FrameReader::compact() {
  if (pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  } else if (pos_ > (std::size_t{64} << 10) && pos_ > buffer_.size() / 2) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
}

std::size_t FrameReader::wanted() const {
  const std::size_t available = buffer_.size() - pos_;
  switch (state_) {
    case State::body: return available >= length_ ? 1 : static_cast<std::size_t>(length_ - available);
    case State::skip: return static_cast<std::size_t>(std::min<std::uint64_t>(length_, std::uint64_t{64} << 10));
    case State::header: break;
  }
  if (resync_) return 1;
  // The fewest bytes that can end the header: 4, less the part of
  // "\r\n\r\n" the buffer already ends with.
  const std::string_view pending(buffer_.data() + pos_, available);
  for (std::size_t have = 3; have > 0; --have) {
    if (pending.ends_with(terminator.substr(0, have))) return terminator.size() - have;
  }
  return terminator.size();
}

std::optional<Frame> FrameReader::parse_header(std::size_t end) {
  const std::size_t start = pos_;
  std::string_view block(buffer_.data() + start, end - start);
  pos_ = end + terminator.size();
  std::optional<std::uint64_t> length;
  // A broken line: reading resumes after it, at the next Content-Length
  // (which may be in this very block, after garbage).
  std::size_t line_start = 0;
  const auto broken = [&](std::size_t line_end, std::string message) -> std::optional<Frame> {
    resync_ = true;
    pos_ = start + std::min(line_end + 2, block.size());
    return Frame{FrameError{std::move(message)}};
  };
  while (line_start < block.size()) {
    auto line_end = block.find("\r\n", line_start);
    if (line_end == std::string_view::npos) line_end = block.size();
    const std::string_view line = block.substr(line_start, line_end - line_start);
    const std::size_t next_line = line_end + 2;
    const auto colon = line.find(':');
    const std::string_view name = colon == std::string_view::npos ? std::string_view{} : line.substr(0, colon);
    if (name.empty() || name.find_first_of(" \t") != std::string_view::npos) {
      return broken(line_end, "bad header line `" + shown_line(line) + "`");
    }
    line_start = next_line;
    if (!equals_lower(name, length_name)) continue;  // Content-Type, or anything else: ignored
    const std::string_view value = trimmed(line.substr(colon + 1));
    if (value.empty() || value.size() > 19 || !std::all_of(value.begin(), value.end(), [](char c) {
          return c >= '0' && c <= '9';
        })) {
      return broken(line_end, "bad Content-Length `" + shown_line(value) + "`");
    }
    std::uint64_t parsed = 0;
    for (const char c : value) parsed = parsed * 10 + static_cast<std::uint64_t>(c - '0');
    if (length && *length != parsed) return broken(line_end, "two different Content-Length headers");
    length = parsed;
  }
  if (!length) {
    resync_ = true;
    return Frame{FrameError{"header without Content-Length"}};
  }
  length_ = *length;
  if (length_ > limits_.max_content_length) {
    state_ = State::skip;  // read and dropped: the stream stays in step
    return Frame{FrameError{"Content-Length " + std::to_string(length_) + " is above the limit of " +
                            std::to_string(limits_.max_content_length) + " bytes; message skipped"}};
  }
  state_ = State::body;
  return std::nullopt;
}

std::optional<Frame> FrameReader::next() {
  for (;;) {
    const std::string_view pending(buffer_.data() + pos_, buffer_.size() - pos_);
    switch (state_) {
      case State::body: {
        if (pending.size() < length_) return std::nullopt;
        std::string body;
        body.reserve(static_cast<std::size_t>(length_) + simdjson::SIMDJSON_PADDING);
        body.append(pending.substr(0, static_cast<std::size_t>(length_)));
        pos_ += static_cast<std::size_t>(length_);
        state_ = State::header;
        compact();
        return Frame{std::move(body)};
      }
      case State::skip: {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(length_, pending.size()));
        pos_ += n;
        length_ -= n;
        compact();
        if (length_ > 0) return std::nullopt;
        state_ = State::header;
        continue;
      }
      case State::header: break;
    }
    if (resync_) {
      const auto found = find_lower(pending, length_name, 0);
      if (found == std::string_view::npos) {
        // Keep what could be the start of the name, split over reads.
        pos_ += pending.size() - std::min(pending.size(), length_name.size() - 1);
        compact();
        return std::nullopt;
      }
      pos_ += found;
      resync_ = false;
      continue;
    }
    // Blank lines between messages are not a header.
    std::size_t blank = 0;
    while (blank < pending.size() && (pending[blank] == '\r' || pending[blank] == '\n')) ++blank;
    if (blank > 0) {
      pos_ += blank;
      compact();
      if (blank == pending.size()) return std::nullopt;
      continue;
    }
    const auto end = pending.find(terminator);
    if (end == std::string_view::npos) {
      if (pending.size() > limits_.max_header_bytes) {
        resync_ = true;
        pos_ += pending.size() - std::min(pending.size(), length_name.size() - 1);
        compact();
        return Frame{FrameError{"header longer than " + std::to_string(limits_.max_header_bytes) + " bytes"}};
      }
      return std::nullopt;
    }
    if (auto error = parse_header(pos_ + end)) return error;
  }
}

std::string frame(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out += body;
  return out;
}

std::optional<Frame> StreamReader::next() {
  for (;;) {
    if (auto frame = reader_.next()) return frame;
    const std::size_t n = reader_.wanted();
    char* at = reader_.prepare(n);
    in_.read(at, static_cast<std::streamsize>(n));
    const auto got = static_cast<std::size_t>(std::max<std::streamsize>(0, in_.gcount()));
    reader_.commit(got);
    if (got == 0) return std::nullopt;
  }
}

Message parse_message(simdjson::dom::parser& parser, std::string& body) {
  Message message;
  message.id = "null";
  const auto invalid = [&](int code, std::string text) {
    message.kind = Message::Kind::invalid;
    message.error = code;
    message.error_message = std::move(text);
    return message;
  };
  if (body.capacity() < body.size() + simdjson::SIMDJSON_PADDING) {
    body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  }
  simdjson::dom::element root;
  if (const auto error = parser.parse(body.data(), body.size(), false).get(root)) {
    return invalid(error_code::parse_error, std::string("not JSON: ") + simdjson::error_message(error));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object)) {
    return invalid(error_code::invalid_request, root.is_array() ? "batches are not supported" : "not an object");
  }
  bool has_id = false;
  bool null_id = false;
  simdjson::dom::element id;
  if (!object["id"].get(id)) {
    if (!id.is_string() && !id.is_int64() && !id.is_uint64() && !id.is_null()) {
      return invalid(error_code::invalid_request, "the id is neither a number nor a string");
    }
    message.id = simdjson::minify(id);
    has_id = !id.is_null();
    null_id = id.is_null();
  }
  simdjson::dom::element method;
  if (!object["method"].get(method)) {
    std::string_view name;
    if (method.get_string().get(name)) return invalid(error_code::invalid_request, "the method is not a string");
    message.method = std::string(name);
    simdjson::dom::element params;
    if (!object["params"].get(params)) message.params = params;
    message.kind = has_id ? Message::Kind::request : Message::Kind::notification;
    return message;
  }
  if (has_id || null_id) {
    simdjson::dom::element ignored;
    if (!object["result"].get(ignored) || !object["error"].get(ignored)) {
      message.kind = Message::Kind::response;
      return message;
    }
  }
  return invalid(error_code::invalid_request, "neither a request, a notification nor a response");
}

std::string result_response(std::string_view id, std::string_view result_json) {
  JsonOut out;
  out.begin_object().key("jsonrpc").string("2.0").key("id").raw(id).key("result").raw(result_json).end_object();
  return out.take();
}

std::string error_response(std::string_view id, int code, std::string_view message) {
  JsonOut out;
  out.begin_object().key("jsonrpc").string("2.0").key("id").raw(id).key("error").begin_object();
  out.key("code").number(code).key("message").string(message).end_object().end_object();
  return out.take();
}

std::string notification(std::string_view method, std::string_view params_json) {
  JsonOut out;
  out.begin_object().key("jsonrpc").string("2.0").key("method").string(method).key("params").raw(params_json);
  out.end_object();
  return out.take();
}

}  // namespace ckimport::lsp
