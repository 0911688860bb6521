// Code actions from diagnostics that carry fixes. No rule attaches a fix
// yet (issue 12 adds them), so the analysis here is made by hand: the
// diagnostics a rule would report, with fixes, through analyze_document.
#include "lsp/code_actions.hpp"

#include <string>

#include <catch2/catch.hpp>
#include <simdjson.h>

namespace {

using ckimport::diag::Applicability;
using ckimport::diag::Diagnostic;
using ckimport::lsp::CodeActionQuery;
using ckimport::lsp::LspRange;
using ckimport::lsp::PositionEncoding;

// `  {"name": "🎉joe", "display_name": "Joe", "colour": 1}` on line 1.
const std::string text = "[\n  {\"name\": \"🎉joe\", \"display_name\": \"Joe\", \"colour\": 1}\n]\n";

Diagnostic with_fix(std::string_view token, std::string message, std::string replacement, Applicability applicability) {
  Diagnostic d;
  d.rule = ckimport::diag::RuleId::syntax;
  d.message = "about " + std::string(token);
  const auto begin = text.find(token);
  const ckimport::source::LineIndex index(text);
  d.location.file = "/b/users.json";
  d.location.begin = index.position_of(begin);
  d.location.end = index.position_of(begin + token.size());
  d.fix = ckimport::diag::Fix{std::move(message), applicability,
                              {{{{begin}}, {{begin + token.size()}}, std::move(replacement)}}};
  return d;
}

ckimport::lsp::AnalyzedDocument analysis(std::vector<Diagnostic> diagnostics, PositionEncoding encoding) {
  ckimport::lsp::Document document;
  document.uri = "file:///b/users.json";
  document.path = "/b/users.json";
  document.version = 4;
  document.text = std::make_shared<const std::string>(text);
  return ckimport::lsp::analyze_document(document, std::move(diagnostics), encoding,
                                         [](const std::string& path) { return "file://" + path; });
}

struct Action {
  std::string title;
  std::string kind;
  bool preferred = false;
  std::size_t diagnostics = 0;
  std::string edits;  // "<line>:<char>-<line>:<char>=<newText>" ...
  bool operator==(const Action&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Action& a) {
  return out << "{" << a.title << " | " << a.kind << " | " << a.preferred << " | " << a.diagnostics << " | " << a.edits
             << "}";
}

std::vector<Action> actions(const std::string& json, bool document_changes = false) {
  simdjson::dom::parser parser;
  std::vector<Action> out;
  for (const auto item : parser.parse(json).get_array()) {
    Action a;
    a.title = std::string(std::string_view(item["title"]));
    a.kind = std::string(std::string_view(item["kind"]));
    bool preferred = false;
    a.preferred = !item["isPreferred"].get_bool().get(preferred) && preferred;
    a.diagnostics = simdjson::dom::array(item["diagnostics"]).size();
    simdjson::dom::array edits;
    if (document_changes) {
      const auto change = simdjson::dom::array(item["edit"]["documentChanges"]).at(0);
      REQUIRE(std::string_view(change["textDocument"]["uri"]) == "file:///b/users.json");
      REQUIRE(int64_t(change["textDocument"]["version"]) == 4);
      edits = change["edits"];
    } else {
      edits = item["edit"]["changes"]["file:///b/users.json"];
    }
    for (const auto e : edits) {
      const auto pos = [&](const char* which) {
        return std::to_string(int64_t(e["range"][which]["line"])) + ":" +
               std::to_string(int64_t(e["range"][which]["character"]));
      };
      a.edits += (a.edits.empty() ? "" : " ") + pos("start") + "-" + pos("end") + "=" +
                 std::string(std::string_view(e["newText"]));
    }
    out.push_back(a);
  }
  return out;
}

CodeActionQuery at(std::uint64_t line, std::uint64_t character) {
  CodeActionQuery query;
  query.range = LspRange{{line, character}, {line, character}};
  return query;
}

}  // namespace

TEST_CASE("code actions: a quick fix for the diagnostic under the cursor, and fix-all of the safe ones",
          "[lsp]") {
  const auto document = analysis({with_fix("\"display_name\"", "rename `display_name` to `displayName`",
                                           "\"displayName\"", Applicability::safe),
                                  with_fix("\"colour\"", "rename `colour` to `color`", "\"color\"", Applicability::unsafe)},
                                 PositionEncoding::utf16);
  SECTION("the cursor on the first key (after an emoji: UTF-16 character 20)") {
    CHECK(actions(code_actions(document, at(1, 25), PositionEncoding::utf16)) ==
          std::vector<Action>{
              {"rename `display_name` to `displayName`", "quickfix", true, 1, "1:20-1:34=\"displayName\""},
              {"Fix the safe ckimport problem", "source.fixAll.ckimport", false, 1, "1:20-1:34=\"displayName\""}});
  }
  SECTION("the cursor at the end of the second: an unsafe fix is offered, not preferred") {
    const auto got = actions(code_actions(document, at(1, 51), PositionEncoding::utf16));
    REQUIRE(got.size() == 2);
    CHECK(got[0] == Action{"rename `colour` to `color`", "quickfix", false, 1, "1:43-1:51=\"color\""});
  }
  SECTION("a range over both") {
    CodeActionQuery query;
    query.range = {{0, 0}, {3, 0}};
    CHECK(actions(code_actions(document, query, PositionEncoding::utf16)).size() == 3);
  }
  SECTION("context.only narrows the kinds, a prefix selects its sub-kinds") {
    auto query = at(1, 25);
    query.only = std::vector<std::string>{"quickfix"};
    CHECK(actions(code_actions(document, query, PositionEncoding::utf16)).size() == 1);
    query.only = std::vector<std::string>{"source"};
    const auto got = actions(code_actions(document, query, PositionEncoding::utf16));
    REQUIRE(got.size() == 1);
    CHECK(got[0].kind == "source.fixAll.ckimport");
    query.only = std::vector<std::string>{"source.fixAll"};
    CHECK(actions(code_actions(document, query, PositionEncoding::utf16)).size() == 1);
    query.only = std::vector<std::string>{"refactor", "source.organizeImports"};
    CHECK(actions(code_actions(document, query, PositionEncoding::utf16)).empty());
  }
  SECTION("documentChanges, with the version that was checked") {
    auto query = at(1, 25);
    query.document_changes = true;
    CHECK(actions(code_actions(document, query, PositionEncoding::utf16), true).size() == 2);
  }
  SECTION("no diagnostic there: only fix-all") {
    CHECK(actions(code_actions(document, at(0, 0), PositionEncoding::utf16)).size() == 1);
  }
}

TEST_CASE("code actions: edits in UTF-8 columns; fix-all takes non-overlapping fixes only", "[lsp]") {
  auto overlapping = with_fix("\"display_name\": \"Joe\"", "drop it", "", Applicability::safe);
  const auto document = analysis({with_fix("\"display_name\"", "rename", "\"displayName\"", Applicability::safe),
                                  std::move(overlapping),
                                  with_fix("\"colour\"", "rename colour", "\"color\"", Applicability::safe)},
                                 PositionEncoding::utf8);
  CodeActionQuery query;
  query.range = {{0, 0}, {3, 0}};
  query.only = std::vector<std::string>{"source.fixAll.ckimport"};
  CHECK(actions(code_actions(document, query, PositionEncoding::utf8)) ==
        std::vector<Action>{{"Fix all 2 safe ckimport problems", "source.fixAll.ckimport", false, 2,
                             "1:22-1:36=\"displayName\" 1:45-1:53=\"color\""}});
}

TEST_CASE("code actions: a fix the planner refuses is not offered; no fixes, no actions", "[lsp]") {
  auto broken = with_fix("\"colour\"", "past the end", "x", Applicability::safe);
  broken.fix->edits[0].end.offset.value = text.size() + 10;
  const auto document = analysis({std::move(broken), with_fix("\"display_name\"", "none", "", Applicability::safe)},
                                 PositionEncoding::utf16);
  CodeActionQuery query;
  query.range = {{0, 0}, {3, 0}};
  const auto got = actions(code_actions(document, query, PositionEncoding::utf16));
  REQUIRE(got.size() == 2);
  CHECK(got[0].title == "none");
  CHECK(got[1].kind == "source.fixAll.ckimport");

  Diagnostic plain;
  plain.location.file = "/b/users.json";
  CHECK(code_actions(analysis({plain}, PositionEncoding::utf16), query, PositionEncoding::utf16) == "[]");
}
