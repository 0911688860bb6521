#include <catch2/catch.hpp>

#include "output_test_support.hpp"

using namespace ckimport;
using namespace ckimport::output;
using namespace ckimport::output::test;

namespace {

std::string github(std::initializer_list<diag::Diagnostic> diagnostics, const RunSummary& s,
                   std::string base_dir = "") {
  RenderOptions options;
  options.base_dir = std::move(base_dir);
  return render(Format::github, diagnostics, s, options);
}

}  // namespace

TEST_CASE("github: one workflow command per diagnostic, related and help after %0A", "[output][github]") {
  CHECK(github({unknown_field()}, summary(1, 1)) ==
        "::error file=users.json,line=3,col=5,endLine=3,endColumn=19,title=unknown-field::"
        "`display_name` is not a field of a user; did you mean `displayName`?"
        "%0Anote: first defined at users.json:12:13"
        "%0Ahelp: rename the key to `displayName`\n"
        "ckimport: 1 error, 0 warnings in 1 file\n");
}

TEST_CASE("github: warning and notice commands; no columns on a multi-line range", "[output][github]") {
  diag::Diagnostic w;
  w.rule = ckimport::diag::RuleId::duplicate_idempotency_key;
  w.severity = diag::Severity::warning;
  w.message = "id `7` is used twice";
  w.location = location("a.json", 2, 3, 2, 6);
  diag::Diagnostic n;
  n.rule = ckimport::diag::RuleId::unmatched_file;
  n.severity = diag::Severity::note;
  n.message = "object spans lines";
  n.location = location("a.json", 4, 5, 9, 2);
  n.related.push_back(diag::Related{location("b.json", 1, 1, 1, 2), ""});
  CHECK(github({w, n}, summary(2, 0, 1, 1)) ==
        "::warning file=a.json,line=2,col=3,endLine=2,endColumn=6,title=duplicate-idempotency-key::id `7` is used twice\n"
        "::notice file=a.json,line=4,endLine=9,title=unmatched-file::object spans lines%0Anote: at b.json:1:1\n"
        "ckimport: 0 errors, 1 warning, 1 note in 2 files\n");
}

TEST_CASE("github: escaping of %, :, , CR and LF in properties and message", "[output][github]") {
  diag::Diagnostic d;
  d.rule = ckimport::diag::RuleId::unknown_field;
  d.message = "100% sure: a,b\r\nsecond line";
  d.location = location("dir:1/a,b%.json", 1, 2, 1, 3);
  d.related.push_back(diag::Related{location("x,y.json", 3, 4, 3, 5), "see: here, 50%"});
  d.help = "use a:b, not c";
  CHECK(github({d}, summary(1, 1)) ==
        "::error file=dir%3A1/a%2Cb%25.json,line=1,col=2,endLine=1,endColumn=3,title=unknown-field::"
        "100%25 sure: a,b%0D%0Asecond line"
        "%0Anote: see: here, 50%25 at x,y.json:3:4"
        "%0Ahelp: use a:b, not c\n"
        "ckimport: 1 error, 0 warnings in 1 file\n");
}

// A path the log cannot carry as it is gets no file= (its sanitised
// spelling would name a file that does not exist): the place leads the message.
TEST_CASE("github: ANSI escapes are made visible, invalid UTF-8 shown as bytes", "[output][github]") {
  diag::Diagnostic d;
  d.rule = ckimport::diag::RuleId::unknown_field;
  d.message = "key `\x1b[31mred\x07` \xff\tok";
  d.location = location("\x1b]0;x.json", 1, 1, 1, 2);
  const std::string out = github({d}, summary(1, 1));
  CHECK(out ==
        "::error title=unknown-field::\\x1b]0;x.json:1:1: "
        "key `\\x1b[31mred\\x07` \\xff\tok\n"
        "ckimport: 1 error, 0 warnings in 1 file\n");
  CHECK(out.find('\x1b') == std::string::npos);
}

