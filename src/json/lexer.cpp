#include "json/lexer.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "diag/diagnostic.hpp"
#include "source/utf8.hpp"

namespace ckimport::json {

namespace {

constexpr std::size_t kShownChars = 40;  // longer token text is cut in messages

constexpr bool is_ws(unsigned char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
constexpr bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_word(unsigned char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '$'; }
// Bytes that glue to a number: `12px`, `0x1F`, `1.5.3`, `1_000`, `1-2`.
constexpr bool is_number_glue(unsigned char c) { return is_word(c) || c == '.' || c == '+' || c == '-'; }

constexpr int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Token text in a message: at most kShownChars code points, "…" included.
std::string shown(std::string_view s) {
  return s.size() <= kShownChars ? std::string(s) : diag::shown(s, kShownChars - 1);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}


// ---------------------------------------------------------------------------
// Strings: 8 bytes at a time until a byte that needs a look.

std::uint64_t load8(const unsigned char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// True when one of the 8 bytes is < 0x20, '"', '\\' or >= 0x80. Each test
// is exact as a yes/no answer (bit tricks from "Bit Twiddling Hacks").
bool has_special_byte(std::uint64_t x) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const std::uint64_t below_space = (x - ones * 0x20U) & ~x & highs;
  const std::uint64_t q = x ^ (ones * static_cast<unsigned char>('"'));
  const std::uint64_t b = x ^ (ones * static_cast<unsigned char>('\\'));
  const std::uint64_t quote = (q - ones) & ~q & highs;
  const std::uint64_t backslash = (b - ones) & ~b & highs;
  return (below_space | quote | backslash | (x & highs)) != 0;
}

std::string escape_suggestion(unsigned char c) {
  switch (c) {
    case '\b': return "\\b";
    case '\t': return "\\t";
    case '\n': return "\\n";
    case '\f': return "\\f";
    case '\r': return "\\r";
    default: return fmt::format("\\u{:04X}", static_cast<unsigned>(c));
  }
}

const char* const kUtf8Help =
    "the file must be UTF-8; it may have been saved in another encoding (such as Latin-1 or "
    "Windows-1252): convert it to UTF-8";

// Both byte orders: FF FE 00 00 (little-endian) and 00 00 FE FF.
const char* const kUtf32BomHelp = "the file starts with a UTF-32 byte order mark; convert the file to UTF-8";

const char* const kValidEscapesHelp =
    "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u followed by 4 hex digits; "
    "write a backslash itself as \\\\";

}  // namespace

std::string_view describe(TokenKind kind) {
  switch (kind) {
    case TokenKind::begin_object: return "`{`";
    case TokenKind::end_object: return "`}`";
    case TokenKind::begin_array: return "`[`";
    case TokenKind::end_array: return "`]`";
    case TokenKind::colon: return "`:`";
    case TokenKind::comma: return "`,`";
    case TokenKind::string: return "a string";
    case TokenKind::number: return "a number";
    case TokenKind::literal_true: return "`true`";
    case TokenKind::literal_false: return "`false`";
    case TokenKind::literal_null: return "`null`";
    case TokenKind::end_of_input: return "end of input";
    case TokenKind::error: return "an invalid token";
  }
  return "a token";
}

Lexer::Lexer(std::string_view text, std::size_t start)
    : text_(text), pos_(start < text.size() ? start : text.size()) {}

Token Lexer::fail(std::size_t offset, std::size_t length, std::string message, std::string help) {
  if (length == 0) length = 1;
  if (offset + length > text_.size()) length = offset < text_.size() ? text_.size() - offset : 0;
  failed_ = true;
  error_ = LexError{offset, length, std::move(message), std::move(help)};
  error_token_ = Token{TokenKind::error, offset, length};
  pos_ = offset + length;
  return error_token_;
}

Token Lexer::next() {
  if (failed_) return error_token_;
  const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
  const std::size_t n = text_.size();
  std::size_t i = pos_;
  while (i < n && is_ws(p[i])) ++i;
  if (i == n) {
    pos_ = n;
    return Token{TokenKind::end_of_input, n, 0};
  }
  auto single = [&](TokenKind kind) {
    pos_ = i + 1;
    return Token{kind, i, 1};
  };
  switch (p[i]) {
    case '{': return single(TokenKind::begin_object);
    case '}': return single(TokenKind::end_object);
    case '[': return single(TokenKind::begin_array);
    case ']': return single(TokenKind::end_array);
    case ':': return single(TokenKind::colon);
    case ',': return single(TokenKind::comma);
    case '"': return lex_string(i);
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9': return lex_number(i);
    default: break;
  }
  if (is_alpha(p[i]) || p[i] == '_' || p[i] == '$') return lex_word(i);
  return lex_other(i);
}

Token Lexer::lex_string(std::size_t begin) {
  const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
  const std::size_t n = text_.size();
  unpaired_surrogate_ = npos;
  std::size_t i = begin + 1;
  auto unterminated = [&] {
    return fail(begin, 1, "unterminated string", "add the closing `\"` at the end of the string");
  };
  for (;;) {
    while (i + 8 <= n && !has_special_byte(load8(p + i))) i += 8;
    if (i >= n) return unterminated();
    const unsigned char c = p[i];
    if (c == '"') {
      pos_ = i + 1;
      return Token{TokenKind::string, begin, i + 1 - begin};
    }
    if (c == '\\') {
      if (i + 1 >= n) return unterminated();
      const unsigned char e = p[i + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't': i += 2; continue;
        case 'u': break;
        default: {
          if (e >= 0x20U && e < 0x7FU) {
            std::string help = kValidEscapesHelp;
            if (e == 'x') help = "JSON has no \\x escapes; write \\u00 followed by the two hex digits (\\x41 is \\u0041)";
            if (e == 'U') help = "write \\u (lowercase u) followed by 4 hex digits";
            if (e == '\'') help = "a single quote needs no escape in a JSON string; remove the backslash";
            return fail(i, 2, fmt::format("invalid escape `\\{}` in string", static_cast<char>(e)), std::move(help));
          }
          if (e < 0x20U || e == 0x7FU) {
            return fail(i, 2,
                        fmt::format("invalid escape: `\\` followed by control character U+{:04X}",
                                    static_cast<unsigned>(e)),
                        kValidEscapesHelp);
          }
          const source::utf8::Unit u = source::utf8::next_unit(text_, i + 1);
          if (!u.valid()) {
            return fail(i, 2, fmt::format("invalid escape: `\\` followed by byte 0x{:02X}", static_cast<unsigned>(e)),
                        kValidEscapesHelp);
          }
          return fail(i, 1 + u.length,
                      fmt::format("invalid escape `\\{}` in string", text_.substr(i + 1, u.length)), kValidEscapesHelp);
        }
      }
      // \uXXXX
      auto read_hex4 = [&](std::size_t at, std::size_t& digits) -> long {
        long v = 0;
        for (digits = 0; digits < 4; ++digits) {
          if (at + digits >= n) return -2;  // end of input
          const int h = hex_value(p[at + digits]);
          if (h < 0) return -1;
          v = v * 16 + h;
        }
        return v;
      };
      std::size_t digits = 0;
      const long cp = read_hex4(i + 2, digits);
      if (cp == -2) return unterminated();
      if (cp < 0) {
        return fail(i, 2 + digits,
                    fmt::format("invalid unicode escape `{}`: expected 4 hex digits after \\u",
                                text_.substr(i, 2 + digits)),
                    "write \\u followed by exactly 4 hex digits (0-9, a-f, A-F), e.g. \\u00e9");
      }
      // RFC 8259 section 8.2 allows unpaired surrogate escapes ("\ud800")
      // syntactically, so they are not a lexical error here. simdjson rejects
      // them, so we remember the first one for the syntax locator.
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        std::size_t d2 = 0;
        if (i + 7 < n && p[i + 6] == '\\' && p[i + 7] == 'u') {
          const long low = read_hex4(i + 8, d2);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            i += 12;
            continue;
          }
        }
        if (unpaired_surrogate_ == npos) unpaired_surrogate_ = i;
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        if (unpaired_surrogate_ == npos) unpaired_surrogate_ = i;
      }
      i += 6;
      continue;
    }
    if (c < 0x20U) {
      std::string help = fmt::format("write it as {} inside the string", escape_suggestion(c));
      if (c == '\n' || c == '\r') {
        help = "if the string was meant to end on this line, it is missing its closing `\"`; "
               "a line break inside a string must be written as \\n";
      }
      return fail(i, 1,
                  fmt::format("control character U+{:04X} in string; escape it as {}", static_cast<unsigned>(c),
                              escape_suggestion(c)),
                  std::move(help));
    }
    if (c >= 0x80U) {
      const source::utf8::Unit u = source::utf8::next_unit(text_, i);
      if (!u.valid()) return utf8_error(i);
      i += u.length;
      continue;
    }
    ++i;
  }
}

