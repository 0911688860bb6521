#include "json/element_reader.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// The wide block splitter (see scan_blocks_wide): x86-64, with compilers
// that build a function for instructions the rest of the build does not use.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CKIMPORT_WIDE_BLOCKS 1
#include <immintrin.h>
#endif

#include "json/syntax_locator.hpp"

namespace ckimport::json {
namespace {

constexpr bool is_whitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Bytes that end a scalar element (a number or literal at the top level).
constexpr bool ends_scalar(char c) {
  return is_whitespace(c) || c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || c == '"';
}

// What a byte means to the splitter outside strings: 1 opens, 2 closes,
// 3 starts a string, 0 is anything else.
constexpr std::array<std::uint8_t, 256> make_structure_table() {
  std::array<std::uint8_t, 256> table{};
  table[static_cast<unsigned char>('{')] = 1;
  table[static_cast<unsigned char>('[')] = 1;
  table[static_cast<unsigned char>('}')] = 2;
  table[static_cast<unsigned char>(']')] = 2;
  table[static_cast<unsigned char>('"')] = 3;
  return table;
}
constexpr auto structure_table = make_structure_table();

// Inside a string only these matter: the closing quote, an escape, and a raw
// line break (which ends the string for recovery; see the header).
constexpr std::array<bool, 256> make_string_table() {
  std::array<bool, 256> table{};
  table[static_cast<unsigned char>('"')] = true;
  table[static_cast<unsigned char>('\\')] = true;
  table[static_cast<unsigned char>('\n')] = true;
  return table;
}
constexpr auto string_table = make_string_table();

// The first index in [i, size) whose byte is one of `targets` per `table`,
// or size. Most of a file is string contents and indentation, which the
// splitter only skips: 16 bytes at a time where SSE2 is there (every x86-64).
template <char... targets, typename Table>
std::size_t find_next(const char* data, std::size_t i, std::size_t size, const Table& table) {
#if defined(__SSE2__)
  for (; i + 16 <= size; i += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    __m128i hits = _mm_setzero_si128();
    ((hits = _mm_or_si128(hits, _mm_cmpeq_epi8(chunk, _mm_set1_epi8(targets)))), ...);
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return i + static_cast<std::size_t>(std::countr_zero(mask));
  }
#endif
  while (i < size && !table[static_cast<unsigned char>(data[i])]) ++i;
  return i;
}

// Inside a string: the closing quote, an escape, or a raw line break.
std::size_t next_in_string(const char* data, std::size_t i, std::size_t size) {
  return find_next<'"', '\\', '\n'>(data, i, size, string_table);
}

// Outside strings: a bracket or the start of a string.
std::size_t next_structural(const char* data, std::size_t i, std::size_t size) {
  return find_next<'{', '}', '[', ']', '"'>(data, i, size, structure_table);
}

std::string_view describe_value_start(char c) {
  switch (c) {
    case '{': return "an object";
    case '"': return "a string";
    case 't':
    case 'f': return "a boolean";
    case 'n': return "null";
    default: return "a number";
  }
}

// The bits set in a block's mask. The masks of brackets and line breaks
// have a few bits at most, and x86-64's baseline has no popcnt instruction,
// so std::popcount is a call into libgcc (2% of a check, measured); clearing
// the lowest bit until none is left costs a few cycles a bit, inline.
inline std::size_t sparse_popcount(std::uint64_t mask) {
#if defined(__POPCNT__)
  return static_cast<std::size_t>(std::popcount(mask));
#else
  std::size_t count = 0;
  for (; mask != 0; mask &= mask - 1) ++count;
  return count;
#endif
}

// The splitter's view of 64 bytes: one bit a byte, bit i for byte i.
struct BlockMasks {
  std::uint64_t quote = 0;
  std::uint64_t backslash = 0;
  std::uint64_t newline = 0;
  std::uint64_t open = 0;   // `{` or `[`
  std::uint64_t close = 0;  // `}` or `]`
};

// The 64 bytes at `data` (readable: the buffer's padding covers a block
// that starts near its end).
BlockMasks classify_block(const char* data) {
  BlockMasks m;
#if defined(__SSE2__)
  __m128i chunks[4];
  __m128i folded[4];  // | 0x20 maps `[` to `{` and `]` to `}`, and nothing else to either
  for (int k = 0; k < 4; ++k) {
    chunks[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * k));
    folded[k] = _mm_or_si128(chunks[k], _mm_set1_epi8(0x20));
  }
  const auto equal = [](const __m128i* in, char c) {
    const __m128i target = _mm_set1_epi8(c);
    std::uint64_t mask = 0;
    for (int k = 0; k < 4; ++k) {
      const auto bits = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(in[k], target)));
      mask |= std::uint64_t{bits} << (16 * k);
    }
    return mask;
  };
  m.quote = equal(chunks, '"');
  m.backslash = equal(chunks, '\\');
  m.newline = equal(chunks, '\n');
  m.open = equal(folded, '{');
  m.close = equal(folded, '}');
