#include <catch2/catch.hpp>

#include "output/terminal_text.hpp"
#include "output_test_support.hpp"

using namespace ckimport;
using namespace ckimport::output;
using namespace ckimport::output::test;

namespace {

std::string text(std::initializer_list<diag::Diagnostic> diagnostics, const RunSummary& s, bool color = false) {
  RenderOptions options;
  options.color = color;
  return render(Format::text, diagnostics, s, options);
}

diag::Diagnostic error_at(std::string file, std::uint64_t line, std::uint64_t column, std::uint64_t end_column,
                          std::string message) {
  diag::Diagnostic d;
  d.rule = ckimport::diag::RuleId::unknown_field;
  d.message = std::move(message);
  d.location = location(std::move(file), line, column, line, end_column);
  return d;
}

}  // namespace

TEST_CASE("text: excerpt, caret, related location and help", "[output][text]") {
  CHECK(text({unknown_field()}, summary(1, 1)) ==
        "users.json:3:5: error: `display_name` is not a field of a user; did you mean `displayName`? [unknown-field]\n"
        "    3 |     \"display_name\": \"Jane\",\n"
        "      |     ^~~~~~~~~~~~~~\n"
        "      = note: first defined at users.json:12:13\n"
        "      = help: rename the key to `displayName`\n"
        "\n"
        "1 error, 0 warnings in 1 file\n");
}

TEST_CASE("text: colour on wraps the parts in ANSI SGR codes, colour off has none", "[output][text]") {
  CHECK(text({unknown_field()}, summary(1, 1), true) ==
        "\x1b[1musers.json:3:5:\x1b[0m \x1b[1;31merror:\x1b[0m "
        "\x1b[1m`display_name` is not a field of a user; did you mean `displayName`?\x1b[0m [unknown-field]\n"
        "\x1b[34m    3 |\x1b[0m     \"display_name\": \"Jane\",\n"
        "\x1b[34m      |\x1b[0m     \x1b[1;31m^~~~~~~~~~~~~~\x1b[0m\n"
        "      \x1b[34m=\x1b[0m \x1b[1mnote:\x1b[0m first defined at users.json:12:13\n"
        "      \x1b[34m=\x1b[0m \x1b[1mhelp:\x1b[0m rename the key to `displayName`\n"
        "\n"
        "\x1b[1m1 error, 0 warnings in 1 file\x1b[0m\n");

  const std::string plain = text({unknown_field()}, summary(1, 1), false);
  CHECK(plain.find('\x1b') == std::string::npos);
}

TEST_CASE("text: warning and note severities have their own colours", "[output][text]") {
  diag::Diagnostic w = error_at("a.json", 1, 2, 3, "w");
  w.severity = diag::Severity::warning;
  diag::Diagnostic n = error_at("a.json", 1, 2, 3, "n");
  n.severity = diag::Severity::note;
  const std::string out = text({w, n}, summary(1, 0, 1, 1), true);
  CHECK_THAT(out, Catch::Contains("\x1b[1;33mwarning:\x1b[0m"));
  CHECK_THAT(out, Catch::Contains("\x1b[1;36mnote:\x1b[0m"));
}

TEST_CASE("text: a long line cut on both sides keeps the carets under the token", "[output][text]") {
  diag::Diagnostic d = error_at("big.json", 1, 4013, 4019, "unknown key `nmae`");
  //                       0         1
  //                       0123456789012345678
  d.excerpt = excerpt(R"(, {"id": 2, "nmae": "x"}, {"id": 3)", 12, 18, true, true);
  CHECK(text({d}, summary(1, 1)) ==
        "big.json:1:4013: error: unknown key `nmae` [unknown-field]\n"
        "    1 | \u2026, {\"id\": 2, \"nmae\": \"x\"}, {\"id\": 3\u2026\n"
        "      |              ^~~~~~\n"
        "\n"
        "1 error, 0 warnings in 1 file\n");
}

