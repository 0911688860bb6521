#include "json/lexer.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

using ckimport::json::decode_string;
using ckimport::json::Lexer;
using ckimport::json::LexError;
using ckimport::json::Token;
using ckimport::json::TokenKind;

namespace {

// All tokens up to and including end_of_input or the first error.
std::vector<Token> lex_all(std::string_view text) {
  Lexer lexer(text);
  std::vector<Token> tokens;
  for (;;) {
    tokens.push_back(lexer.next());
    if (tokens.back().kind == TokenKind::end_of_input || tokens.back().kind == TokenKind::error) return tokens;
  }
}

// The first lexical error in `text` (fails the test when there is none).
LexError first_error(std::string_view text) {
  Lexer lexer(text);
  for (;;) {
    const Token t = lexer.next();
    if (t.kind == TokenKind::error) {
      CHECK(t.offset == lexer.error().offset);
      CHECK(t.length == lexer.error().length);
      return lexer.error();
    }
    if (t.kind == TokenKind::end_of_input) {
      FAIL("no lexical error in the text");
      return {};
    }
  }
}

bool valid_utf8(std::string_view s) {
  // Lexing the text inside a string literal validates it (after escaping
  // what JSON strings do not allow raw).
  std::string quoted = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  quoted += '"';
  Lexer lexer(quoted);
  return lexer.next().kind == TokenKind::string;
}

// Messages are lowercase sentences without a final period, valid UTF-8.
void check_style(const LexError& e) {
  INFO("message: " << e.message);
  REQUIRE_FALSE(e.message.empty());
  CHECK_FALSE((e.message.front() >= 'A' && e.message.front() <= 'Z'));
  CHECK(e.message.back() != '.');
  CHECK(valid_utf8(e.message));
  CHECK(valid_utf8(e.help));
  CHECK(e.length >= 1);
}

}  // namespace

TEST_CASE("lexer: tokens of a valid document, with exact offsets and lengths", "[json][lexer]") {
  const std::string_view text = " {\"a\": [1, -2.5e3, true, false, null], \"b\\\"\": {}}\n";
  const std::vector<Token> tokens = lex_all(text);
  const std::vector<std::pair<TokenKind, std::string_view>> expected = {
      {TokenKind::begin_object, "{"}, {TokenKind::string, "\"a\""},  {TokenKind::colon, ":"},
      {TokenKind::begin_array, "["},  {TokenKind::number, "1"},      {TokenKind::comma, ","},
      {TokenKind::number, "-2.5e3"},  {TokenKind::comma, ","},       {TokenKind::literal_true, "true"},
      {TokenKind::comma, ","},        {TokenKind::literal_false, "false"}, {TokenKind::comma, ","},
      {TokenKind::literal_null, "null"}, {TokenKind::end_array, "]"}, {TokenKind::comma, ","},
      {TokenKind::string, "\"b\\\"\""}, {TokenKind::colon, ":"},     {TokenKind::begin_object, "{"},
      {TokenKind::end_object, "}"},   {TokenKind::end_object, "}"},  {TokenKind::end_of_input, ""},
  };
  REQUIRE(tokens.size() == expected.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    INFO("token " << i);
    CHECK(tokens[i].kind == expected[i].first);
    CHECK(text.substr(tokens[i].offset, tokens[i].length) == expected[i].second);
  }
  CHECK(tokens[0].offset == 1);
  CHECK(tokens[1].offset == 2);
  CHECK(tokens[1].length == 3);
  CHECK(tokens.back().offset == text.size());
  CHECK(tokens.back().length == 0);
}

TEST_CASE("lexer: position, start offset, text(), sticky end and error", "[json][lexer]") {
  const std::string_view text = "[ \"x\" ,\t12 ]";
  Lexer lexer(text, 1);
  CHECK(lexer.position() == 1);
  const Token s = lexer.next();
  CHECK(s.kind == TokenKind::string);
  CHECK(s.offset == 2);
  CHECK(lexer.position() == 5);
  CHECK(lexer.text(s) == "\"x\"");
  CHECK(lexer.next().kind == TokenKind::comma);
  const Token n = lexer.next();
  CHECK(n.kind == TokenKind::number);
  CHECK(lexer.text(n) == "12");
  CHECK(lexer.position() == 10);
  CHECK(lexer.next().kind == TokenKind::end_array);
  CHECK(lexer.next().kind == TokenKind::end_of_input);
  CHECK(lexer.next().kind == TokenKind::end_of_input);
  CHECK(lexer.position() == text.size());

  Lexer past_end(text, 1000);
  CHECK(past_end.next().kind == TokenKind::end_of_input);

  Lexer bad("[tru, 1]");
  CHECK(bad.next().kind == TokenKind::begin_array);
  const Token e1 = bad.next();
  CHECK(e1.kind == TokenKind::error);
  CHECK(bad.position() == 4);
  const Token e2 = bad.next();
  CHECK(e2.kind == TokenKind::error);
  CHECK(e2.offset == e1.offset);
  CHECK(bad.error().message == "incomplete literal `tru`");
}

