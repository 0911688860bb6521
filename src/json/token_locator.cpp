#include "json/token_locator.hpp"

#include "json/lexer.hpp"

namespace ckimport::json {
namespace {

// Moves past the value whose first token is `first`; returns its last token.
Token skip_value(Lexer& lexer, Token first) {
  if (first.kind != TokenKind::begin_object && first.kind != TokenKind::begin_array) return first;
  std::size_t depth = 1;
  for (;;) {
    const Token t = lexer.next();
    switch (t.kind) {
      case TokenKind::begin_object:
      case TokenKind::begin_array:
        ++depth;
        break;
      case TokenKind::end_object:
      case TokenKind::end_array:
        if (--depth == 0) return t;
        break;
      case TokenKind::end_of_input:
      case TokenKind::error:
        return t;
      default:
        break;
    }
  }
}

bool key_equals(std::string_view token, std::string_view key) {
  const std::string_view raw = token.substr(1, token.size() - 2);
  if (raw.find('\\') == std::string_view::npos) return raw == key;
  return decode_string_token(token) == key;
}

}  // namespace

std::string decode_string_token(std::string_view token) {
  std::string out;
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return out;
  decode_string(token, out);
  return out;
}

std::vector<TokenRange> locate_array_elements(std::string_view text, const JsonPointer& pointer) {
  std::vector<TokenRange> ranges;
  const auto array = locate_token(text, pointer, TokenPart::value);
  if (!array) return ranges;
  Lexer lexer(text, array->offset);
  if (lexer.next().kind != TokenKind::begin_array) return ranges;
  for (Token t = lexer.next(); t.kind != TokenKind::end_array;) {
    if (t.kind == TokenKind::end_of_input || t.kind == TokenKind::error) break;
    const Token last = skip_value(lexer, t);
    ranges.push_back({t.offset, last.offset + last.length - t.offset});
    t = lexer.next();
    if (t.kind == TokenKind::comma) t = lexer.next();
  }
  return ranges;
}

namespace {

bool is_json_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::optional<TokenRange> locate_removal(std::string_view text, const JsonPointer& pointer,
                                         std::size_t occurrence) {
  if (pointer.steps.empty()) return std::nullopt;
  std::size_t begin = 0;
  std::size_t end = 0;
  if (pointer.steps.back().is_index) {
    const auto element = locate_token(text, pointer, TokenPart::value);
    if (!element) return std::nullopt;
    begin = element->offset;
    end = element->offset + element->length;
  } else {
    const auto key = locate_token(text, pointer, TokenPart::key, occurrence);
    const auto value = locate_token(text, pointer, TokenPart::value, occurrence);
    if (!key || !value) return std::nullopt;
    begin = key->offset;
    end = value->offset + value->length;
  }
  // Inside a parsed element there is only whitespace between tokens (no
  // comments), so the neighbouring comma is found by skipping it.
  std::size_t after = end;
  while (after < text.size() && is_json_whitespace(text[after])) ++after;
  if (after < text.size() && text[after] == ',') {
    ++after;
    while (after < text.size() && is_json_whitespace(text[after])) ++after;
    return TokenRange{begin, after - begin};
  }
  std::size_t before = begin;
  while (before > 0 && is_json_whitespace(text[before - 1])) --before;
  if (before > 0 && text[before - 1] == ',') return TokenRange{before - 1, end - (before - 1)};
  return TokenRange{begin, end - begin};
}

std::optional<std::size_t> value_extent(std::string_view text) {
  Lexer lexer(text);
  const Token first = lexer.next();
  const Token last = skip_value(lexer, first);
  if (last.kind == TokenKind::end_of_input || last.kind == TokenKind::error) return std::nullopt;
  return last.offset + last.length;
}

std::optional<TokenRange> locate_token(std::string_view text, const JsonPointer& pointer,
                                       TokenPart part, std::size_t occurrence) {
  Lexer lexer(text);
  Token current = lexer.next();
  std::optional<Token> key_token;
  for (std::size_t s = 0; s < pointer.steps.size(); ++s) {
    const PointerStep& step = pointer.steps[s];
    const bool last = s + 1 == pointer.steps.size();
    bool found = false;
    if (step.is_index) {
      if (current.kind != TokenKind::begin_array) return std::nullopt;
      Token t = lexer.next();
      for (std::uint64_t i = 0; t.kind != TokenKind::end_array; ++i) {
        if (t.kind == TokenKind::end_of_input || t.kind == TokenKind::error) return std::nullopt;
        if (i == step.index) {
          current = t;
          found = true;
          break;
        }
        skip_value(lexer, t);
        t = lexer.next();
        if (t.kind == TokenKind::comma) t = lexer.next();
      }
    } else {
      if (current.kind != TokenKind::begin_object) return std::nullopt;
      const std::size_t wanted = last ? occurrence : last_occurrence;
      std::size_t seen = 0;
      Token t = lexer.next();
      while (t.kind == TokenKind::string) {
        const Token key = t;
        lexer.next();  // the colon
        const Token value = lexer.next();
        if (key_equals(text.substr(key.offset, key.length), step.key)) {
          key_token = key;
          current = value;
          found = true;
          if (seen++ == wanted) break;
        }
        skip_value(lexer, value);
        t = lexer.next();
        if (t.kind == TokenKind::comma) t = lexer.next();
      }
      if (found && wanted != last_occurrence && seen <= wanted) return std::nullopt;
      // Continue after the value found (the scan for a later duplicate may
      // have gone past it).
      if (found) {
        lexer = Lexer(text, current.offset);
        current = lexer.next();
      }
    }
    if (!found) return std::nullopt;
  }
  switch (part) {
    case TokenPart::key:
      if (!key_token) return std::nullopt;
      return TokenRange{key_token->offset, key_token->length};
    case TokenPart::opening_brace:
      return TokenRange{current.offset, 1};
    case TokenPart::value: {
      const Token last = skip_value(lexer, current);
      return TokenRange{current.offset, last.offset + last.length - current.offset};
    }
  }
  return std::nullopt;
}

}  // namespace ckimport::json