#else
  for (unsigned i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    switch (data[i]) {
      case '"': m.quote |= bit; break;
      case '\\': m.backslash |= bit; break;
      case '\n': m.newline |= bit; break;
      case '{':
      case '[': m.open |= bit; break;
      case '}':
      case ']': m.close |= bit; break;
      default: break;
    }
  }
#endif
  return m;
}

// Bit i set when an odd number of bits at or below i are set in `x`: with
// the unescaped quotes, the bytes inside strings (opening quote included,
// closing quote not).
constexpr std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

bool starts_json_value(char c) {
  return c == '{' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' ||
         c == 'n';
}

}  // namespace

diag::Diagnostic byte_order_mark_warning() {
  diag::Diagnostic d;
  d.rule = diag::RuleId::utf8_bom;
  d.severity = diag::Severity::warning;
  d.message = "file starts with a UTF-8 byte order mark";
  d.help = "save the file as UTF-8 without a BOM";
  d.fix = diag::Fix{"remove the byte order mark", diag::Applicability::safe,
                    {{{}, source::text_start(utf8_bom), ""}}};
  return d;
}

ElementReader::ElementReader(source::ByteSource& input, ReaderLimits limits)
    : input_(input), limits_(limits) {
  grow_buffer(limits_.chunk_bytes);
}

void ElementReader::grow_buffer(std::size_t capacity) {
  auto grown = std::make_unique_for_overwrite<char[]>(capacity + simdjson::SIMDJSON_PADDING);
  if (end_ > 0) std::memcpy(grown.get(), buffer_.get(), end_);
  std::memset(grown.get() + end_, 0, simdjson::SIMDJSON_PADDING);
  buffer_ = std::move(grown);
  capacity_ = capacity;
}

ElementReader::ElementReader(source::ByteSource& input, ReaderLimits limits, ResumePoint resume)
    : ElementReader(input, limits) {
  state_ = State::first_element_or_end;
  next_index_ = resume.index;
  mark_position_ = resume.start;
  array_open_ = resume.start;
}

bool ElementReader::fill() {
  if (input_ended_) return false;
  // Keep [begin_, end_) and move it to the front; positions are kept through
  // mark_, which must not fall behind begin_.
  if (begin_ > 0) {
    if (mark_ < begin_) {
      mark_position_ = source::advance(mark_position_, {buffer_.get() + mark_, begin_ - mark_});
      mark_ = begin_;
    }
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    mark_ -= begin_;
    begin_ = 0;
  }
  if (capacity_ - end_ < std::max<std::size_t>(limits_.chunk_bytes / 2, 1)) grow_buffer(capacity_ * 2);
  const std::size_t room = capacity_ - end_;
  const std::size_t n = input_.read(buffer_.get() + end_, std::min(room, limits_.chunk_bytes));
  if (n == 0) {
    input_ended_ = true;
    return false;
  }
  end_ += n;
  bytes_read_ += n;
  // simdjson reads the padding after an element: never uninitialised bytes.
  std::memset(buffer_.get() + end_, 0, simdjson::SIMDJSON_PADDING);
  return true;
}

bool ElementReader::skip_whitespace() {
  for (;;) {
    while (begin_ < end_ && is_whitespace(buffer_[begin_])) ++begin_;
    if (begin_ < end_) return true;
    if (!fill()) return false;
  }
}