TEST_CASE("lexer: whitespace is space, tab, line feed and carriage return only", "[json][lexer]") {
  const auto tokens = lex_all(" \t\r\n1 \r\n");
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].kind == TokenKind::number);
  CHECK(tokens[0].offset == 4);

  const LexError ff = first_error("[\f1]");
  CHECK(ff.offset == 1);
  CHECK(ff.length == 1);
  CHECK(ff.message == "unexpected control character U+000C");
  CHECK_THAT(ff.help, Catch::Contains("JSON whitespace"));

  const LexError nbsp = first_error("[\xC2\xA0" "1]");
  CHECK(nbsp.offset == 1);
  CHECK(nbsp.length == 2);
  CHECK(nbsp.message == "unexpected Unicode space U+00A0");

  const LexError nul = first_error(std::string_view("\0{", 2));
  CHECK(nul.offset == 0);
  CHECK(nul.message == "unexpected control character U+0000");
  CHECK_THAT(nul.help, Catch::Contains("UTF-16"));
}

TEST_CASE("lexer: strings", "[json][lexer]") {
  SECTION("all escapes are accepted and the token spans both quotes") {
    const std::string_view text = R"("\" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00 \u0000")";
    Lexer lexer(text);
    const Token t = lexer.next();
    CHECK(t.kind == TokenKind::string);
    CHECK(t.offset == 0);
    CHECK(t.length == text.size());
    CHECK(lexer.unpaired_surrogate() == Lexer::npos);
  }
  SECTION("raw UTF-8 of every length, U+FFFF and U+10FFFF are accepted") {
    const std::string_view text = "\"a \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF \x7F\"";
    const auto tokens = lex_all(text);
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].kind == TokenKind::string);
    CHECK(tokens[0].length == text.size());
  }
  SECTION("a lone surrogate escape is lexically valid but reported by unpaired_surrogate()") {
    Lexer lexer(R"(["ok", "ab\ud800", "\udc00\ud800", "\ud83d\ude00"])");
    CHECK(lexer.next().kind == TokenKind::begin_array);
    CHECK(lexer.next().kind == TokenKind::string);
    CHECK(lexer.unpaired_surrogate() == Lexer::npos);
    CHECK(lexer.next().kind == TokenKind::comma);
    CHECK(lexer.next().kind == TokenKind::string);
    CHECK(lexer.unpaired_surrogate() == 10);
    CHECK(lexer.next().kind == TokenKind::comma);
    CHECK(lexer.next().kind == TokenKind::string);
    CHECK(lexer.unpaired_surrogate() == 20);  // a low surrogate first: unpaired
    CHECK(lexer.next().kind == TokenKind::comma);
    CHECK(lexer.next().kind == TokenKind::string);
    CHECK(lexer.unpaired_surrogate() == Lexer::npos);
  }
  SECTION("invalid escape \\x") {
    const LexError e = first_error(R"(["\x41"])");
    CHECK(e.offset == 2);
    CHECK(e.length == 2);
    CHECK(e.message == "invalid escape `\\x` in string");
    CHECK_THAT(e.help, Catch::Contains("\\u0041"));
    check_style(e);
  }
  SECTION("other invalid escapes") {
    CHECK(first_error(R"("\a")").message == "invalid escape `\\a` in string");
    CHECK(first_error(R"("\U0041")").message == "invalid escape `\\U` in string");
    CHECK(first_error(R"("\')").message == "invalid escape `\\'` in string");
    const LexError tab = first_error("\"\\\t\"");
    CHECK(tab.offset == 1);
    CHECK(tab.message == "invalid escape: `\\` followed by control character U+0009");
    const LexError bad_byte = first_error("\"\\\xFF\"");
    CHECK(bad_byte.message == "invalid escape: `\\` followed by byte 0xFF");
    CHECK(valid_utf8(bad_byte.message));
    const LexError emoji = first_error("\"\\\xF0\x9F\x98\x80\"");
    CHECK(emoji.length == 5);
  }
  SECTION("\\u needs exactly 4 hex digits") {
    const LexError e = first_error(R"("ab\u12G4")");
    CHECK(e.offset == 3);
    CHECK(e.length == 4);
    CHECK(e.message == "invalid unicode escape `\\u12`: expected 4 hex digits after \\u");
    check_style(e);
    const LexError short_escape = first_error(R"("\u00A")");
    CHECK(short_escape.offset == 1);
    CHECK(short_escape.length == 5);
  }
  SECTION("raw control characters") {
    const LexError lf = first_error("{\"a\": \"line\nbreak\"}");
    CHECK(lf.offset == 11);
    CHECK(lf.length == 1);
    CHECK(lf.message == "control character U+000A in string; escape it as \\n");
    CHECK_THAT(lf.help, Catch::Contains("closing"));
    check_style(lf);
    CHECK(first_error("\"a\tb\"").message == "control character U+0009 in string; escape it as \\t");
    CHECK(first_error("\"\r\"").message == "control character U+000D in string; escape it as \\r");
    CHECK(first_error("\"\x01\"").message == "control character U+0001 in string; escape it as \\u0001");
    const LexError nul = first_error(std::string_view("\"a\0\"", 4));
    CHECK(nul.offset == 2);
    CHECK(nul.message == "control character U+0000 in string; escape it as \\u0000");
  }
  SECTION("unterminated strings are reported at the opening quote") {
    for (const std::string_view text : {R"(["abc)", R"(["abc\)", R"(["abc\u12)", R"(["abc\")", R"([")"}) {
      INFO(text);
      const LexError e = first_error(text);
      CHECK(e.offset == 1);
      CHECK(e.length == 1);
      CHECK(e.message == "unterminated string");
      check_style(e);
    }
  }
  SECTION("the 8-byte fast scan finds a special byte at every position") {
    for (std::size_t len = 0; len < 40; ++len) {
      for (std::size_t at = 0; at < len; ++at) {
        for (const char special : {'\n', '\x1F', '\\', '"'}) {
          std::string text = "\"" + std::string(len, 'a') + "\"";
          text[1 + at] = special;
          Lexer lexer(text);
          const Token t = lexer.next();
          INFO("len " << len << " at " << at << " byte " << static_cast<int>(special));
          if (special == '"') {
            CHECK(t.kind == TokenKind::string);
            CHECK(t.length == at + 2);
          } else if (special == '\\') {
            CHECK(t.kind == TokenKind::error);  // `\a` or `\"` then unterminated
          } else {
            REQUIRE(t.kind == TokenKind::error);
            CHECK(t.offset == 1 + at);
          }
        }
      }
      std::string ok = "\"" + std::string(len, 'x') + "\"";
      const auto tokens = lex_all(ok);
      CHECK(tokens[0].kind == TokenKind::string);
      CHECK(tokens[0].length == len + 2);
    }
  }
}

