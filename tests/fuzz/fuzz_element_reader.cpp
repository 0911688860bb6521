// Fuzz target: json::ElementReader over a memory source, drained to the end.
//
// Input: byte 0 picks the chunk size (tiny chunks exercise every refill path)
// and the block splitter (see below),
// byte 1 the element size limit; the rest is the file.
//
// Invariants beyond "no crash, no sanitizer report, no hang":
//  - element indexes count up from 0 by one, and start offsets only grow;
//  - an element's text is the file's bytes at its start offset, and its start
//    position is what source::advance computes over the bytes before it
//    (after a leading BOM, which takes no column);
//  - SIMDJSON_PADDING bytes after the text are readable (ASan checks);
//  - an element is never larger than max_element_bytes;
//  - every problem (and the unclosed-array one) lies inside the file, its
//    end not before its begin;
//  - bytes_read() never exceeds the file size;
//  - the block splitter (the default) and the byte-at-a-time one
//    (ReaderLimits::block_split = false) give the same elements, positions
//    and problems; the block splitter is the wide one (AVX2, where the
//    processor has it) or, for byte 0 / 14 odd, the baseline one.
#include <simdjson.h>

#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "json/element_reader.hpp"
#include "source/byte_source.hpp"
#include "source/position.hpp"

using namespace ckimport;

namespace {

constexpr std::size_t chunk_sizes[] = {1, 2, 3, 4, 5, 7, 8, 13, 16, 31, 64, 100, 4096, std::size_t{1} << 20};
constexpr std::size_t element_limits[] = {1, 2, 8, 64, 1000, std::size_t{64} << 20};

void check_location(const diag::Location& l, std::size_t file_size) {
  FUZZ_CHECK(l.begin.offset.value <= file_size, "problem begins inside the file");
  FUZZ_CHECK(l.end.offset.value <= file_size, "problem ends inside the file");
  FUZZ_CHECK(l.begin.offset.value <= l.end.offset.value, "problem end not before its begin");
  FUZZ_CHECK(l.begin.line.value >= 1 && l.begin.column.value >= 1, "1-based line and column");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes bytes{data, size};
  json::ReaderLimits limits;
  const std::uint8_t chunk_byte = bytes.take_byte();
  limits.chunk_bytes = chunk_sizes[chunk_byte % std::size(chunk_sizes)];
  limits.wide_blocks = (chunk_byte / std::size(chunk_sizes)) % 2 == 0;
  limits.max_element_bytes = element_limits[bytes.take_byte() % std::size(element_limits)];
  const std::string file(bytes.rest());

  auto input = source::memory_source(file);
  json::ElementReader reader(*input, limits);
  json::ReaderLimits bytewise_limits = limits;
  bytewise_limits.block_split = false;
  auto bytewise_input = source::memory_source(file);
  json::ElementReader bytewise(*bytewise_input, bytewise_limits);
  const auto same_problems = [&] {
    FUZZ_CHECK(reader.problems().size() == bytewise.problems().size(), "both splitters find as many problems");
    for (std::size_t i = 0; i < reader.problems().size() && i < bytewise.problems().size(); ++i) {
      const auto& a = reader.problems()[i];
      const auto& b = bytewise.problems()[i];
      FUZZ_CHECK(a.rule == b.rule && a.message == b.message && a.location.begin == b.location.begin &&
                     a.location.end == b.location.end,
                 "both splitters find the same problems");
    }
    bytewise.problems().clear();
  };
  simdjson::dom::parser parser;
  std::uint64_t expected_index = 0;
  std::uint64_t last_offset = 0;
  // The position of byte known.offset, advanced incrementally.
  source::Position known = fuzz::position_of(file, file.starts_with("\xEF\xBB\xBF") ? 3 : 0);
  const auto drain_problems = [&] {
    for (const auto& d : reader.problems()) {
      FUZZ_CHECK(ckimport::diag::index_of(d.rule) < ckimport::diag::rule_count, "problem has a rule id");
      FUZZ_CHECK(!d.message.empty(), "problem has a message");
      check_location(d.location, file.size());
      for (const auto& r : d.related) check_location(r.location, file.size());
    }
    reader.problems().clear();
  };
  while (auto element = reader.next()) {
    const auto other = bytewise.next();
    FUZZ_CHECK(other && other->index == element->index && other->start == element->start &&
                   other->text == element->text,
               "both splitters give the same element");
    same_problems();
    drain_problems();
    FUZZ_CHECK(element->index == expected_index, "element indexes count up by one");
    ++expected_index;
    const std::uint64_t offset = element->start.offset.value;
    FUZZ_CHECK(offset >= last_offset, "element offsets only grow");
    FUZZ_CHECK(offset <= file.size() && element->text.size() <= file.size() - offset,
               "element lies inside the file");
    FUZZ_CHECK(element->text.size() <= limits.max_element_bytes, "element within the size limit");
    FUZZ_CHECK(element->text == std::string_view(file).substr(offset, element->text.size()),
               "element text is the file's bytes at its offset");
    known = source::advance(known, std::string_view(file).substr(known.offset.value,
                                                                 offset - known.offset.value));
    FUZZ_CHECK(known == element->start, "element start position matches source::advance");
    last_offset = offset;
    // The padding promise: simdjson may read this far.
    volatile char last_padding = element->text.data()[element->text.size() + simdjson::SIMDJSON_PADDING - 1];
    (void)last_padding;
    // What the file checker does: parse in place.
    (void)parser.parse(element->text.data(), element->text.size(), false).error();
    FUZZ_CHECK(reader.bytes_read() <= file.size(), "bytes_read within the file size");
  }
  FUZZ_CHECK(!bytewise.next(), "both splitters end together");
  same_problems();
  drain_problems();
  if (auto unclosed = reader.take_unclosed_array()) {
    FUZZ_CHECK(!unclosed->message.empty(), "unclosed-array problem has a message");
    check_location(unclosed->location, file.size());
  }
  FUZZ_CHECK(!reader.take_unclosed_array(), "take_unclosed_array() takes it once");
  // Once over, it stays over.
  FUZZ_CHECK(!reader.next(), "next() after the end returns nothing");
  drain_problems();
  FUZZ_CHECK(reader.bytes_read() <= file.size(), "bytes_read within the file size");
  return 0;
}
