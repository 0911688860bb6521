#include "json/syntax_locator.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "json/lexer.hpp"

namespace ckimport::json {

namespace {

constexpr std::size_t kShownChars = 40;

std::string shown(std::string_view s) {
  if (s.size() <= kShownChars) return std::string(s);
  std::string out(s.substr(0, kShownChars - 1));
  out += "\u2026";
  return out;
}

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `number` is a number token the Lexer accepted (so it follows the grammar).
// True when simdjson can represent it: an integer within int64/uint64, or a
// float that does not overflow a double.
enum class NumberFit { fits, integer_too_big, float_too_big };

NumberFit number_fit(std::string_view number) {
  const bool negative = number[0] == '-';
  std::size_t i = negative ? 1 : 0;
  const std::size_t int_begin = i;
  while (i < number.size() && is_digit(number[i])) ++i;
  const std::size_t int_digits = i - int_begin;
  if (i == number.size()) {  // an integer
    if (int_digits < 19) return NumberFit::fits;
    const std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
    const std::string_view digits = number.substr(int_begin);
    if (digits.size() < limit.size()) return NumberFit::fits;
    if (digits.size() > limit.size() || digits > limit) return NumberFit::integer_too_big;
    return NumberFit::fits;
  }
  // A float. Estimate the decimal magnitude (exponent of the leading digit)
  // and only ask from_chars when it is near or past DBL_MAX (~1.8e308).
  std::int64_t magnitude = 0;
  bool nonzero = false;
  for (std::size_t k = int_begin; k < int_begin + int_digits; ++k) {
    if (number[k] != '0') {
      magnitude = static_cast<std::int64_t>(int_begin + int_digits - k) - 1;
      nonzero = true;
      break;
    }
  }
  std::size_t j = i;
  if (j < number.size() && number[j] == '.') {
    ++j;
    const std::size_t frac_begin = j;
    while (j < number.size() && is_digit(number[j])) {
      if (!nonzero && number[j] != '0') {
        magnitude = -static_cast<std::int64_t>(j - frac_begin) - 1;
        nonzero = true;
      }
      ++j;
    }
  }
  if (!nonzero) return NumberFit::fits;  // zero, whatever the exponent
  if (j < number.size() && (number[j] == 'e' || number[j] == 'E')) {
    ++j;
    bool exp_negative = false;
    if (number[j] == '+' || number[j] == '-') exp_negative = number[j++] == '-';
    std::int64_t exponent = 0;
    for (; j < number.size(); ++j) {
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (number[j] - '0');
    }
    magnitude += exp_negative ? -exponent : exponent;
  }
  if (magnitude < 300) return NumberFit::fits;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  (void)ptr;
  // from_chars also says result_out_of_range on underflow, which cannot
  // happen with a magnitude of 300 or more: this is an overflow.
  if (ec == std::errc::result_out_of_range || std::isinf(value)) return NumberFit::float_too_big;
  return NumberFit::fits;
}

enum class State {
  top_value,          // the document's value
  array_first,        // after `[`: a value or `]`
  array_next,         // after `,` in an array: a value
  member_value,       // after `:`: a value
  object_first,       // after `{`: a key or `}`
  object_next,        // after `,` in an object: a key
  colon,              // after a key: `:`
  after_value,        // after a value in a container: `,` or the closer
  done,               // after the document's value: end of input
};

struct Frame {
  std::size_t offset;  // of the `{` or `[`
  bool object;
};

bool starts_value(TokenKind k) {
  switch (k) {
    case TokenKind::begin_object:
    case TokenKind::begin_array:
    case TokenKind::string:
    case TokenKind::number:
    case TokenKind::literal_true:
    case TokenKind::literal_false:
    case TokenKind::literal_null: return true;
    default: return false;
  }
}

bool is_closer(TokenKind k) { return k == TokenKind::end_object || k == TokenKind::end_array; }

class Locator {
 public:
  Locator(std::string_view text, SyntaxLimits limits) : text_(text), limits_(limits), lexer_(text) {}

  std::optional<SyntaxError> run();

 private:
  SyntaxError error(const Token& t, std::string message, std::string help = {},
                    SyntaxErrorKind kind = SyntaxErrorKind::syntax) const {
    return SyntaxError{t.offset, t.length, std::move(message), std::move(help), kind};
  }
  SyntaxError lex_error(State state) const;
  SyntaxError end_of_input(State state) const;
  SyntaxError mismatch(const Token& closer) const;
  SyntaxError key_not_string(const Token& t) const;
  std::optional<SyntaxError> check_string() const;
  std::optional<SyntaxError> check_number(const Token& t) const;