TEST_CASE("lexer: invalid UTF-8 is reported at the first byte of the bad sequence", "[json][lexer]") {
  struct Case {
    std::string_view text;
    std::size_t offset;
    std::size_t length;
    std::string_view message;
  };
  const Case cases[] = {
      {"\"ab\xC0\xAF\"", 3, 2, "invalid UTF-8: overlong encoding (bytes 0xC0 0xAF)"},
      {"\"\xE0\x80\x80\"", 1, 3, "invalid UTF-8: overlong encoding (bytes 0xE0 0x80 0x80)"},
      {"\"\xF0\x80\x80\x80\"", 1, 4, "invalid UTF-8: overlong encoding (bytes 0xF0 0x80 0x80 0x80)"},
      {"\"\xED\xA0\x80\"", 1, 3, "invalid UTF-8: UTF-16 surrogate encoded in UTF-8 (bytes 0xED 0xA0 0x80)"},
      {"\"\xF4\x90\x80\x80\"", 1, 4, "invalid UTF-8: code point above U+10FFFF (bytes 0xF4 0x90 0x80 0x80)"},
      {"\"\xF5\x80\x80\x80\"", 1, 1, "invalid UTF-8: byte that never appears in UTF-8 (byte 0xF5)"},
      {"\"\xE2\x82\"", 1, 2, "invalid UTF-8: truncated sequence (bytes 0xE2 0x82)"},
      {"\"\xE2\x82", 1, 2, "invalid UTF-8: truncated sequence (bytes 0xE2 0x82)"},
      {"\"\xC3", 1, 1, "invalid UTF-8: truncated sequence (byte 0xC3)"},
      {"\"caf\xE9\"", 4, 1, "invalid UTF-8: truncated sequence (byte 0xE9)"},  // Latin-1 é
      {"\"\x80\"", 1, 1, "invalid UTF-8: stray continuation byte (byte 0x80)"},
      {"\"\xC3\xA9\xA9\"", 3, 1, "invalid UTF-8: stray continuation byte (byte 0xA9)"},
      {"\"\xFF\"", 1, 1, "invalid UTF-8: byte that never appears in UTF-8 (byte 0xFF)"},
      // outside strings
      {"[\xC0\xAF]", 1, 2, "invalid UTF-8: overlong encoding (bytes 0xC0 0xAF)"},
      {"[1, \x80]", 4, 1, "invalid UTF-8: stray continuation byte (byte 0x80)"},
      {"\xE5", 0, 1, "invalid UTF-8: truncated sequence (byte 0xE5)"},
  };
  for (const Case& c : cases) {
    INFO(c.message);
    const LexError e = first_error(c.text);
    CHECK(e.offset == c.offset);
    CHECK(e.length == c.length);
    CHECK(e.message == c.message);
    CHECK_THAT(e.help, Catch::Contains("UTF-8"));
    check_style(e);
  }
  const LexError utf16 = first_error("\xFF\xFE{\0}\0");
  CHECK(utf16.offset == 0);
  CHECK_THAT(utf16.help, Catch::Contains("UTF-16"));
}

