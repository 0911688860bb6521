#include <fstream>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <simdjson.h>

#include "output_test_support.hpp"

using namespace ckimport;
using namespace ckimport::output;
using namespace ckimport::output::test;

namespace {

std::string json(std::initializer_list<diag::Diagnostic> diagnostics, const RunSummary& s) {
  return render(Format::json, diagnostics, s);
}

std::string get_string(simdjson::dom::element e, const char* key) {
  std::string_view value;
  REQUIRE(e[key].get(value) == simdjson::SUCCESS);
  return std::string(value);
}

std::uint64_t get_uint(simdjson::dom::element e, const char* key) {
  std::uint64_t value = 0;
  REQUIRE(e[key].get(value) == simdjson::SUCCESS);
  return value;
}

std::set<std::string> keys_of(simdjson::dom::object object) {
  std::set<std::string> keys;
  for (const auto field : object) keys.emplace(field.key);
  return keys;
}

}  // namespace

TEST_CASE("json: golden document", "[output][json]") {
  diag::Diagnostic bare;
  bare.rule = ckimport::diag::RuleId::duplicate_idempotency_key;
  bare.severity = diag::Severity::warning;
  bare.message = "say \"hi\"\tthen\nleave";
  bare.pointer = "";
  bare.location = location("dir/b.json", 1, 1, 1, 2, 0, 1);
  CHECK(json({unknown_field(), bare}, summary(2, 1, 1, 0, 3)) ==
        R"({
  "version": 1,
  "columnUnit": "unicodeCodePoints",
  "diagnostics": [
    {
      "file": "users.json",
      "line": 3,
      "column": 5,
      "endLine": 3,
      "endColumn": 19,
      "offset": 10,
      "endOffset": 24,
      "severity": "error",
      "rule": "unknown-field",
      "message": "`display_name` is not a field of a user; did you mean `displayName`?",
      "pointer": "/0/display_name",
      "help": "rename the key to `displayName`",
      "related": [
        {
          "file": "users.json",
          "line": 12,
          "column": 13,
          "endLine": 12,
          "endColumn": 27,
          "message": "first defined"
        }
      ]
    },
    {
      "file": "dir/b.json",
      "line": 1,
      "column": 1,
      "endLine": 1,
      "endColumn": 2,
      "offset": 0,
      "endOffset": 1,
      "severity": "warning",
      "rule": "duplicate-idempotency-key",
      "message": "say \"hi\"\tthen\nleave",
      "pointer": "",
      "help": null,
      "related": []
    }
  ],
  "summary": {
    "filesChecked": 2,
    "errors": 1,
    "warnings": 1,
    "notes": 0,
    "notShown": 3,
    "cutByLimit": 3,
    "hiddenByQuiet": 0,
    "fixable": 0,
    "unsafeFixable": 0,
    "rules": []
  }
}
)");
}

TEST_CASE("json: no diagnostics", "[output][json]") {
  CHECK(json({}, summary(4, 0)) ==
        R"({
  "version": 1,
  "columnUnit": "unicodeCodePoints",
  "diagnostics": [],
  "summary": {
    "filesChecked": 4,
    "errors": 0,
    "warnings": 0,
    "notes": 0,
    "notShown": 0,
    "cutByLimit": 0,
    "hiddenByQuiet": 0,
    "fixable": 0,
    "unsafeFixable": 0,
    "rules": []
  }
}
)");
}

TEST_CASE("json: the summary counts bundles when there are several", "[output][json]") {
  auto two = summary(7, 1);
  two.bundles = 2;
  CHECK_THAT(json({}, two), Catch::Contains(R"(    "hiddenByQuiet": 0,
    "bundlesChecked": 2,
)"));
  auto one = summary(3, 0);
  one.bundles = 1;
  CHECK_THAT(json({}, one), !Catch::Contains("bundlesChecked"));
}

TEST_CASE("json: ANSI escapes and invalid UTF-8 survive a round trip as valid UTF-8", "[output][json]") {
  diag::Diagnostic d = unknown_field();
  d.location.file = "dir/\x1b[31mred\xff.json";
  d.message = "key `\x1b]0;t\x07` \xe2\x82 end";
  d.pointer = "/0/a~1b\xc0";
  d.help = std::nullopt;
  d.related[0].message = "caf\u00e9 \U0001F600";
  d.severity = diag::Severity::note;
  const std::string out = json({d}, summary(1, 0, 0, 1));

  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(out).get(doc) == simdjson::SUCCESS);  // simdjson validates UTF-8
  simdjson::dom::array diagnostics;
  REQUIRE(doc["diagnostics"].get(diagnostics) == simdjson::SUCCESS);
  REQUIRE(diagnostics.size() == 1);
  const simdjson::dom::element first = diagnostics.at(0);
  CHECK(get_string(first, "file") == "dir/\x1b[31mred\xef\xbf\xbd.json");
  CHECK(get_string(first, "message") == "key `\x1b]0;t\x07` \xef\xbf\xbd end");
  CHECK(get_string(first, "pointer") == "/0/a~1b\xef\xbf\xbd");
  CHECK(get_string(first, "severity") == "note");
  CHECK(first["help"].is_null());
  CHECK(get_uint(first, "line") == 3);
  CHECK(get_uint(first, "endColumn") == 19);
  CHECK(get_uint(first, "offset") == 10);
  CHECK(get_uint(first, "endOffset") == 24);
  simdjson::dom::array related;
  REQUIRE(first["related"].get(related) == simdjson::SUCCESS);
  CHECK(get_string(related.at(0), "message") == "caf\u00e9 \U0001F600");
  CHECK(get_uint(doc["summary"], "notes") == 1);
  // The raw ESC is escaped in the text, never written as a byte.
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK_THAT(out, Catch::Contains(R"(\u001b[31m)"));
}

