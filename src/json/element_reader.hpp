#pragma once
// Reads a file's top-level JSON array one element at a time, from a bounded
// buffer, so that memory does not grow with the file and files beyond
// simdjson's 4 GiB single-document limit work.
//
// The reader only splits: it tracks strings and bracket depth to find where
// each element ends, and checks the array's own punctuation (the `[`, the
// commas, the `]`). Whether an element is valid JSON is decided by simdjson
// afterwards, and when it is not, json/syntax_locator says exactly where.
//
// Recovery: a raw line break cannot occur inside a JSON string, so the reader
// ends a string at one. An unterminated string then spoils one element, not
// the rest of the file.
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "source/byte_source.hpp"
#include "source/position.hpp"

namespace ckimport::json {

// A UTF-8 byte order mark, and the warning for a file that starts with one
// (at 1:1; the file checker's whole-document path reports it too).
inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
diag::Diagnostic byte_order_mark_warning();

struct ReaderLimits {
  // An element larger than this stops the reading of its file with an
  // `element-too-large` error. Bounds memory on hostile input.
  std::size_t max_element_bytes = std::size_t{64} << 20;
  std::size_t chunk_bytes = std::size_t{1} << 20;
  // Containers are split 64 bytes at a time from bit masks (quotes,
  // backslashes, brackets, line breaks), counting lines on the way; an
  // element holding what only the byte-at-a-time splitter reads the same as
  // before (a raw line break in a string, a backslash outside one) is split
  // by that one. Both give the same elements; tests compare them (false:
  // byte at a time only).
  bool block_split = true;
  // The block splitter uses AVX2 and carry-less multiplication where the
  // processor has them, else what every build has (SSE2 on x86-64). Both
  // read alike; tests compare them (false: the latter only).
  bool wide_blocks = true;
};

struct ArrayElement {
  std::uint64_t index = 0;   // position in the top-level array, 0-based
  source::Position start;    // where the element's first byte is
  // The element's bytes. Valid until the next call to next(); followed in
  // memory by at least SIMDJSON_PADDING readable bytes, so simdjson can parse
  // it in place.
  std::string_view text;
};

// Where to start reading in the middle of an array: at an element read
// before, by its start and index. The input must begin at that byte.
struct ResumePoint {
  source::Position start;
  std::uint64_t index = 0;
};

class ElementReader {
 public:
  explicit ElementReader(source::ByteSource& input, ReaderLimits limits = {});
  // Reads on from an element of an array read before, splitting exactly as
  // the first reading did (to find an earlier item's index and position
  // again without keeping them for every item).
  ElementReader(source::ByteSource& input, ReaderLimits limits, ResumePoint resume);

  // The next element, or nullopt when the array (or the readable part of the
  // file) is over. Throws source::InputError on a read error.
  std::optional<ArrayElement> next();

  // Problems with the file's structure found so far (file name not set).
  // The caller moves them out as it goes.
  std::vector<diag::Diagnostic>& problems() { return problems_; }

  // "Unexpected end of file" for the top-level array, kept apart from
  // problems(): when an element was rejected its brackets may not have
  // balanced, and this is the same cut; the caller decides.
  std::optional<diag::Diagnostic> take_unclosed_array() {
    auto result = std::move(unclosed_array_);
    unclosed_array_.reset();
    return result;
  }

  // Bytes read from the input so far.
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  enum class State { start, first_element_or_end, comma_or_end, element_after_comma, after_array, done };

  bool fill();                                // reads more input; false at end of input
  bool skip_whitespace();                     // false at end of input
  bool skip_comments();                       // whitespace and comments; false at end of input
  bool byte_at(std::size_t ahead, char& out); // the byte `ahead` past begin_, reading as needed
  source::Position position_at(std::size_t index);
  std::optional<ArrayElement> scan_element();
  std::size_t scan_container(std::size_t from, bool& complete);
  std::size_t scan_blocks(std::size_t from, bool& complete, bool& fall_back);
  std::size_t scan_scalar(std::size_t from, bool& complete);
  void report(diag::RuleId rule, std::size_t index, std::size_t length, std::string message,
              std::string help = {});
  void report_at_end(std::string message, std::string help = {});
  void report_unclosed_array(std::string message);
  void report_oversized_element(std::size_t begin, std::size_t end);
  void start();

  void grow_buffer(std::size_t capacity);

  source::ByteSource& input_;
  ReaderLimits limits_;
  // [begin_, end_) holds unconsumed input; capacity_ + SIMDJSON_PADDING
  // bytes are allocated, the padding after end_ zeroed. Not value-initialised:
  // a small file does not pay for a MiB of zeros.
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::size_t mark_ = 0;         // buffer index whose file position is mark_position_
  source::Position mark_position_;
  std::uint64_t bytes_read_ = 0;
  bool input_ended_ = false;
  State state_ = State::start;
  std::uint64_t next_index_ = 0;
  source::Position array_open_;  // the top-level `[`
  source::Position last_comma_;
  std::vector<diag::Diagnostic> problems_;
  std::optional<diag::Diagnostic> unclosed_array_;
  // Container scan state, kept across refills.
  std::size_t scan_depth_ = 0;
  bool scan_in_string_ = false;
  std::size_t scan_skip_ = 0;
  // What the block splitter counted of the element so far: line breaks, and
  // the last one (relative to begin_), so its end position costs nothing.
  std::uint64_t scan_newlines_ = 0;
  std::size_t scan_last_newline_ = 0;
};

}  // namespace ckimport::json