TEST_CASE("lexer: numbers follow the grammar exactly", "[json][lexer]") {
  for (const std::string_view number :
       {"0", "-0", "1", "-1", "10", "1.5", "-0.0", "0e0", "1e5", "1E+5", "1e-5", "123.456e-789", "-0.0E-0",
        "18446744073709551616", "1e400"}) {
    INFO(number);
    const auto tokens = lex_all(number);
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].kind == TokenKind::number);
    CHECK(tokens[0].length == number.size());
  }
  struct Case {
    std::string_view text;
    std::size_t offset;
    std::size_t length;
    std::string_view message;
  };
  const Case cases[] = {
      {"[01]", 1, 2, "leading zero in number `01`"},
      {"[-012]", 1, 4, "leading zero in number `-012`"},
      {"[00]", 1, 2, "leading zero in number `00`"},
      {"[-]", 1, 1, "number `-` has no digits after the minus sign"},
      {"[- 1]", 1, 1, "number `-` has no digits after the minus sign"},
      {"[1.]", 1, 2, "number `1.` has no digits after the decimal point"},
      {"[2.e3]", 1, 4, "number `2.e3` has no digits after the decimal point"},
      {"[.5]", 1, 2, "number `.5` has no digit before the decimal point"},
      {"[-.5]", 1, 3, "number `-.5` has no digit before the decimal point"},
      {"[1e]", 1, 2, "number `1e` has no digits in its exponent"},
      {"[1E+]", 1, 3, "number `1E+` has no digits in its exponent"},
      {"[+1]", 1, 2, "numbers cannot start with `+`"},
      {"[0x1F]", 1, 4, "hexadecimal number `0x1F` is not valid JSON"},
      {"[1.5.3]", 1, 5, "invalid number `1.5.3`"},
      {"[12px]", 1, 4, "invalid number `12px`"},
      {"[1_000]", 1, 5, "invalid number `1_000`"},
      {"[-Infinity]", 1, 9, "`-Infinity` is not valid JSON; use null or a string"},
      {"[+Infinity]", 1, 9, "`+Infinity` is not valid JSON; use null or a string"},
      {"[-NaN]", 1, 4, "`-NaN` is not valid JSON; use null or a string"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const LexError e = first_error(c.text);
    CHECK(e.offset == c.offset);
    CHECK(e.length == c.length);
    CHECK(e.message == c.message);
    check_style(e);
  }
  CHECK(first_error("0x1F").help == "write the number in decimal: 31");
  CHECK(first_error("+1").help == "remove the `+`");
  const LexError long_number = first_error("0" + std::string(100, '1'));
  CHECK(long_number.length == 101);
  CHECK_THAT(long_number.message, Catch::Contains("\u2026"));
  CHECK(long_number.message.size() < 80);
}