  std::string_view text_;
  SyntaxLimits limits_;
  Lexer lexer_;
  std::vector<Frame> stack_;
};

std::string_view opener_text(const Frame& f) { return f.object ? "`{`" : "`[`"; }
std::string_view closer_text(const Frame& f) { return f.object ? "`}`" : "`]`"; }

SyntaxError Locator::lex_error(State state) const {
  const LexError& e = lexer_.error();
  SyntaxError out{e.offset, e.length, e.message, e.help, SyntaxErrorKind::syntax};
  const bool key_expected = state == State::object_first || state == State::object_next;
  const auto first = static_cast<unsigned char>(text_[e.offset]);
  const bool word = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_' || first == '$';
  if (key_expected && word) {
    out.message = "object keys must be strings";
    out.help = fmt::format("put the key in double quotes: \"{}\"", shown(text_.substr(e.offset, e.length)));
  }
  return out;
}

SyntaxError Locator::end_of_input(State state) const {
  const std::size_t end = text_.size();
  if (state == State::top_value) {
    const bool whitespace_only = end != 0;
    return SyntaxError{0, 0, "empty input; expected a JSON value",
                       whitespace_only ? "the input contains only whitespace" : "", SyntaxErrorKind::syntax};
  }
  std::string_view expected;
  switch (state) {
    case State::array_first: expected = "a value or `]`"; break;
    case State::array_next:
    case State::member_value: expected = "a value"; break;
    case State::object_first: expected = "a string key or `}`"; break;
    case State::object_next: expected = "a string key"; break;
    case State::colon: expected = "`:`"; break;
    case State::after_value: expected = stack_.back().object ? "`,` or `}`" : "`,` or `]`"; break;
    case State::top_value:
    case State::done: break;
  }
  const Frame& open = stack_.back();
  std::string help = stack_.size() == 1
                         ? "the file may be truncated"
                         : fmt::format("the file may be truncated; {} brackets are still open", stack_.size());
  SyntaxError out{end, 0, fmt::format("unexpected end of input; expected {}", expected), std::move(help),
                  SyntaxErrorKind::syntax};
  out.related_offset = open.offset;
  out.related_message = fmt::format("the {} opened here is not closed", opener_text(open));
  return out;
}

SyntaxError Locator::mismatch(const Token& closer) const {
  const Frame& open = stack_.back();
  SyntaxError out = error(closer,
                          fmt::format("{} cannot close the {} opened earlier", describe(closer.kind), opener_text(open)),
                          fmt::format("close the {} with {}", open.object ? "object" : "array", closer_text(open)));
  out.related_offset = open.offset;
  out.related_message = fmt::format("the {} opened here", opener_text(open));
  return out;
}

SyntaxError Locator::key_not_string(const Token& t) const {
  std::string help;
  if (t.kind == TokenKind::number || t.kind == TokenKind::literal_true || t.kind == TokenKind::literal_false ||
      t.kind == TokenKind::literal_null) {
    help = fmt::format("put the key in double quotes: \"{}\"", shown(text_.substr(t.offset, t.length)));
  }
  return error(t, "object keys must be strings", std::move(help));
}

std::optional<SyntaxError> Locator::check_string() const {
  const std::size_t at = lexer_.unpaired_surrogate();
  if (at == Lexer::npos) return std::nullopt;
  return SyntaxError{at, 6, fmt::format("unpaired surrogate escape `{}` in string", text_.substr(at, 6)),
                     "a \\uD800-\\uDBFF escape must be directly followed by a \\uDC00-\\uDFFF escape (a UTF-16 "
                     "surrogate pair); alone it is not a character, and ckimport cannot read it: remove it or "
                     "write the intended character",
                     SyntaxErrorKind::unpaired_surrogate};
}

std::optional<SyntaxError> Locator::check_number(const Token& t) const {
  const std::string_view number = text_.substr(t.offset, t.length);
  switch (number_fit(number)) {
    case NumberFit::fits: return std::nullopt;
    case NumberFit::integer_too_big:
      return error(t, fmt::format("number {} is out of range for a 64-bit integer", shown(number)),
                   "integers must be between -9223372036854775808 and 18446744073709551615; "
                   "write bigger values as strings",
                   SyntaxErrorKind::number_out_of_range);
    case NumberFit::float_too_big:
      return error(t, fmt::format("number {} is out of range for a 64-bit float", shown(number)),
                   "the largest 64-bit float is about 1.8e308; write bigger values as strings",
                   SyntaxErrorKind::number_out_of_range);
  }
  return std::nullopt;
}

std::optional<SyntaxError> Locator::run() {
  State state = State::top_value;
  std::size_t last_comma = 0;
  for (;;) {
    const Token t = lexer_.next();
    if (t.kind == TokenKind::error) {
      const LexError& e = lexer_.error();
      const bool comment = text_[e.offset] == '/' && e.length >= 2;
      if (state == State::done && !comment) {
        return SyntaxError{e.offset, e.length, "unexpected data after the JSON value",
                           "a JSON file holds one value; to have several, put them in an array",
                           SyntaxErrorKind::syntax};
      }
      return lex_error(state);
    }
    switch (state) {
      case State::top_value:
      case State::array_first:
      case State::array_next:
      case State::member_value: {
        if (t.kind == TokenKind::end_of_input) return end_of_input(state);
        if (t.kind == TokenKind::begin_object || t.kind == TokenKind::begin_array) {
          if (stack_.size() >= limits_.max_depth) {
            return error(t, fmt::format("nesting deeper than {} levels", limits_.max_depth),
                         fmt::format("ckimport reads at most {} levels of nested objects and arrays",
                                     limits_.max_depth),
                         SyntaxErrorKind::too_deep);
          }
          const bool object = t.kind == TokenKind::begin_object;
          stack_.push_back(Frame{t.offset, object});
          state = object ? State::object_first : State::array_first;
          continue;
        }
        if (starts_value(t.kind)) {
          std::optional<SyntaxError> problem =
              t.kind == TokenKind::string ? check_string() : t.kind == TokenKind::number ? check_number(t) : std::nullopt;
          if (problem) return problem;
          break;  // a complete value
        }
        if (is_closer(t.kind) && state == State::member_value) {
          return error(t, fmt::format("expected a value after `:`, found {}", describe(t.kind)),
                       "write the member's value, e.g. null");
        }
        if (is_closer(t.kind) && state != State::top_value) {
          const bool matches = (t.kind == TokenKind::end_object) == stack_.back().object;
          if (state == State::array_first && matches) {
            stack_.pop_back();
            break;  // `[]`: a complete value
          }
          if (state == State::array_next && matches) {
            return SyntaxError{last_comma, 1, fmt::format("trailing comma before {}", describe(t.kind)),
                               "remove the comma", SyntaxErrorKind::syntax, std::nullopt, {},
                               "remove the trailing comma"};
          }
          return mismatch(t);
        }
        if (state == State::top_value) {
          return error(t, fmt::format("expected a JSON value, found {}", describe(t.kind)));
        }
        if (state == State::array_next && t.kind == TokenKind::comma) {
          return error(t, "expected a value after `,`, found `,`", "remove the extra comma");
        }
        if (state == State::member_value) {
          return error(t, fmt::format("expected a value after `:`, found {}", describe(t.kind)));
        }
        return error(t, fmt::format("expected a value, found {}", describe(t.kind)));
      }
      case State::object_first:
      case State::object_next: {
        if (t.kind == TokenKind::end_of_input) return end_of_input(state);
        if (t.kind == TokenKind::string) {
          if (auto problem = check_string()) return problem;
          state = State::colon;
          continue;
        }
        if (t.kind == TokenKind::end_object) {
          if (state == State::object_next) {
            return SyntaxError{last_comma, 1, "trailing comma before `}`", "remove the comma", SyntaxErrorKind::syntax,
                               std::nullopt, {}, "remove the trailing comma"};
          }
          stack_.pop_back();
          break;  // `{}`: a complete value
        }
        if (t.kind == TokenKind::end_array) return mismatch(t);
        if (starts_value(t.kind)) return key_not_string(t);
        if (state == State::object_next) {
          return error(t, fmt::format("expected a string key after `,`, found {}", describe(t.kind)),
                       t.kind == TokenKind::comma ? "remove the extra comma" : "");
        }
        return error(t, fmt::format("expected a string key or `}}`, found {}", describe(t.kind)));
      }
      case State::colon: {
        if (t.kind == TokenKind::end_of_input) return end_of_input(state);
        if (t.kind == TokenKind::colon) {
          state = State::member_value;
          continue;
        }
        return error(t, "expected `:` after object key",
                     starts_value(t.kind) ? "put a `:` between the key and its value" : "add `:` and a value after the key");
      }
      case State::after_value: {
        const Frame& open = stack_.back();
        if (t.kind == TokenKind::end_of_input) return end_of_input(state);
        if (t.kind == TokenKind::comma) {
          last_comma = t.offset;
          state = open.object ? State::object_next : State::array_next;
          continue;
        }
        if (is_closer(t.kind)) {
          if ((t.kind == TokenKind::end_object) != open.object) return mismatch(t);
          stack_.pop_back();
          break;  // the container is a complete value
        }
        std::string help;
        if (starts_value(t.kind)) help = "add a `,` before it";
        if (t.kind == TokenKind::colon) {
          help = open.object ? "a member has one key and one value; add a `,` between members"
                             : "arrays hold values, not key-value pairs; use an object for keys";
        }
        return error(t, open.object ? "expected `,` or `}` after object member" : "expected `,` or `]` after array element",
                     std::move(help));
      }
      case State::done: {
        if (t.kind == TokenKind::end_of_input) return std::nullopt;
        std::string help = "a JSON file holds one value; to have several, put them in an array";
        if (is_closer(t.kind)) help = fmt::format("remove the extra {}; it has no matching opening bracket", describe(t.kind));
        if (t.kind == TokenKind::comma || t.kind == TokenKind::colon) help.clear();
        return error(t, "unexpected data after the JSON value", std::move(help));
      }
    }
    // A value is complete.
    state = stack_.empty() ? State::done : State::after_value;
  }
}

}  // namespace

std::optional<SyntaxError> find_syntax_error(std::string_view text, SyntaxLimits limits) {
  Locator locator(text, limits);
  return locator.run();
}

}  // namespace ckimport::json
