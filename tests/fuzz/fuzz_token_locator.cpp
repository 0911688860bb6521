// Fuzz target: source::advance (the only byte -> line/column conversion) and
// the token locator (json::locate_token, json::value_extent,
// json::decode_string_token) that places every finding in valid JSON.
//
// advance() is checked on every input against a byte-by-byte reference and
// for composition: advance(advance(p, a), b) == advance(p, a + b), whatever
// the split (even inside a UTF-8 sequence or a CRLF).
//
// The locator only ever sees JSON simdjson accepted, so inputs simdjson
// rejects stop there. For valid ones, every value reachable in simdjson's
// DOM (up to a bound) is looked up by its JSON Pointer:
//  - the value's range lies in the text and value_extent() of the text from
//    there is exactly its length;
//  - when the path is exact (no step before the last names a later duplicate
//    key), the located text parses to the same value (compared minified);
//  - the key's range is a string token that decodes to the key;
//  - a string value's token decodes to simdjson's string;
//  - the opening_brace range is one byte, `{` or `[` for containers.
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "json/json_pointer.hpp"
#include "json/token_locator.hpp"
#include "source/position.hpp"

using namespace ckimport;

namespace {

// Byte by byte: a line feed starts a line, every byte that does not
// continue a UTF-8 sequence a code point, and a 4-byte lead two UTF-16 units.
source::Position reference_advance(source::Position p, std::string_view bytes) {
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    ++p.offset.value;
    if (c == '\n') {
      ++p.line.value;
      p.column.value = 1;
      p.utf16_column.value = 1;
      p.line_offset = p.offset;
    } else if (!source::utf8::is_continuation(byte)) {
      ++p.column.value;
      p.utf16_column.value += byte >= 0xF0 && byte <= 0xF4 ? 2 : 1;
    }
  }
  return p;
}

void check_advance(std::string_view bytes, std::size_t split_seed) {
  const source::Position origin{};
  const auto whole = source::advance(origin, bytes);
  FUZZ_CHECK(whole == reference_advance(origin, bytes), "advance matches the reference");
  const std::size_t split = bytes.empty() ? 0 : split_seed % (bytes.size() + 1);
  const auto first = source::advance(origin, bytes.substr(0, split));
  FUZZ_CHECK(source::advance(first, bytes.substr(split)) == whole, "advance composes");
  // From a position that is not the start of a file.
  const source::Position elsewhere{{1000}, {7}, {42}, {45}, {959}};
  FUZZ_CHECK(source::advance(elsewhere, bytes) == reference_advance(elsewhere, bytes),
             "advance matches the reference from an arbitrary position");
}

class Walker {
 public:
  explicit Walker(std::string_view text) : text_(text) {}
  void walk(simdjson::dom::element root) {
    json::JsonPointer pointer;
    visit(root, pointer, true, 0, true);
  }

 private:
  std::string_view text_;
  std::size_t budget = 300;  // locate_token is linear: keep the walk bounded
  simdjson::dom::parser reparser;

  void check_range(const json::TokenRange& range) {
    FUZZ_CHECK(range.offset <= text_.size() && range.length <= text_.size() - range.offset,
               "range inside the text");
  }

  void located_value_matches(const json::TokenRange& range, simdjson::dom::element expected) {
    FUZZ_CHECK(range.length > 0, "value range not empty");
    const std::string_view token = text_.substr(range.offset, range.length);
    const auto extent = json::value_extent(text_.substr(range.offset));
    FUZZ_CHECK(extent && *extent == range.length, "value_extent agrees with locate_token");
    const simdjson::padded_string padded(token);
    simdjson::dom::element reparsed;
    FUZZ_CHECK(reparser.parse(padded).get(reparsed) == simdjson::SUCCESS,
               "located value text_ is valid JSON");
    FUZZ_CHECK(simdjson::minify(reparsed) == simdjson::minify(expected),
               "located value is the value the pointer names");
    std::string_view s;
    if (expected.get_string().get(s) == simdjson::SUCCESS) {
      FUZZ_CHECK(json::decode_string_token(token) == s,
                 "decode_string_token agrees with simdjson");
    }
  }