TEST_CASE("lexer: literals are exact", "[json][lexer]") {
  struct Case {
    std::string_view text;
    std::size_t length;
    std::string_view message;
    std::string_view help;
  };
  const Case cases[] = {
      {"tru", 3, "incomplete literal `tru`", "write `true`"},
      {"nul", 3, "incomplete literal `nul`", "write `null`"},
      {"f", 1, "incomplete literal `f`", "write `false`"},
      {"True", 4, "`True` is not valid JSON; literals are lowercase", "write `true`"},
      {"NULL", 4, "`NULL` is not valid JSON; literals are lowercase", "write `null`"},
      {"NaN", 3, "`NaN` is not valid JSON; use null or a string", ""},
      {"Infinity", 8, "`Infinity` is not valid JSON; use null or a string", ""},
      {"None", 4, "`None` is not valid JSON; use null", "write `null`"},
      {"undefined", 9, "`undefined` is not valid JSON; use null", "write `null`"},
      {"truex", 5, "unquoted text `truex` is not valid JSON", ""},
      {"hello", 5, "unquoted text `hello` is not valid JSON", ""},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const LexError e = first_error(c.text);
    CHECK(e.offset == 0);
    CHECK(e.length == c.length);
    CHECK(e.message == c.message);
    if (!c.help.empty()) CHECK(e.help == c.help);
    check_style(e);
  }
  const auto tokens = lex_all("true false null");
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[0].kind == TokenKind::literal_true);
  CHECK(tokens[1].kind == TokenKind::literal_false);
  CHECK(tokens[2].kind == TokenKind::literal_null);
  CHECK(tokens[2].offset == 11);
  CHECK(tokens[2].length == 4);
}

TEST_CASE("lexer: comments, single quotes and other strangers", "[json][lexer]") {
  const LexError line = first_error("{\"a\": 1 // note\n}");
  CHECK(line.offset == 8);
  CHECK(line.length == 7);
  CHECK(line.message == "comments are not allowed in JSON");
  CHECK(line.help == "remove the comment");
  check_style(line);

  const LexError block = first_error("[/* a */ 1]");
  CHECK(block.offset == 1);
  CHECK(block.length == 7);
  CHECK(block.message == "comments are not allowed in JSON");
  const LexError open_block = first_error("[1, /* a");
  CHECK(open_block.offset == 4);
  CHECK(open_block.length == 4);
  CHECK(first_error("/**/").length == 4);

  const LexError single = first_error("{'key': 1}");
  CHECK(single.offset == 1);
  CHECK(single.length == 5);
  CHECK(single.message == "strings must use double quotes");
  CHECK(single.help == "replace the single quotes with double quotes");
  CHECK(first_error("['abc\n']").length == 1);

  const LexError star = first_error("[*]");
  CHECK(star.message == "unexpected character `*`");
  CHECK(first_error("[1;2]").message == "unexpected character `;`");
  CHECK(first_error("[1;2]").help == "separate items with `,`");
  CHECK(first_error("[`a`]").message == "unexpected backtick");
  const LexError e_acute = first_error("[\xC3\xA9]");
  CHECK(e_acute.length == 2);
  CHECK(e_acute.message == "unexpected character `\xC3\xA9` (U+00E9)");
  const LexError curly = first_error("[\xE2\x80\x9C" "a\xE2\x80\x9D]");
  CHECK(curly.offset == 1);
  CHECK(curly.length == 3);
  CHECK_THAT(curly.message, Catch::StartsWith("unexpected typographic quote"));
  const LexError joiner = first_error("[\xE2\x81\xA0]");
  CHECK(joiner.message == "unexpected invisible character U+2060");
}

TEST_CASE("lexer: a byte order mark is not whitespace", "[json][lexer]") {
  const LexError bom = first_error("\xEF\xBB\xBF{}");
  CHECK(bom.offset == 0);
  CHECK(bom.length == 3);
  CHECK(bom.message == "unexpected byte order mark (U+FEFF)");
  check_style(bom);
}

TEST_CASE("lexer: decode_string", "[json][lexer]") {
  auto decoded = [](std::string_view token_text) {
    std::string out;
    decode_string(token_text, out);
    return out;
  };
  CHECK(decoded(R"("plain")") == "plain");
  CHECK(decoded(R"("")").empty());
  CHECK(decoded(R"("a\"b\\c\/d\b\f\n\r\t")") == "a\"b\\c/d\b\f\n\r\t");
  CHECK(decoded(R"("\u00e9\u20AC\ud83d\ude00")") == "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  CHECK(decoded(R"("x\ud800y")") == "x\xEF\xBF\xBDy");
  CHECK(decoded(R"("\u0000")") == std::string(1, '\0'));
  CHECK(decoded("\"caf\xC3\xA9\"") == "caf\xC3\xA9");
}