TEST_CASE("text: a token running into the cut-off part is underlined through the marker", "[output][text]") {
  diag::Diagnostic d = error_at("big.json", 1, 90, 300, "string too long");
  d.excerpt = excerpt(R"(: "aaaaaaaa)", 2, 11, true, true);
  CHECK(text({d}, summary(1, 1)) ==
        "big.json:1:90: error: string too long [unknown-field]\n"
        "    1 | \u2026: \"aaaaaaaa\u2026\n"
        "      |    ^~~~~~~~~~\n"
        "\n"
        "1 error, 0 warnings in 1 file\n");
}

TEST_CASE("text: a token that ends exactly where the line is cut is not underlined past it", "[output][text]") {
  diag::Diagnostic d = error_at("big.json", 1, 90, 100, "string too long");
  d.excerpt = excerpt(R"(: "aaaaaaaa")", 2, 12, true, true);
  CHECK(text({d}, summary(1, 1)) ==
        "big.json:1:90: error: string too long [unknown-field]\n"
        "    1 | \u2026: \"aaaaaaaa\"\u2026\n"
        "      |    ^~~~~~~~~~\n"
        "\n"
        "1 error, 0 warnings in 1 file\n");
}

TEST_CASE("text: a token that goes on past the line end gets carets to the end", "[output][text]") {
  diag::Diagnostic d;
  d.rule = ckimport::diag::RuleId::wrong_type;
  d.message = "expected a string, found an object";
  d.location = location("a.json", 7, 14, 10, 4);
  d.excerpt = excerpt(R"(    "name": {)", 12, 13);  // the checker gave only the first byte
  d.excerpt->text += "  ";                         // trailing blanks are part of the line
  CHECK(text({d}, summary(1, 1)) ==
        "a.json:7:14: error: expected a string, found an object [wrong-type]\n"
        "    7 |     \"name\": {  \n"
        "      |             ^~~\n"
        "\n"
        "1 error, 0 warnings in 1 file\n");
}

TEST_CASE("text: an empty range gets one caret, also just past the end of the line", "[output][text]") {
  diag::Diagnostic d = error_at("a.json", 2, 9, 9, "expected `]`, found the end of the file");
  d.rule = ckimport::diag::RuleId::syntax;
  d.excerpt = excerpt(R"(  {"a":1)", 8, 8);
  CHECK(text({d}, summary(1, 1)) ==
        "a.json:2:9: error: expected `]`, found the end of the file [syntax]\n"
        "    2 |   {\"a\":1\n"
        "      |         ^\n"
        "\n"
        "1 error, 0 warnings in 1 file\n");
}

TEST_CASE("text: a tab in the excerpt is shown as one space", "[output][text]") {
  diag::Diagnostic d = error_at("t.json", 2, 8, 14, "unknown key `nmae`");
  d.excerpt = excerpt("\t\t\"a\":\t\"nmae\",", 7, 13);
  CHECK(text({d}, summary(1, 1)) ==
        "t.json:2:8: error: unknown key `nmae` [unknown-field]\n"
        "    2 |   \"a\": \"nmae\",\n"
        "      |        ^~~~~~\n"
        "\n"
        "1 error, 0 warnings in 1 file\n");
}

TEST_CASE("text: carets count code points on a non-ASCII line", "[output][text]") {
  // "Zoë Ünal" with its quotes is 12 bytes and 10 code points.
  const std::string line = "  \"name\": \"Zo\u00eb \u00dcnal\", \"x\": 1";
  diag::Diagnostic after = error_at("u.json", 4, 23, 26, "unknown key `x`");
  after.excerpt = excerpt(line, 24, 27);
  diag::Diagnostic on = error_at("u.json", 4, 11, 21, "name too short");
  on.rule = ckimport::diag::RuleId::invalid_value;
  on.severity = diag::Severity::warning;
  on.excerpt = excerpt(line, 10, 22);
  CHECK(text({after, on}, summary(1, 1, 1)) ==
        "u.json:4:23: error: unknown key `x` [unknown-field]\n"
        "    4 |   \"name\": \"Zo\u00eb \u00dcnal\", \"x\": 1\n"
        "      |                       ^~~\n"
        "\n"
        "u.json:4:11: warning: name too short [invalid-value]\n"
        "    4 |   \"name\": \"Zo\u00eb \u00dcnal\", \"x\": 1\n"
        "      |           ^~~~~~~~~~\n"
        "\n"
        "1 error, 1 warning in 1 file\n");
}

