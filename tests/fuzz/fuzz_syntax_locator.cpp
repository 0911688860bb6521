// Fuzz target: json::find_syntax_error, differentially against simdjson's DOM
// parser (the fast path the locator stands behind).
//
// The file checker parses each element with simdjson; when simdjson rejects
// it, it asks find_syntax_error where the error is. The two must agree on
// what is valid, or a user gets "the JSON parser rejected this element" with
// no location (simdjson says no, the locator says yes) or a located error in
// a valid element (the other way round).
//
// Checks, for every input:
//  1. with the default limits (locator 512, simdjson 1024 as in its own
//     default): nullopt exactly when simdjson accepts, except that an input
//     nested deeper than 512 that simdjson accepts is reported too_deep
//     (documented in syntax_locator.hpp);
//  2. with the same depth limit on both sides (512, what FileChecker uses):
//     nullopt exactly when simdjson accepts, no exception at all;
//  3. a reported error lies inside the text and has a message; an error of
//     kind number_out_of_range or unpaired_surrogate is only ever reported
//     for text simdjson rejects (they are "valid JSON simdjson cannot read").
// Any disagreement aborts with both verdicts printed.
#include <simdjson.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_support.hpp"
#include "json/syntax_locator.hpp"

using namespace ckimport;

namespace {

const char* kind_name(json::SyntaxErrorKind kind) {
  switch (kind) {
    case json::SyntaxErrorKind::syntax: return "syntax";
    case json::SyntaxErrorKind::number_out_of_range: return "number_out_of_range";
    case json::SyntaxErrorKind::unpaired_surrogate: return "unpaired_surrogate";
    case json::SyntaxErrorKind::too_deep: return "too_deep";
  }
  return "?";
}

[[noreturn]] void disagree(const char* what, const std::optional<json::SyntaxError>& located,
                           simdjson::error_code simdjson_error) {
  std::fprintf(stderr, "DISAGREEMENT (%s): simdjson says %s; find_syntax_error says ", what,
               simdjson_error ? simdjson::error_message(simdjson_error) : "valid");
  if (located) {
    std::fprintf(stderr, "%s at offset %zu length %zu: %s\n", kind_name(located->kind),
                 located->offset, located->length, located->message.c_str());
  } else {
    std::fprintf(stderr, "valid\n");
  }
  std::abort();
}

// Whitespace only: "empty input", reported at offset 0 with length 0.
bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

void check_shape(const json::SyntaxError& e, std::string_view text) {
  const std::size_t size = text.size();
  const bool zero_length_ok = e.offset == size || blank(text);
  if (e.offset > size || e.length > size - e.offset || (e.length == 0 && !zero_length_ok)) {
    std::fprintf(stderr, "find_syntax_error on %zu bytes: %s at offset %zu length %zu: %s\n", size,
                 kind_name(e.kind), e.offset, e.length, e.message.c_str());
  }
  FUZZ_CHECK(e.offset <= size, "error offset inside the text");
  FUZZ_CHECK(e.length <= size - e.offset, "error length inside the text");
  FUZZ_CHECK(e.length > 0 || zero_length_ok,
             "zero length only at the end of the input or for an empty (blank) input");
  FUZZ_CHECK(!e.message.empty(), "error has a message");
  if (e.related_offset) FUZZ_CHECK(*e.related_offset < size, "related offset inside the text");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const simdjson::padded_string padded(text);

  static simdjson::dom::parser parser_default;  // max_depth 1024
  static simdjson::dom::parser parser_512(simdjson::SIMDJSON_MAXSIZE_BYTES);
  static bool allocated = [] {
    return parser_512.allocate(1 << 16, 512) == simdjson::SUCCESS;
  }();
  FUZZ_CHECK(allocated, "simdjson parser allocation");
  if (parser_512.capacity() < size && parser_512.allocate(size, 512) != simdjson::SUCCESS) return 0;

  const auto default_error = parser_default.parse(padded).error();
  const auto same_limit_error = parser_512.parse(padded).error();
  const auto located = json::find_syntax_error(text);  // max_depth 512
  if (located) check_shape(*located, text);

  // 1. Default limits.
  if (!located && default_error) disagree("default limits", located, default_error);
  if (located && !default_error && located->kind != json::SyntaxErrorKind::too_deep) {
    disagree("default limits", located, default_error);
  }
  // 2. The same depth limit on both sides.
  if (located.has_value() != (same_limit_error != simdjson::SUCCESS)) {
    disagree("both at max_depth 512", located, same_limit_error);
  }
  // 3. At simdjson's own depth, the locator's verdict matches too.
  const auto located_1024 = json::find_syntax_error(text, {1024});
  if (located_1024) check_shape(*located_1024, text);
  if (located_1024.has_value() != (default_error != simdjson::SUCCESS)) {
    disagree("both at max_depth 1024", located_1024, default_error);
  }
  return 0;
}