bool ElementReader::byte_at(std::size_t ahead, char& out) {
  while (end_ - begin_ <= ahead) {
    if (!fill()) return false;
  }
  out = buffer_[begin_ + ahead];
  return true;
}

// Between array elements, a comment is reported once and skipped, so the
// elements after it are still checked (comments inside an element are the
// locator's business).
bool ElementReader::skip_comments() {
  for (;;) {
    if (!skip_whitespace()) return false;
    char second = 0;
    if (buffer_[begin_] != '/' || !byte_at(1, second) || (second != '/' && second != '*')) {
      return true;
    }
    report(diag::RuleId::syntax, begin_, 2, "comments are not allowed in JSON", "remove the comment");
    const std::string_view close = second == '/' ? "\n" : "*/";
    begin_ += 2;
    for (;;) {
      const std::string_view data(buffer_.get() + begin_, end_ - begin_);
      const auto found = data.find(close);
      if (found != std::string_view::npos) {
        begin_ += found + close.size();
        break;
      }
      // Keep a byte that may start the closing `*/`.
      begin_ = end_ > begin_ ? end_ - 1 : begin_;
      if (!fill()) {
        begin_ = end_;
        return false;
      }
    }
  }
}

source::Position ElementReader::position_at(std::size_t index) {
  if (index >= mark_) {
    mark_position_ = source::advance(mark_position_, {buffer_.get() + mark_, index - mark_});
    mark_ = index;
  }
  return mark_position_;
}

void ElementReader::report(diag::RuleId rule, std::size_t index, std::size_t length,
                           std::string message, std::string help) {
  diag::Diagnostic d;
  d.rule = rule;
  d.severity = diag::Severity::error;
  d.message = std::move(message);
  d.location.begin = position_at(index);
  d.location.end = source::advance(d.location.begin, {buffer_.get() + index, length});
  if (!help.empty()) d.help = std::move(help);
  problems_.push_back(std::move(d));
}

void ElementReader::report_at_end(std::string message, std::string help) {
  report(diag::RuleId::syntax, end_, 0, std::move(message), std::move(help));
}

void ElementReader::report_unclosed_array(std::string message) {
  report_at_end(std::move(message), "the file may have been cut short");
  diag::Related related;
  related.location.begin = array_open_;
  related.location.end = source::advance(array_open_, "[");
  related.message = "the top-level array opened";
  problems_.back().related.push_back(std::move(related));
  unclosed_array_ = std::move(problems_.back());
  problems_.pop_back();
}

void ElementReader::start() {
  // A UTF-8 byte order mark is not JSON, but editors on Windows write one;
  // the server's JSON reader skips it. Accepted with a warning. Columns on
  // line 1 are counted after it, as editors show them.
  while (end_ - begin_ < 3 && fill()) {
  }
  if (std::string_view(buffer_.get() + begin_, end_ - begin_).starts_with(utf8_bom)) {
    problems_.push_back(byte_order_mark_warning());
    begin_ += utf8_bom.size();
    mark_ = begin_;
    mark_position_ = source::text_start(utf8_bom);
  }
  if (!skip_whitespace()) {
    report_at_end("file is empty; expected a JSON array", "an empty import file is `[]`");
    state_ = State::done;
    return;
  }
  const char first = buffer_[begin_];
  if (first == '[') {
    array_open_ = position_at(begin_);
    ++begin_;
    state_ = State::first_element_or_end;
    return;
  }
  state_ = State::done;
  if (starts_json_value(first)) {
    report(diag::RuleId::not_an_array, begin_, 1,
           std::string("expected a JSON array at the top level, found ") +
               std::string(describe_value_start(first)),
           "an import file is a JSON array of items: `[{...}, {...}]`");
    return;
  }
  // Not the start of any JSON value: let the locator name the byte.
  const std::size_t window = std::min<std::size_t>(end_ - begin_, 64);
  const auto error = find_syntax_error({buffer_.get() + begin_, window});
  if (error && error->offset < window) {
    report(diag::RuleId::syntax, begin_ + error->offset, std::max<std::size_t>(error->length, 1),
           error->message, error->help);
  } else {
    report(diag::RuleId::syntax, begin_, 1, "expected a JSON array at the top level");
  }
}