TEST_CASE("text: ANSI escapes and invalid UTF-8 from user data are shown escaped", "[output][text]") {
  diag::Diagnostic d;
  d.rule = ckimport::diag::RuleId::unknown_field;
  d.message = "unknown key `\x1b]0;t\x07` \xc2\x9b" "2J";  // OSC title, BEL, then a C1 CSI
  d.location = location("dir/\x1b[31mred\xff.json", 1, 2, 1, 9);
  d.related.push_back(diag::Related{location("\x1b[2Jother.json", 5, 1, 5, 2), "see \xe2\x82"});
  d.help = "remove \x7f";
  // Bytes: { " ESC ] 0 ; t BEL " : space 1 }; the key is bytes [1, 9).
  d.excerpt = excerpt("{\"\x1b]0;t\x07\": 1}", 1, 9);
  const std::string out = text({d}, summary(1, 1), false);
  CHECK(out ==
        R"(dir/\x1b[31mred\xff.json:1:2: error: unknown key `\x1b]0;t\x07` \u{9b}2J [unknown-field])"
        "\n"
        R"(    1 | {"\x1b]0;t\x07": 1})"
        "\n"
        "      |  ^~~~~~~~~~~~~~\n"
        R"(      = note: see \xe2\x82 at \x1b[2Jother.json:5:1)"
        "\n"
        R"(      = help: remove \x7f)"
        "\n\n"
        "1 error, 0 warnings in 1 file\n");
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find('\x07') == std::string::npos);

  // With colour on, the only escapes are our own SGR codes.
  std::string colored = text({d}, summary(1, 1), true);
  for (const std::string_view code : {"\x1b[0m", "\x1b[1m", "\x1b[1;31m", "\x1b[34m"}) {
    for (std::size_t at = colored.find(code); at != std::string::npos; at = colored.find(code)) {
      colored.erase(at, code.size());
    }
  }
  CHECK(colored.find('\x1b') == std::string::npos);
}

TEST_CASE("text: invisible characters in an excerpt are escaped and the carets still line up", "[output][text]") {
  // {"name": "carl<U+200B>", "x": 1}: the key `x` after it, and the name itself.
  const std::string line = "  {\"name\": \"carl\u200b\", \"x\": 1}";
  diag::Diagnostic after = error_at("u.json", 2, 21, 24, "unknown key `x`");
  after.excerpt = excerpt(line, 22, 25);
  diag::Diagnostic on = error_at("u.json", 2, 12, 19, "username `carl\\u{200b}` differs from `carl`");
  on.excerpt = excerpt(line, 11, 20);
  CHECK(text({after, on}, summary(1, 2)) ==
        "u.json:2:21: error: unknown key `x` [unknown-field]\n"
        "    2 |   {\"name\": \"carl\\u{200b}\", \"x\": 1}\n"
        "      |                            ^~~\n"
        "\n"
        "u.json:2:12: error: username `carl\\u{200b}` differs from `carl` [unknown-field]\n"
        "    2 |   {\"name\": \"carl\\u{200b}\", \"x\": 1}\n"
        "      |            ^~~~~~~~~~~~~~\n"
        "\n"
        "2 errors, 0 warnings in 1 file\n");
  // A raw one in a message is escaped too (a value quoted without diag::shown).
  diag::Diagnostic raw = error_at("u.json", 1, 1, 2, "`a\u00a0b`");
  CHECK_THAT(text({raw}, summary(1, 1)), Catch::StartsWith("u.json:1:1: error: `a\\u{00a0}b` [unknown-field]\n"));
}