  // `exact`: no step before the last names a duplicate key other than its
  // last occurrence (below a duplicate, the locator follows the last one, the
  // one JSON readers keep; `occurrence` only applies to the last step). Only
  // then is the located token required to be this value; otherwise it must
  // merely be in range. `last`: this value is the last of its key's
  // occurrences (or an array element).
  void visit(simdjson::dom::element value, json::JsonPointer& pointer, bool exact,
             std::size_t occurrence, bool last) {
    if (budget == 0) return;
    --budget;
    (void)pointer.to_string();
    const auto range = json::locate_token(text_, pointer, json::TokenPart::value, occurrence);
    const auto brace = json::locate_token(text_, pointer, json::TokenPart::opening_brace, occurrence);
    const bool member = !pointer.steps.empty() && !pointer.steps.back().is_index;
    const auto key = member ? json::locate_token(text_, pointer, json::TokenPart::key, occurrence)
                            : std::nullopt;
    if (range) check_range(*range);
    if (brace) check_range(*brace);
    if (key) check_range(*key);
    if (exact) {
      FUZZ_CHECK(range.has_value(), "every value in the DOM is found by its pointer");
      located_value_matches(*range, value);
      FUZZ_CHECK(brace && brace->offset == range->offset && brace->length == 1,
                 "opening_brace is the value's first byte");
      const char first = text_[brace->offset];
      if (value.is_object()) FUZZ_CHECK(first == '{', "an object starts with {");
      if (value.is_array()) FUZZ_CHECK(first == '[', "an array starts with [");
      if (member) {
        FUZZ_CHECK(key.has_value() && key->length >= 2, "a member's key is found");
        const std::string_view token = text_.substr(key->offset, key->length);
        FUZZ_CHECK(token.front() == '"' && token.back() == '"', "key range is a string token");
        FUZZ_CHECK(json::decode_string_token(token) == pointer.steps.back().key,
                   "key token decodes to the key");
        FUZZ_CHECK(key->offset + key->length <= range->offset, "the key comes before its value");
      }
    }

    // Below an earlier duplicate the locator follows the last one.
    const bool exact_below = exact && last;
    simdjson::dom::object object;
    simdjson::dom::array array;
    if (value.get_object().get(object) == simdjson::SUCCESS) {
      std::vector<std::string_view> all_keys;
      for (auto field : object) all_keys.push_back(field.key);
      std::vector<std::string_view> keys;
      for (auto field : object) {
        std::size_t before = 0;
        for (const auto k : keys) before += k == field.key ? 1U : 0U;
        const auto total = static_cast<std::size_t>(std::count(all_keys.begin(), all_keys.end(), field.key));
        keys.push_back(field.key);
        pointer.key(field.key);
        visit(field.value, pointer, exact_below, before, before + 1 == total);
        pointer.steps.pop_back();
        if (budget == 0) return;
      }
    } else if (value.get_array().get(array) == simdjson::SUCCESS) {
      std::uint64_t i = 0;
      for (auto child : array) {
        pointer.index(i++);
        visit(child, pointer, exact_below, 0, true);
        pointer.steps.pop_back();
        if (budget == 0) return;
      }
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_advance(text, size > 0 ? data[0] * 131u + size : 0);
  (void)json::value_extent(text);  // must not crash on anything

  static simdjson::dom::parser parser;
  const simdjson::padded_string padded(text);
  simdjson::dom::element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) return 0;

  // The whole text is one value and trailing whitespace.
  std::size_t trimmed = text.size();
  while (trimmed > 0 && (text[trimmed - 1] == ' ' || text[trimmed - 1] == '\n' ||
                         text[trimmed - 1] == '\r' || text[trimmed - 1] == '\t')) {
    --trimmed;
  }
  const auto extent = json::value_extent(text);
  FUZZ_CHECK(extent && *extent == trimmed, "value_extent of a valid document is its length");

  Walker walker(text);
  walker.walk(root);
  return 0;
}