std::optional<ArrayElement> ElementReader::next() {
  for (;;) {
    switch (state_) {
      case State::start:
        start();
        break;
      case State::first_element_or_end:
      case State::element_after_comma:
        if (!skip_comments()) {
          report_unclosed_array("unexpected end of file; expected an array element or `]`");
          state_ = State::done;
          break;
        }
        if (buffer_[begin_] == ']') {
          if (state_ == State::element_after_comma) {
            diag::Diagnostic d;
            d.rule = diag::RuleId::syntax;
            d.message = "trailing comma after the last array element";
            d.location.begin = last_comma_;
            d.location.end = source::advance(last_comma_, ",");
            d.help = "remove the comma";
            d.fix = diag::Fix{"remove the trailing comma", diag::Applicability::safe,
                              {{d.location.begin, d.location.end, ""}}};
            problems_.push_back(std::move(d));
          }
          ++begin_;
          state_ = State::after_array;
          break;
        }
        if (buffer_[begin_] == ',') {
          report(diag::RuleId::syntax, begin_, 1, "expected an array element, found `,`",
                 "remove the extra comma");
          last_comma_ = position_at(begin_);
          ++begin_;
          state_ = State::element_after_comma;
          break;
        }
        state_ = State::comma_or_end;
        return scan_element();
      case State::comma_or_end:
        if (!skip_comments()) {
          report_unclosed_array("unexpected end of file; expected `,` or `]`");
          state_ = State::done;
          break;
        }
        if (buffer_[begin_] == ',') {
          last_comma_ = position_at(begin_);
          ++begin_;
          state_ = State::element_after_comma;
          break;
        }
        if (buffer_[begin_] == ']') {
          ++begin_;
          state_ = State::after_array;
          break;
        }
        report(diag::RuleId::syntax, begin_, 1, "missing `,` between array elements",
               "add a comma after the previous element");
        return scan_element();
      case State::after_array:
        if (skip_comments()) {
          report(diag::RuleId::syntax, begin_, 1, "unexpected data after the top-level array",
                 "a file holds exactly one JSON array");
        }
        state_ = State::done;
        break;
      case State::done:
        return std::nullopt;
    }
  }
}

std::optional<ArrayElement> ElementReader::scan_element() {
  // Indices are relative to begin_ while scanning, because fill() moves data.
  std::size_t scanned = 0;
  const bool container = buffer_[begin_] == '{' || buffer_[begin_] == '[';
  bool blocks = container && limits_.block_split;
  for (;;) {
    bool complete = false;
    if (blocks) {
      bool fall_back = false;
      scanned = scan_blocks(scanned, complete, fall_back);
      if (fall_back) {
        // The byte-at-a-time splitter goes on from the block where the two
        // could differ, in the state the blocks before left.
        blocks = false;
        scanned = scan_container(scanned, complete);
      }
    } else {
      scanned = container ? scan_container(scanned, complete) : scan_scalar(scanned, complete);
    }
    if (complete) break;
    if (scanned > limits_.max_element_bytes) {
      report_oversized_element(begin_, begin_ + scanned);
      state_ = State::done;
      return std::nullopt;
    }
    // The input ended inside the element. A container or string is then
    // rejected by simdjson and the locator says what was missing (the
    // checker drops the array's own "unexpected end of file" as the same
    // cut); a scalar like `1` is complete, and the missing `]` is reported.
    if (!fill()) break;
  }
  if (scanned > limits_.max_element_bytes) {
    report_oversized_element(begin_, begin_ + scanned);
    state_ = State::done;
    return std::nullopt;
  }
  ArrayElement element;
  element.index = next_index_++;
  element.start = position_at(begin_);
  element.text = std::string_view(buffer_.get() + begin_, scanned);
  if (blocks) {
    // Its line breaks are counted: the position after it without reading it.
    mark_position_ = source::advance_counted(element.start, element.text, scan_newlines_, scan_last_newline_);
    mark_ = begin_ + scanned;
  }
  begin_ += scanned;
  return element;
}