TEST_CASE("text: the summary counts bundles when there are several", "[output][text]") {
  auto two = summary(7, 1, 2);
  two.bundles = 2;
  CHECK(output::detail::summary_text(two) == "1 error, 2 warnings in 7 files of 2 bundles");
  auto one = summary(3, 0);
  one.bundles = 1;
  CHECK(output::detail::summary_text(one) == "no problems in 3 files");
}

TEST_CASE("text: a CR left at the end of a CRLF line is not shown", "[output][text]") {
  diag::Diagnostic d = error_at("w.json", 1, 2, 5, "m");
  d.excerpt = excerpt("[1,2]\r", 1, 4);
  CHECK(text({d}, summary(1, 1)) ==
        "w.json:1:2: error: m [unknown-field]\n"
        "    1 | [1,2]\n"
        "      |  ^~~\n"
        "\n"
        "1 error, 0 warnings in 1 file\n");
}

TEST_CASE("text: the gutter widens for long line numbers; no excerpt means no gutter lines", "[output][text]") {
  diag::Diagnostic d = error_at("a.json", 123456, 3, 4, "m");
  d.excerpt = excerpt("ab", 0, 1);
  d.help = "h";
  diag::Diagnostic bare = error_at("b.json", 2, 3, 4, "bare");
  bare.related.push_back(diag::Related{location("a.json", 1, 1, 1, 2), ""});
  CHECK(text({d, bare}, summary(2, 2)) ==
        "a.json:123456:3: error: m [unknown-field]\n"
        " 123456 | ab\n"
        "        | ^\n"
        "        = help: h\n"
        "\n"
        "b.json:2:3: error: bare [unknown-field]\n"
        "      = note: at a.json:1:1\n"
        "\n"
        "2 errors, 0 warnings in 2 files\n");
}

TEST_CASE("text: summary line forms", "[output][text]") {
  CHECK(text({}, summary(3, 0)) == "no problems in 3 files\n");
  CHECK(text({}, summary(1, 0)) == "no problems in 1 file\n");
  CHECK(text({}, summary(0, 0)) == "no problems in 0 files\n");
  CHECK(output::detail::summary_text(summary(1, 1, 1)) == "1 error, 1 warning in 1 file");
  CHECK(output::detail::summary_text(summary(2, 2, 3)) == "2 errors, 3 warnings in 2 files");
  CHECK(output::detail::summary_text(summary(2, 0, 0, 1)) == "0 errors, 0 warnings, 1 note in 2 files");
  CHECK(output::detail::summary_text(summary(4, 5, 0, 2, 7)) ==
        "5 errors, 0 warnings, 2 notes in 4 files (7 more not shown)");
  // --quiet: hidden warnings are counted; never "no problems".
  auto quiet = summary(1, 0, 2, 1, 3);
  quiet.hidden = 3;
  quiet.hidden_notes = 1;
  CHECK(output::detail::summary_text(quiet) ==
        "0 errors, 2 warnings, 1 note in 1 file (2 warnings, 1 note hidden by --quiet)");
  auto both = summary(1, 6, 2, 0, 7);
  both.hidden = 2;
  CHECK(output::detail::summary_text(both) ==
        "6 errors, 2 warnings in 1 file (5 more not shown; 2 warnings hidden by --quiet)");
  // Exit status 1 with no error says which option made it.
  auto strict = summary(1, 0, 2);
  strict.failed_by = "--strict fails the run on warnings";
  CHECK(output::detail::summary_text(strict) ==
        "0 errors, 2 warnings in 1 file; exit status 1: --strict fails the run on warnings");
}

TEST_CASE("text: columns of 0 from a buggy producer are shown as 1", "[output][text]") {
  diag::Diagnostic d = error_at("a.json", 0, 0, 0, "m");
  CHECK_THAT(text({d}, summary(1, 1)), Catch::StartsWith("a.json:1:1: error: m [unknown-field]\n"));
}