Token Lexer::utf8_error(std::size_t begin) {
  const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
  const std::size_t n = text_.size();
  const source::utf8::Unit u = source::utf8::next_unit(text_, begin);
  std::string bytes;
  for (std::size_t k = 0; k < u.span; ++k) {
    bytes += fmt::format("{}0x{:02X}", k == 0 ? "" : " ", static_cast<unsigned>(p[begin + k]));
  }
  std::string help = kUtf8Help;
  // FF FE is UTF-16 LE's mark and the start of UTF-32 LE's (FF FE 00 00).
  if (begin == 0 && n >= 4 && p[0] == 0xFFU && p[1] == 0xFEU && p[2] == 0 && p[3] == 0) {
    help = kUtf32BomHelp;
  } else if (begin == 0 && n >= 2 && ((p[0] == 0xFFU && p[1] == 0xFEU) || (p[0] == 0xFEU && p[1] == 0xFFU))) {
    help = "the file starts with a UTF-16 byte order mark; convert the file to UTF-8";
  }
  return fail(begin, u.span,
              fmt::format("invalid UTF-8: {} ({} {})", source::utf8::describe(u.problem), u.span == 1 ? "byte" : "bytes", bytes),
              std::move(help));
}

Token Lexer::lex_number(std::size_t begin) {
  const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
  const std::size_t n = text_.size();
  // The whole malformed run, for the error's range and message.
  auto run_end = [&](std::size_t from) {
    while (from < n && is_number_glue(p[from])) ++from;
    return from;
  };
  auto bad = [&](const char* what, std::string help) {
    const std::size_t end = run_end(begin);
    const std::string shown_text = shown(text_.substr(begin, end - begin));
    return fail(begin, end - begin, fmt::format("number `{}` {}", shown_text, what), std::move(help));
  };
  std::size_t i = begin;
  if (p[i] == '-') {
    ++i;
    if (i < n && is_alpha(p[i])) {
      std::size_t w = i;
      while (w < n && is_word(p[w])) ++w;
      const std::string word = lower_ascii(text_.substr(i, w - i));
      if (word == "infinity" || word == "inf" || word == "nan") {
        return fail(begin, w - begin,
                    fmt::format("`{}` is not valid JSON; use null or a string", text_.substr(begin, w - begin)),
                    "JSON has no NaN or infinity; write null, or the value as a string");
      }
    }
    if (i < n && p[i] == '.') return bad("has no digit before the decimal point", "put a 0 before the decimal point");
    if (i >= n || !is_digit(p[i])) return bad("has no digits after the minus sign", "put digits after the `-`");
  }
  if (p[i] == '0') {
    ++i;
    if (i < n && is_digit(p[i])) {
      const std::size_t end = run_end(begin);
      return fail(begin, end - begin, fmt::format("leading zero in number `{}`", shown(text_.substr(begin, end - begin))),
                  "remove the leading zero (only 0 itself and 0.x start with 0); if it is an ID or a code, "
                  "put it in double quotes");
    }
  } else {
    while (i < n && is_digit(p[i])) ++i;
  }
  if (i < n && p[i] == '.') {
    ++i;
    if (i >= n || !is_digit(p[i])) return bad("has no digits after the decimal point", "put at least one digit after the decimal point, or remove the point");
    while (i < n && is_digit(p[i])) ++i;
  }
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    ++i;
    if (i < n && (p[i] == '+' || p[i] == '-')) ++i;
    if (i >= n || !is_digit(p[i])) return bad("has no digits in its exponent", "put at least one digit after the `e`, or remove the `e`");
    while (i < n && is_digit(p[i])) ++i;
  }
  if (i < n && is_number_glue(p[i])) {
    const std::size_t digits_at = p[begin] == '-' ? begin + 1 : begin;
    if (p[digits_at] == '0' && i == digits_at + 1 && (p[i] == 'x' || p[i] == 'X')) {
      const std::size_t end = run_end(begin);
      const std::string_view hex = text_.substr(i + 1, end - i - 1);
      std::string help = "write the number in decimal";
      bool all_hex = !hex.empty() && hex.size() <= 15;
      std::uint64_t value = 0;
      for (const char h : hex) {
        const int v = hex_value(static_cast<unsigned char>(h));
        if (v < 0) all_hex = false;
        value = value * 16 + static_cast<std::uint64_t>(v < 0 ? 0 : v);
      }
      if (all_hex) help = fmt::format("write the number in decimal: {}{}", p[begin] == '-' ? "-" : "", value);
      return fail(begin, end - begin,
                  fmt::format("hexadecimal number `{}` is not valid JSON", shown(text_.substr(begin, end - begin))),
                  std::move(help));
    }
    const std::size_t end = run_end(begin);
    return fail(begin, end - begin, fmt::format("invalid number `{}`", shown(text_.substr(begin, end - begin))),
                "a JSON number is digits with an optional `-`, fraction and exponent, e.g. -12.5e3; "
                "put other text in double quotes");
  }
  pos_ = i;
  return Token{TokenKind::number, begin, i - begin};
}