namespace {

// The block splitter's state from block to block: scan_container's (depth,
// inside a string, whether the next byte is escaped) and the line breaks
// counted.
struct BlockScan {
  std::size_t depth;
  bool in_string;
  std::size_t skip;
  std::uint64_t newlines;
  std::size_t last_newline;
};

// scan_blocks over data[i, size), with the block operations of `Isa`
// (classify, prefix_xor, popcount); see ElementReader::scan_blocks.
template <typename Isa>
std::size_t scan_blocks_with(BlockScan& s, const char* data, std::size_t size, std::size_t i, bool& complete,
                             bool& fall_back) {
  while (i < size) {
    const std::size_t n = std::min<std::size_t>(64, size - i);
    const std::uint64_t valid = n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    const BlockMasks m = Isa::classify(data + i);
    const std::uint64_t backslash = m.backslash & valid;
    // The byte after each backslash that is not itself escaped is escaped.
    std::uint64_t escaped = 0;
    bool escape_carries = false;  // the first byte after the block is escaped
    if (backslash != 0 || s.skip != 0) {
      std::uint64_t left = backslash;
      if (s.skip != 0) {
        escaped = 1;
        left &= ~std::uint64_t{1};
      }
      while (left != 0) {
        const auto at = static_cast<unsigned>(std::countr_zero(left));
        if (at == 63) {
          escape_carries = true;
          break;
        }
        escaped |= std::uint64_t{2} << at;
        left &= ~(std::uint64_t{3} << at);
      }
      if (n < 64) escape_carries = ((escaped >> n) & 1U) != 0;
    }
    const std::uint64_t quotes = m.quote & valid & ~escaped;
    const std::uint64_t in_string = Isa::prefix_xor(quotes) ^ (s.in_string ? ~std::uint64_t{0} : 0);
    // Where the two splitters could part: the bytes before the first such
    // byte are read alike, and the element may end among them.
    const std::uint64_t differ = ((backslash & ~in_string) | (m.newline & in_string)) & valid;
    const std::uint64_t alike = differ == 0 ? valid : (std::uint64_t{1} << std::countr_zero(differ)) - 1;
    const std::uint64_t outside = ~in_string & alike;
    const std::uint64_t open = m.open & outside;
    const std::uint64_t close = m.close & outside;
    const std::uint64_t newline = m.newline & alike;
    const auto closes = Isa::popcount(close);
    const std::size_t depth_before = s.depth;
    if (s.depth > closes) {
      // Cannot end in this block.
      s.depth = s.depth + Isa::popcount(open) - closes;
    } else {
      for (std::uint64_t brackets = open | close; brackets != 0; brackets &= brackets - 1) {
        const auto at = static_cast<unsigned>(std::countr_zero(brackets));
        if (((open >> at) & 1U) != 0) {
          ++s.depth;
        } else if (--s.depth == 0) {
          const std::uint64_t before = at == 63 ? ~std::uint64_t{0} : (std::uint64_t{2} << at) - 1;
          const std::uint64_t counted = newline & before;
          if (counted != 0) {
            s.newlines += Isa::popcount(counted);
            s.last_newline = i + 63 - static_cast<std::size_t>(std::countl_zero(counted));
          }
          complete = true;
          return i + at + 1;
        }
      }
    }
    if (differ != 0) {
      s.depth = depth_before;  // the state at the block's start, for scan_container
      fall_back = true;
      return i;
    }
    if (newline != 0) {
      s.newlines += Isa::popcount(newline);
      s.last_newline = i + 63 - static_cast<std::size_t>(std::countl_zero(newline));
    }
    s.in_string = ((in_string >> (n - 1)) & 1U) != 0;
    s.skip = escape_carries ? 1 : 0;
    i += n;
  }
  return size;
}

// What every build has: SSE2 on x86-64, plain C++ elsewhere.
struct BaselineBlocks {
  static BlockMasks classify(const char* data) { return classify_block(data); }
  static std::uint64_t prefix_xor(std::uint64_t x) { return json::prefix_xor(x); }
  static std::size_t popcount(std::uint64_t mask) { return sparse_popcount(mask); }
};

std::size_t scan_blocks_baseline(BlockScan& s, const char* data, std::size_t size, std::size_t i, bool& complete,
                                 bool& fall_back) {
  return scan_blocks_with<BaselineBlocks>(s, data, size, i, complete, fall_back);
}

#if defined(CKIMPORT_WIDE_BLOCKS)
// AVX2, carry-less multiplication and popcnt, on the processors that have
// them (x86-64 from 2013 on), chosen at run time: the build itself targets
// the x86-64 baseline. A block's masks in 2 compares a character instead of
// 4, its string mask in one multiplication instead of 6 shifts (see
// simdjson's stage 1, which does the same), its counts in one instruction:
// the splitter is the one serial stage of a check (issue 14).
[[gnu::target("avx2")]] std::uint64_t equal_mask(__m256i low, __m256i high, __m256i target) {
  const auto low_bits = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, target)));
  const auto high_bits = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, target)));
  return std::uint64_t{low_bits} | (std::uint64_t{high_bits} << 32);
}