TEST_CASE("sanitize: what is escaped and what is copied", "[output][text]") {
  using output::detail::sanitize;
  using output::detail::Whitespace;
  CHECK(sanitize("plain ASCII `ok`") == "plain ASCII `ok`");
  CHECK(sanitize("caf\u00e9 \u65e5\u672c \U0001F600") == "caf\u00e9 \u65e5\u672c \U0001F600");
  CHECK(sanitize(std::string_view("a\0b", 3)) == R"(a\x00b)");
  CHECK(sanitize("\t\n\r\x1b\x7f") == R"(\x09\x0a\x0d\x1b\x7f)");
  CHECK(sanitize("\t\n\r\x1b", Whitespace::keep) == "\t\n\r\\x1b");
  CHECK(sanitize("\t\n", Whitespace::tab_as_space) == R"( \x0a)");
  CHECK(sanitize("\xc2\x85|\xc2\x9f|\xc2\xa0") == R"(\u{85}|\u{9f}|\u{00a0})");          // C1, then NBSP
  // Invisible and format characters, and spaces other than U+0020, as names
  // are quoted in messages (issue 16); a variation selector and a combining
  // mark are visible parts of what they follow.
  CHECK(sanitize("carl\u200b|\u00ad|\ufeff|\u2060|\u200d|\u3000|\u202f|\U000E0041") ==
        R"(carl\u{200b}|\u{00ad}|\u{feff}|\u{2060}|\u{200d}|\u{3000}|\u{202f}|\u{e0041})");
  CHECK(sanitize("\u2764\ufe0f e\u0301") == "\u2764\ufe0f e\u0301");
  CHECK(sanitize("a\u00a0b", Whitespace::keep) == R"(a\u{00a0}b)");
  CHECK(sanitize("a\u00a0b", Whitespace::tab_as_space) == R"(a\u{00a0}b)");
  CHECK(sanitize("a\u202eb\u2066c\u2028d") == R"(a\u{202e}b\u{2066}c\u{2028}d)");      // bidi, line separator
  CHECK(sanitize("\xff\xfe") == R"(\xff\xfe)");                                     // never valid
  CHECK(sanitize("\xe2\x82x") == R"(\xe2\x82x)");                                   // truncated sequence
  CHECK(sanitize("\xc0\x80") == R"(\xc0\x80)");                                     // overlong NUL
  CHECK(sanitize("\xed\xa0\x80") == R"(\xed\xa0\x80)");                             // surrogate
  CHECK(sanitize("\xf4\x90\x80\x80") == R"(\xf4\x90\x80\x80)");                     // above U+10FFFF
  CHECK(sanitize("\xf0\x9f\x98") == R"(\xf0\x9f\x98)");                             // cut emoji

  const auto units = output::detail::shown_units("a\xc3\xa9\x1b", Whitespace::escape);
  REQUIRE(units.size() == 3);
  CHECK(units[1].byte_begin == 1);
  CHECK(units[1].cells == 1);
  CHECK(units[2].byte_begin == 3);
  CHECK(units[2].text == R"(\x1b)");
  CHECK(units[2].cells == 4);
}

TEST_CASE("shown_units counts terminal cells: wide characters two, combining marks none",
          "[output]") {
  const auto cells = [](std::string_view text) {
    std::vector<std::size_t> out;
    for (const auto& unit : output::detail::shown_units(text, output::detail::Whitespace::escape)) out.push_back(unit.cells);
    return out;
  };
  using Cells = std::vector<std::size_t>;
  CHECK(cells("a\xe6\x97\xa5\xea\xb0\x80") == Cells{1, 2, 2});           // a, CJK 日, Hangul 가
  CHECK(cells("\xf0\x9f\x98\x80\xef\xbc\xa1") == Cells{2, 2});           // emoji 😀, full-width Ａ
  CHECK(cells("e\xcc\x81\xe2\x80\x8b\xef\xbb\xbf") == Cells{1, 0, 8, 8});  // e + combining acute, ZWSP and BOM escaped
  CHECK(cells("\xc3\xa9\xce\xa9\xd0\x96") == Cells{1, 1, 1});            // é, Ω, Ж: one each
}

