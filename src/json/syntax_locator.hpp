#pragma once
// Finds the first syntax error in a JSON text, exactly: byte offset, length,
// a plain-words message and, when the fix is clear, a help line.
//
// This is the slow path. The fast path parses with simdjson, which only says
// "invalid"; when it does, the caller runs find_syntax_error() on the same
// text to say where and what. It is built on json::Lexer and an explicit
// stack of open brackets (no recursion: input may nest a million levels).
//
// Besides RFC 8259 syntax errors it reports, each with its own kind, texts
// that are valid JSON but that simdjson (and so ckimport) cannot read:
//  - number_out_of_range: an integer (no fraction, no exponent) outside
//    [-2^63, 2^64-1], or a number whose value overflows a 64-bit double
//    (1e400, -1e400; underflow such as 1e-400 reads as 0 and is fine);
//  - unpaired_surrogate: a \uD800-\uDFFF escape without its partner, like
//    "\ud800" (RFC 8259 section 8.2 allows it, simdjson rejects it);
//  - too_deep: nesting deeper than SyntaxLimits::max_depth (simdjson's own
//    default limit is 1024, so keep max_depth at or below it).
// Whatever comes first in the text is reported.
//
// A byte order mark is not JSON: the caller strips a leading UTF-8 BOM
// (EF BB BF) before calling; if one is left in, it is reported as
// "unexpected byte order mark (U+FEFF)".
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "diag/rule_catalog.hpp"

namespace ckimport::json {

enum class SyntaxErrorKind {
  syntax,               // not JSON (RFC 8259)
  number_out_of_range,  // valid JSON, but the number does not fit int64/uint64/double
  unpaired_surrogate,   // valid JSON, but a lone UTF-16 surrogate escape
  too_deep,             // nesting deeper than SyntaxLimits::max_depth
};

// The rule a kind of syntax error is reported under.
constexpr diag::RuleId rule_for(SyntaxErrorKind kind) {
  switch (kind) {
    case SyntaxErrorKind::number_out_of_range: return diag::RuleId::number_out_of_range;
    case SyntaxErrorKind::too_deep: return diag::RuleId::nesting_too_deep;
    case SyntaxErrorKind::syntax:
    case SyntaxErrorKind::unpaired_surrogate: return diag::RuleId::syntax;
  }
  return diag::RuleId::syntax;
}

struct SyntaxError {
  std::size_t offset;   // bytes from the start of the text
  std::size_t length;   // bytes at fault; 0 only at the end of the input or for an empty input
  std::string message;  // what is wrong: lowercase, no final period
  std::string help;     // how to fix it, may be empty
  SyntaxErrorKind kind;
  // Another place that takes part in the problem: the `{` or `[` that a
  // mismatched bracket would close, or that the end of input left open.
  std::optional<std::size_t> related_offset{};
  std::string related_message{};  // what related_offset is, e.g. "the `{` opened here"
  // When set, deleting the bytes at fault is a certain fix (a trailing
  // comma), and this says what it does.
  std::string fix_message{};
};

struct SyntaxLimits {
  std::size_t max_depth = 512;  // open objects and arrays at once
};

// The first syntax error in `text`, which must hold exactly one JSON value
// (surrounded by optional whitespace), or nullopt when it is valid JSON that
// simdjson can read.
std::optional<SyntaxError> find_syntax_error(std::string_view text, SyntaxLimits limits = {});

}  // namespace ckimport::json