struct WideBlocks {
  [[gnu::target("avx2")]] static BlockMasks classify(const char* data) {
    const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data));
    const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + 32));
    const __m256i case_bit = _mm256_set1_epi8(0x20);  // as in classify_block: `[` to `{`, `]` to `}`
    const __m256i low_folded = _mm256_or_si256(low, case_bit);
    const __m256i high_folded = _mm256_or_si256(high, case_bit);
    BlockMasks m;
    m.quote = equal_mask(low, high, _mm256_set1_epi8('"'));
    m.backslash = equal_mask(low, high, _mm256_set1_epi8('\\'));
    m.newline = equal_mask(low, high, _mm256_set1_epi8('\n'));
    m.open = equal_mask(low_folded, high_folded, _mm256_set1_epi8('{'));
    m.close = equal_mask(low_folded, high_folded, _mm256_set1_epi8('}'));
    return m;
  }
  // x times an all-ones multiplier, without carries: bit i is the XOR of
  // bits 0..i.
  [[gnu::target("pclmul")]] static std::uint64_t prefix_xor(std::uint64_t x) {
    const __m128i product = _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<long long>(x)), _mm_set1_epi8(-1), 0);
    return static_cast<std::uint64_t>(_mm_cvtsi128_si64(product));
  }
  [[gnu::target("popcnt")]] static std::size_t popcount(std::uint64_t mask) {
    return static_cast<std::size_t>(__builtin_popcountll(mask));
  }
};

// flatten: the template and WideBlocks' functions are inlined here, where
// their instructions are allowed.
[[gnu::target("avx2,pclmul,popcnt"), gnu::flatten]] std::size_t scan_blocks_wide(
    BlockScan& s, const char* data, std::size_t size, std::size_t i, bool& complete, bool& fall_back) {
  return scan_blocks_with<WideBlocks>(s, data, size, i, complete, fall_back);
}

bool cpu_has_wide_blocks() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul") &&
                          __builtin_cpu_supports("popcnt");
  return has;
}
#endif

// The wide splitter where `wide` and the processor allow it, else the
// baseline one.
std::size_t scan_blocks_on_cpu(bool wide, BlockScan& s, const char* data, std::size_t size, std::size_t i,
                               bool& complete, bool& fall_back) {
#if defined(CKIMPORT_WIDE_BLOCKS)
  if (wide && cpu_has_wide_blocks()) return scan_blocks_wide(s, data, size, i, complete, fall_back);
#else
  (void)wide;
#endif
  return scan_blocks_baseline(s, data, size, i, complete, fall_back);
}

}  // namespace

// scan_container's reading, 64 bytes at a time: a block's quotes, escapes,
// brackets and line breaks become bit masks, strings a prefix XOR of the
// unescaped quotes, and only brackets outside strings are looked at one by
// one (none in most blocks of string contents). The state after each block
// (depth, inside a string, whether the next byte is escaped) is
// scan_container's, so either can go on from the other.
//
// The two read a block alike up to its first raw line break inside a string
// (which scan_container takes as the string's end) or backslash outside one
// (which scan_container ignores): when the element does not end before
// such a byte, `fall_back` is set and the block is left to scan_container,
// from its start.
std::size_t ElementReader::scan_blocks(std::size_t from, bool& complete, bool& fall_back) {
  if (from == 0) {
    scan_depth_ = 0;
    scan_in_string_ = false;
    scan_skip_ = 0;
    scan_newlines_ = 0;
    scan_last_newline_ = 0;
  }
  BlockScan state{scan_depth_, scan_in_string_, scan_skip_, scan_newlines_, scan_last_newline_};
  const char* data = buffer_.get() + begin_;
  const std::size_t size = end_ - begin_;
  const std::size_t scanned = scan_blocks_on_cpu(limits_.wide_blocks, state, data, size, from, complete, fall_back);
  scan_depth_ = state.depth;
  scan_in_string_ = state.in_string;
  scan_skip_ = state.skip;
  scan_newlines_ = state.newlines;
  scan_last_newline_ = state.last_newline;
  return scanned;
}