TEST_CASE("parse_format knows the four formats", "[output]") {
  CHECK(parse_format("text") == Format::text);
  CHECK(parse_format("json") == Format::json);
  CHECK(parse_format("sarif") == Format::sarif);
  CHECK(parse_format("github") == Format::github);
  CHECK_FALSE(parse_format("JSON").has_value());
  CHECK_FALSE(parse_format("").has_value());
  for (const Format f : {Format::text, Format::json, Format::sarif, Format::github}) {
    CHECK(parse_format(to_string(f)) == f);
  }
}

TEST_CASE("text: folded repeats are one line after the last shown of their kind", "[output][text]") {
  std::ostringstream out;
  auto renderer = make_renderer(Format::text, out, {});
  diag::Diagnostic a;
  a.rule = diag::RuleId::unknown_field;
  a.message = "`x` is not a field";
  a.location = location("u.json", 1, 1, 1, 2);
  diag::Diagnostic b = a;
  b.message = "`y` is not a field";
  b.location = location("u.json", 5, 1, 5, 2);
  diag::Diagnostic other_file = a;
  other_file.location = location("v.json", 1, 1, 1, 2);
  renderer->begin();
  renderer->diagnostic(a);
  renderer->folded(a);
  renderer->folded(a);
  renderer->diagnostic(b);
  renderer->diagnostic(other_file);
  RunSummary s = summary(2, 5);
  s.rules = {{diag::RuleId::unknown_field, 5, 2, 0, 0}};
  renderer->end(s);
  CHECK(out.str() ==
        "u.json:1:1: error: `x` is not a field [unknown-field]\n"
        "\n"
        "\u2026 and 2 more like this in u.json [unknown-field]\n"
        "\n"
        "u.json:5:1: error: `y` is not a field [unknown-field]\n"
        "\n"
        "v.json:1:1: error: `x` is not a field [unknown-field]\n"
        "\n"
        "5 errors, 0 warnings in 2 files\n"
        "\n"
        "count  rule           files  fixable\n"
        "    5  unknown-field      2\n");
}

TEST_CASE("text: --statistics prints only the table, most first, counts with thousands separators",
          "[output][text]") {
  RenderOptions options;
  options.statistics_only = true;
  RunSummary s = summary(3, 20003);
  s.rules = {{diag::RuleId::unknown_user, 20000, 1, 0, 0}, {diag::RuleId::unknown_field, 3, 2, 2, 1}};
  CHECK(render(Format::text, {unknown_field()}, s, options) ==
        " count  rule           files  fixable\n"
        "20,000  unknown-user       1\n"
        "     3  unknown-field      2  2 + 1 unsafe\n");
  CHECK(render(Format::text, {}, summary(3, 0), options) == "no problems in 3 files\n");
}

TEST_CASE("text: a fold whose shown ones were written already gets its own line", "[output][text]") {
  std::ostringstream out;
  auto renderer = make_renderer(Format::text, out, {});
  diag::Diagnostic a;
  a.rule = diag::RuleId::unknown_field;
  a.message = "`x` is not a field";
  a.location = location("u.json", 1, 1, 1, 2);
  diag::Diagnostic b = a;
  b.location = location("v.json", 1, 1, 1, 2);
  renderer->begin();
  renderer->diagnostic(a);
  renderer->diagnostic(b);  // u.json is written
  renderer->folded(a);
  renderer->end(summary(2, 3));
  CHECK(out.str() ==
        "u.json:1:1: error: `x` is not a field [unknown-field]\n"
        "\n"
        "v.json:1:1: error: `x` is not a field [unknown-field]\n"
        "\n"
        "\u2026 and 1 more like this in u.json [unknown-field]\n"
        "\n"
        "3 errors, 0 warnings in 2 files\n");
}