Token Lexer::lex_word(std::size_t begin) {
  const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
  const std::size_t n = text_.size();
  std::size_t end = begin;
  while (end < n && is_word(p[end])) ++end;
  const std::string_view word = text_.substr(begin, end - begin);
  if (word == "true" || word == "false" || word == "null") {
    pos_ = end;
    const TokenKind kind =
        word[0] == 't' ? TokenKind::literal_true : word[0] == 'f' ? TokenKind::literal_false : TokenKind::literal_null;
    return Token{kind, begin, end - begin};
  }
  const std::size_t len = end - begin;
  const std::string lower = lower_ascii(word);
  if (lower == "true" || lower == "false" || lower == "null") {
    return fail(begin, len, fmt::format("`{}` is not valid JSON; literals are lowercase", word),
                fmt::format("write `{}`", lower));
  }
  if (lower == "nan" || lower == "infinity" || lower == "inf") {
    return fail(begin, len, fmt::format("`{}` is not valid JSON; use null or a string", word),
                "JSON has no NaN or infinity; write null, or the value as a string");
  }
  if (word == "None" || word == "nil" || word == "undefined") {
    return fail(begin, len, fmt::format("`{}` is not valid JSON; use null", word), "write `null`");
  }
  for (const std::string_view literal : {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
    if (word.size() < literal.size() && literal.substr(0, word.size()) == word) {
      return fail(begin, len, fmt::format("incomplete literal `{}`", word), fmt::format("write `{}`", literal));
    }
  }
  return fail(begin, len, fmt::format("unquoted text `{}` is not valid JSON", shown(word)),
              "put strings (and object keys) in double quotes");
}

Token Lexer::lex_other(std::size_t begin) {
  const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
  const std::size_t n = text_.size();
  const unsigned char c = p[begin];
  if (c == '\'') {
    std::size_t end = begin + 1;
    while (end < n && p[end] != '\'' && p[end] != '\n' && p[end] != '\r') ++end;
    const std::size_t len = end < n && p[end] == '\'' ? end + 1 - begin : 1;
    return fail(begin, len, "strings must use double quotes", "replace the single quotes with double quotes");
  }
  if (c == '/' && begin + 1 < n && (p[begin + 1] == '/' || p[begin + 1] == '*')) {
    std::size_t end = begin + 2;
    if (p[begin + 1] == '/') {
      while (end < n && p[end] != '\n' && p[end] != '\r') ++end;
    } else {
      while (end < n && !(p[end] == '/' && p[end - 1] == '*' && end > begin + 2)) ++end;
      if (end < n) ++end;
    }
    return fail(begin, end - begin, "comments are not allowed in JSON", "remove the comment");
  }
  if (c == '+') {
    std::size_t w = begin + 1;
    while (w < n && is_word(p[w])) ++w;
    const std::string word = lower_ascii(text_.substr(begin + 1, w - begin - 1));
    if (word == "infinity" || word == "inf" || word == "nan") {
      return fail(begin, w - begin,
                  fmt::format("`{}` is not valid JSON; use null or a string", text_.substr(begin, w - begin)),
                  "JSON has no NaN or infinity; write null, or the value as a string");
    }
    std::size_t end = begin + 1;
    while (end < n && is_number_glue(p[end])) ++end;
    return fail(begin, end - begin, "numbers cannot start with `+`", "remove the `+`");
  }
  if (c == '.' && begin + 1 < n && is_digit(p[begin + 1])) {
    std::size_t end = begin + 1;
    while (end < n && is_number_glue(p[end])) ++end;
    return fail(begin, end - begin,
                fmt::format("number `{}` has no digit before the decimal point", shown(text_.substr(begin, end - begin))),
                "put a 0 before the decimal point");
  }
  if (c < 0x20U || c == 0x7FU) {
    std::string help;
    if (c == 0x0BU || c == 0x0CU) help = "JSON whitespace is only space, tab, line feed and carriage return";
    if (c == 0) help = "a NUL byte often means the file is UTF-16 encoded or binary; JSON files must be UTF-8 text";
    if (c == 0 && begin == 0 && n >= 4 && p[1] == 0 && p[2] == 0xFEU && p[3] == 0xFFU) {
      help = kUtf32BomHelp;
    }
    return fail(begin, 1, fmt::format("unexpected control character U+{:04X}", static_cast<unsigned>(c)), std::move(help));
  }
  if (c < 0x80U) {
    std::string help;
    if (c == ';') help = "separate items with `,`";
    if (c == '=') help = "separate a key from its value with `:`";
    if (c == '`') help = "strings must use double quotes";
    if (c == '\\') help = "escapes are only allowed inside double-quoted strings";
    if (c == '`') return fail(begin, 1, "unexpected backtick", std::move(help));
    return fail(begin, 1, fmt::format("unexpected character `{}`", static_cast<char>(c)), std::move(help));
  }
  const source::utf8::Unit u = source::utf8::next_unit(text_, begin);
  if (!u.valid()) return utf8_error(begin);
  const char32_t cp = u.code_point;
  const auto ucp = static_cast<unsigned>(cp);
  if (cp == 0xFEFF) {
    return fail(begin, u.length, "unexpected byte order mark (U+FEFF)", "remove the byte order mark");
  }
  if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
      cp == 0x205F || cp == 0x3000) {
    return fail(begin, u.length, fmt::format("unexpected Unicode space U+{:04X}", ucp),
                "JSON whitespace is only space, tab, line feed and carriage return; replace it with a plain space");
  }
  if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060) {
    return fail(begin, u.length, fmt::format("unexpected invisible character U+{:04X}", ucp), "remove it");
  }
  if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x2018 || cp == 0x2019 || cp == 0x00AB || cp == 0x00BB) {
    return fail(begin, u.length, fmt::format("unexpected typographic quote `{}` (U+{:04X})", text_.substr(begin, u.length), ucp),
                "strings must use straight double quotes (\")");
  }
  return fail(begin, u.length, fmt::format("unexpected character `{}` (U+{:04X})", text_.substr(begin, u.length), ucp),
              "put text in double quotes");
}