// Scans from begin_ + from; returns how far the element reaches, relative to
// begin_, with complete set once its closing bracket was seen. The scan state
// (depth, inside a string, after a backslash) is kept in members so a refill
// resumes where the scan stopped.
std::size_t ElementReader::scan_container(std::size_t from, bool& complete) {
  const char* data = buffer_.get() + begin_;
  const std::size_t size = end_ - begin_;
  std::size_t i = from;
  if (from == 0) {
    scan_depth_ = 0;
    scan_in_string_ = false;
    scan_skip_ = 0;
  }
  i += scan_skip_;
  scan_skip_ = 0;
  while (i < size) {
    if (scan_in_string_) {
      i = next_in_string(data, i, size);
      if (i == size) break;
      if (data[i] == '\\') {
        i += 2;
      } else {
        ++i;  // the closing quote, or a line break that ends a broken string
        scan_in_string_ = false;
      }
      continue;
    }
    i = next_structural(data, i, size);
    if (i == size) break;
    const auto kind = structure_table[static_cast<unsigned char>(data[i])];
    ++i;
    if (kind == 1) {
      ++scan_depth_;
    } else if (kind == 2) {
      if (--scan_depth_ == 0) {
        complete = true;
        return i;
      }
    } else if (kind == 3) {
      scan_in_string_ = true;
    }
  }
  scan_skip_ = i - size;  // a backslash was the last byte: skip the escaped byte after the refill
  return size;
}

std::size_t ElementReader::scan_scalar(std::size_t from, bool& complete) {
  const char* data = buffer_.get() + begin_;
  const std::size_t size = end_ - begin_;
  std::size_t i = from;
  if (size > 0 && data[0] == '"') {
    // A string element: up to its closing quote. Rescanned from its start
    // after a refill (only a hostile file has huge top-level strings).
    i = 1;
    while (i < size) {
      const char c = data[i];
      if (c == '\\') {
        i += 2;
      } else if (c == '"' || c == '\n') {
        complete = true;
        return i + 1;
      } else {
        ++i;
      }
    }
    return std::min(i, size);
  }
  if (i == 0) i = 1;  // the first byte belongs to the element whatever it is
  while (i < size && !ends_scalar(data[i])) ++i;
  complete = i < size;
  return i;
}

void ElementReader::report_oversized_element(std::size_t begin, std::size_t end) {
  // An element this large is usually a broken string or a missing bracket
  // that swallowed the rest of the file: name that when the locator finds it.
  const std::string_view prefix(buffer_.get() + begin, end - begin);
  const auto error = find_syntax_error(prefix);
  // Errors the cut itself causes (a string or bracket left open at the
  // limit) are not the element's problem.
  const bool caused_by_cut = error && (error->message.starts_with("unterminated string") ||
                                       error->message.starts_with("unexpected end of input"));
  if (error && !caused_by_cut && error->offset + error->length < prefix.size()) {
    report(diag::RuleId::syntax, begin + error->offset, std::max<std::size_t>(error->length, 1),
           error->message, error->help);
  } else {
    const std::size_t limit = limits_.max_element_bytes;
    const std::string size = limit % (std::size_t{1} << 20) == 0
                                 ? std::to_string(limit >> 20) + " MiB"
                                 : std::to_string(limit) + (limit == 1 ? " byte" : " bytes");
    report(diag::RuleId::element_too_large, begin, 1,
           "array element is larger than " + size + "; the rest of the file is not checked",
           "split the data into smaller items, or look for a missing `}` or `]`");
  }
}

}  // namespace ckimport::json