TEST_CASE("json: zero lines and columns are written as 1, a reversed range as empty", "[output][json]") {
  diag::Diagnostic d = unknown_field();
  d.location = location("a.json", 0, 0, 0, 0, 9, 3);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(json({d}, summary(1, 1))).get(doc) == simdjson::SUCCESS);
  const simdjson::dom::element first = doc["diagnostics"].at(0);
  CHECK(get_uint(first, "line") == 1);
  CHECK(get_uint(first, "column") == 1);
  CHECK(get_uint(first, "endLine") == 1);
  CHECK(get_uint(first, "endColumn") == 1);
  CHECK(get_uint(first, "offset") == 9);
  CHECK(get_uint(first, "endOffset") == 9);
}

#ifdef CKIMPORT_SOURCE_DIR
// A guard against drift between the renderer and the schema: every object in
// the output has the properties the schema lists, all required but the
// fix fields added in version 1 (optional, so older output stays valid). (Full
// validation of the output against the schema belongs with the schema
// validator's tests.)
TEST_CASE("json: output objects have exactly the schema's properties", "[output][json]") {
  simdjson::dom::parser schema_parser;
  simdjson::dom::element schema;
  REQUIRE(schema_parser.load(std::string(CKIMPORT_SOURCE_DIR) + "/schemas/ckimport-output.schema.json").get(schema) ==
          simdjson::SUCCESS);
  // Optional properties are written only when they say something (the
  // summary's bundlesChecked: more than one bundle); the rest always.
  const auto check = [](simdjson::dom::element object_schema, simdjson::dom::object actual,
                        const std::set<std::string>& optional = {}) {
    simdjson::dom::object properties;
    REQUIRE(object_schema["properties"].get(properties) == simdjson::SUCCESS);
    simdjson::dom::array required;
    REQUIRE(object_schema["required"].get(required) == simdjson::SUCCESS);
    bool additional = true;
    REQUIRE(object_schema["additionalProperties"].get(additional) == simdjson::SUCCESS);
    CHECK_FALSE(additional);
    std::set<std::string> required_keys;
    for (const auto key : required) required_keys.emplace(std::string_view(key));
    std::set<std::string> all_keys = required_keys;
    all_keys.insert(optional.begin(), optional.end());
    // The fix fields, a repeated problem's occurrences and the counts by
    // rule (optional, so older output stays valid), where the schema has
    // them.
    for (const auto* key : {"fix", "fixed", "fixable", "unsafeFixable", "occurrences", "rules"}) {
      if (properties[key].error() == simdjson::SUCCESS) all_keys.insert(key);
    }
    CHECK(keys_of(properties) == all_keys);
    const std::set<std::string> actual_keys = keys_of(actual);
    for (const auto& key : required_keys) CHECK(actual_keys.contains(key));
    for (const auto& key : actual_keys) CHECK(all_keys.contains(key));
  };

  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(json({unknown_field()}, summary(1, 1))).get(doc) == simdjson::SUCCESS);
  check(schema, doc.get_object());
  check(schema["properties"]["summary"], doc["summary"].get_object(), {"bundlesChecked"});
  const simdjson::dom::element first = doc["diagnostics"].at(0);
  check(schema["definitions"]["diagnostic"], first.get_object());
  check(schema["definitions"]["related"], first["related"].at(0).get_object());

  diag::Diagnostic fixable = unknown_field();
  fixable.fix = diag::Fix{"rename `display_name` to `displayName`", diag::Applicability::safe, {{{}, {}, "\"x\""}}};
  simdjson::dom::parser fix_parser;
  simdjson::dom::element fixed_doc;
  REQUIRE(fix_parser.parse(json({fixable}, summary(1, 1))).get(fixed_doc) == simdjson::SUCCESS);
  const simdjson::dom::element with_fix = fixed_doc["diagnostics"].at(0);
  check(schema["definitions"]["diagnostic"], with_fix.get_object());
  check(schema["definitions"]["fix"], with_fix["fix"].get_object());
  check(schema["definitions"]["edit"], with_fix["fix"]["edits"].at(0).get_object());

  std::string_view id;
  REQUIRE(schema["$id"].get(id) == simdjson::SUCCESS);
  CHECK_THAT(std::string(id), Catch::EndsWith("/ckimport-output.schema.json"));
}
#endif