// ---------------------------------------------------------------------------

namespace {


std::uint32_t hex4(std::string_view s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const int h = at + k < s.size() ? hex_value(static_cast<unsigned char>(s[at + k])) : -1;
    v = v * 16 + static_cast<std::uint32_t>(h < 0 ? 0 : h);
  }
  return v;
}

}  // namespace

void decode_string(std::string_view token_text, std::string& out) {
  if (token_text.size() >= 2 && token_text.front() == '"' && token_text.back() == '"') {
    token_text = token_text.substr(1, token_text.size() - 2);
  }
  std::size_t i = 0;
  while (i < token_text.size()) {
    const std::size_t bs = token_text.find('\\', i);
    if (bs == std::string_view::npos) {
      out.append(token_text.substr(i));
      return;
    }
    out.append(token_text.substr(i, bs - i));
    if (bs + 1 >= token_text.size()) return;
    const char e = token_text[bs + 1];
    i = bs + 2;
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        std::uint32_t cp = hex4(token_text, bs + 2);
        i = bs + 6;
        if (cp >= 0xD800U && cp <= 0xDBFFU) {
          if (i + 1 < token_text.size() && token_text[i] == '\\' && token_text[i + 1] == 'u') {
            const std::uint32_t low = hex4(token_text, i + 2);
            if (low >= 0xDC00U && low <= 0xDFFFU) {
              cp = 0x10000U + ((cp - 0xD800U) << 10) + (low - 0xDC00U);
              i += 6;
            } else {
              cp = 0xFFFDU;
            }
          } else {
            cp = 0xFFFDU;
          }
        } else if (cp >= 0xDC00U && cp <= 0xDFFFU) {
          cp = 0xFFFDU;
        }
        source::utf8::append(out, static_cast<char32_t>(cp));
        break;
      }
      case '"':
      case '\\':
      case '/': out += e; break;
      default: source::utf8::append(out, source::utf8::replacement_character); break;  // not a JSON escape
    }
  }
}

}  // namespace ckimport::json
