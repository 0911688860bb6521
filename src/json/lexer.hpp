#pragma once
// A strict RFC 8259 JSON lexer that works in byte offsets.
//
// It is the slow, exact path: simdjson tells us a text is invalid, this tells
// us where and why. It is also the way to find the byte range of a token
// (object key or value) once simdjson has accepted a text.
//
// Tokens are views: a Token is a kind plus a byte range into the text given
// to the Lexer, and next() never allocates (only an error allocates its
// message). Offsets are bytes; turning them into lines and columns is
// source::advance()'s job (src/source/position.hpp).
//
// What the lexer checks, completely:
//  - strings: every escape (\" \\ \/ \b \f \n \r \t \uXXXX with exactly four
//    hex digits), no raw U+0000..U+001F, valid UTF-8;
//  - numbers: exactly the RFC grammar  -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
//    (a number directly followed by a letter, digit, `.`, `+`, `-` or `_`
//    is reported as one malformed number, e.g. `0x1F`, `1.5.3`, `12px`);
//  - literals: exactly `true`, `false`, `null`;
//  - whitespace: only space, tab, line feed and carriage return;
//  - UTF-8 everywhere: overlong forms, UTF-8-encoded surrogates, code points
//    above U+10FFFF, truncated sequences and stray continuation bytes are
//    errors at the first byte of the bad sequence.
// Value ranges (1e400, 2^64) are not the lexer's business: the text of such a
// number is grammatical. See syntax_locator.hpp.
#include <cstddef>
#include <string>
#include <string_view>

namespace ckimport::json {

enum class TokenKind {
  begin_object,   // {
  end_object,     // }
  begin_array,    // [
  end_array,      // ]
  colon,          // :
  comma,          // ,
  string,         // the whole literal, both double quotes included
  number,
  literal_true,
  literal_false,
  literal_null,
  end_of_input,   // offset == text size, length 0
  error,          // offset/length are those of Lexer::error()
};

// A short name for messages: "`{`", "a string", "end of input", ...
std::string_view describe(TokenKind kind);

struct Token {
  TokenKind kind;
  std::size_t offset;  // bytes from the start of the text
  std::size_t length;  // in bytes
};

struct LexError {
  std::size_t offset;   // first byte at fault
  std::size_t length;   // >= 1: the bytes at fault (a whole malformed token when that reads better)
  std::string message;  // what is wrong: lowercase, no final period
  std::string help;     // how to fix it, may be empty
};

class Lexer {
 public:
  // Lexes text from byte `start` (clamped to text.size()).
  explicit Lexer(std::string_view text, std::size_t start = 0);

  // The next token, after skipping JSON whitespace (space, \t, \n, \r only).
  // On a lexical error returns a token of kind error with the error's range
  // and sets error(); the lexer then stays on that error: every later call
  // returns the same error token. After end_of_input, returns end_of_input.
  Token next();

  // The last error; meaningful only after next() returned TokenKind::error.
  const LexError& error() const { return error_; }

  // Byte offset just after the last token returned (for an error token: just
  // after the error's range); `start` before the first call.
  std::size_t position() const { return pos_; }

  // Offset of the backslash of the first unpaired UTF-16 surrogate escape in
  // the last string token, or npos. RFC 8259 (section 8.2) allows such
  // escapes syntactically, so the lexer accepts them, but simdjson rejects
  // them; the syntax locator reports them as a separate kind.
  std::size_t unpaired_surrogate() const { return unpaired_surrogate_; }

  // The bytes of a token of this lexer's text.
  std::string_view text(const Token& token) const { return text_.substr(token.offset, token.length); }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  Token fail(std::size_t offset, std::size_t length, std::string message, std::string help = {});
  Token lex_string(std::size_t begin);
  Token lex_number(std::size_t begin);
  Token lex_word(std::size_t begin);
  Token lex_other(std::size_t begin);
  Token utf8_error(std::size_t begin);

  std::string_view text_;
  std::size_t pos_;
  std::size_t unpaired_surrogate_ = npos;
  bool failed_ = false;
  Token error_token_{TokenKind::error, 0, 0};
  LexError error_{};
};

// Appends the decoded content of `token_text`, the text of a string token the
// Lexer accepted (quotes included), to `out`. An unpaired surrogate escape
// decodes to U+FFFD. Meant for comparing object keys with JSON Pointer parts.
void decode_string(std::string_view token_text, std::string& out);

}  // namespace ckimport::json