TEST_CASE("github: absolute paths under base_dir are made relative to it", "[output][github]") {
  diag::Diagnostic d = unknown_field();
  d.location.file = "/home/runner/work/repo/repo/data/users.json";
  d.related.clear();
  d.help.reset();
  d.location.begin.column.value = 0;  // a 0 column is never written: GitHub rejects it
  CHECK(github({d}, summary(1, 1), "/home/runner/work/repo/repo") ==
        "::error file=data/users.json,line=3,col=1,endLine=3,endColumn=19,title=unknown-field::"
        "`display_name` is not a field of a user; did you mean `displayName`?\n"
        "ckimport: 1 error, 0 warnings in 1 file\n");
}

TEST_CASE("github: a clean run prints only the summary line", "[output][github]") {
  CHECK(github({}, summary(3, 0)) == "ckimport: no problems in 3 files\n");
}

TEST_CASE("github: at most 10 annotations of each type, distinct kinds first, then one notice", "[output][github]") {
  std::vector<diag::Diagnostic> all;
  for (int i = 0; i < 15; ++i) {
    diag::Diagnostic d;
    d.rule = diag::RuleId::unknown_field;
    d.message = "`display_name` is not a field";
    d.location = location("u.json", static_cast<std::uint64_t>(i + 1), 1, static_cast<std::uint64_t>(i + 1), 2);
    all.push_back(d);
  }
  diag::Diagnostic last_kind;
  last_kind.rule = diag::RuleId::unknown_user;
  last_kind.message = "sender `ghost` is not a user";
  last_kind.location = location("m.json", 9, 1, 9, 2);
  all.push_back(last_kind);
  std::ostringstream out;
  std::ostringstream markdown;
  RenderOptions options;
  options.step_summary = &markdown;
  auto renderer = make_renderer(Format::github, out, options);
  renderer->begin();
  for (const auto& d : all) renderer->diagnostic(d);
  RunSummary s = summary(2, 16);
  s.rules = {{diag::RuleId::unknown_field, 15, 1, 0, 0}, {diag::RuleId::unknown_user, 1, 1, 0, 0}};
  renderer->end(s);
  const std::string text = out.str();
  std::size_t errors = 0;
  for (std::size_t at = text.find("::error "); at != std::string::npos; at = text.find("::error ", at + 1)) ++errors;
  CHECK(errors == 10);
  // The one sender diagnostic comes after 15 repeats, and is kept.
  CHECK(text.find("title=unknown-user") != std::string::npos);
  CHECK(text.find("u.json,line=10,") == std::string::npos);
  CHECK(text.find("::notice title=ckimport::6 more diagnostics are not annotated") != std::string::npos);
  CHECK(text.ends_with("ckimport: 16 errors, 0 warnings in 2 files\n"));
  const std::string md = markdown.str();
  CHECK(md.find("| unknown-field | 15 | 1 | 0 |") != std::string::npos);
  CHECK(md.find("- u.json:1 **error** unknown-field: \\`display\\_name\\` is not a field") != std::string::npos);
  CHECK(md.find("- m.json:9 **error** unknown-user: sender \\`ghost\\` is not a user") != std::string::npos);
}

TEST_CASE("github: the step summary escapes Markdown and HTML in user data", "[output][github]") {
  diag::Diagnostic d;
  d.rule = diag::RuleId::unknown_user;
  d.message = "sender `<img src=x>` is *not* a user | [link](http://x)";
  d.location = location("a|b.json", 1, 1, 1, 2);
  std::ostringstream out;
  std::ostringstream markdown;
  RenderOptions options;
  options.step_summary = &markdown;
  auto renderer = make_renderer(Format::github, out, options);
  renderer->begin();
  renderer->diagnostic(d);
  renderer->end(summary(1, 1));
  const std::string md = markdown.str();
  CHECK(md.find("<img") == std::string::npos);
  CHECK(md.find("a\\|b.json:1 **error** unknown-user: sender \\`&lt;img src=x&gt;\\` is \\*not\\* a user \\| "
                "\\[link\\]\\(http://x\\)") != std::string::npos);
}
