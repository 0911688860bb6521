#include <catch2/catch.hpp>
#include <simdjson.h>

#include "output/paths.hpp"
#include "output_test_support.hpp"

using namespace ckimport;
using namespace ckimport::output;
using namespace ckimport::output::test;

namespace {

// The SARIF renderer takes its rules from RenderOptions::rules, so the test
// gives its own texts for three of the catalogue's rules.
const diag::RuleInfo test_rules[] = {
    {diag::RuleId::syntax, "syntax", diag::RuleGroup::syntax, diag::Severity::error, "the file is not valid JSON",
     "Nothing in a file that does not parse can be imported.", "[1,]", "[1]", ""},
    {diag::RuleId::unknown_field, "unknown-field", diag::RuleGroup::schema, diag::Severity::error, "a key that is not a field of the resource",
     "ChatKitty rejects an import with a key it does not know.", R"([{"display_name": "Jane"}])",
     R"([{"displayName": "Jane"}])", ""},
    {diag::RuleId::duplicate_idempotency_key, "duplicate-idempotency-key", diag::RuleGroup::cross_file, diag::Severity::warning, "two items with the same id",
     "The second item overwrites the first.", "```\n[{\"id\": 1}, {\"id\": 1}]\n", "", ""},
};

RenderOptions sarif_options() {
  RenderOptions options;
  options.tool_version = "1.2.3";
  options.base_dir = "/work/my repo";
  options.rules = test_rules;
  return options;
}

std::string str(simdjson::simdjson_result<simdjson::dom::element> e) {
  std::string_view value;
  REQUIRE(e.get(value) == simdjson::SUCCESS);
  return std::string(value);
}

std::uint64_t num(simdjson::simdjson_result<simdjson::dom::element> e) {
  std::uint64_t value = 0;
  REQUIRE(e.get(value) == simdjson::SUCCESS);
  return value;
}

bool has(simdjson::dom::element e, const char* key) { return e[key].error() == simdjson::SUCCESS; }

}  // namespace

TEST_CASE("sarif: the log has the structure SARIF 2.1.0 and GitHub require", "[output][sarif]") {
  diag::Diagnostic dup;
  dup.rule = diag::RuleId::duplicate_idempotency_key;
  dup.severity = diag::Severity::warning;
  dup.message = "id `42` is used twice";
  dup.pointer = "/3/id";
  dup.location = location("/work/my repo/data/ch\u00e4n nels.json", 5, 9, 5, 11, 60, 62);
  dup.related.push_back(diag::Related{location("data/users.json", 2, 9, 2, 11), "first used"});
  dup.related.push_back(diag::Related{location("data/more.json", 7, 1, 7, 3), ""});
  diag::Diagnostic unknown_rule;
  unknown_rule.rule = diag::RuleId::unmatched_file;
  unknown_rule.severity = diag::Severity::note;
  unknown_rule.message = "a note \xff";
  unknown_rule.location = location("/elsewhere/x.json", 0, 0, 3, 2);

  const std::string out =
      render(Format::sarif, {unknown_field(), dup, unknown_rule}, summary(3, 1, 1, 1), sarif_options());
  simdjson::dom::parser parser;
  simdjson::dom::element log;
  REQUIRE(parser.parse(out).get(log) == simdjson::SUCCESS);

  CHECK(str(log["$schema"]) == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(str(log["version"]) == "2.1.0");
  simdjson::dom::array runs;
  REQUIRE(log["runs"].get(runs) == simdjson::SUCCESS);
  REQUIRE(runs.size() == 1);
  const simdjson::dom::element run = runs.at(0);

  SECTION("tool.driver and its rules") {
    const simdjson::dom::element driver = run["tool"]["driver"];
    CHECK(str(driver["name"]) == "ckimport");
    CHECK(str(driver["version"]) == "1.2.3");
    CHECK(str(driver["informationUri"]) == std::string(information_uri));
    simdjson::dom::array rules;
    REQUIRE(driver["rules"].get(rules) == simdjson::SUCCESS);
    REQUIRE(rules.size() == 3);
    const simdjson::dom::element rule = rules.at(1);
    CHECK(str(rule["id"]) == "unknown-field");
    CHECK(str(rule["name"]) == "UnknownField");
    CHECK(str(rule["shortDescription"]["text"]) == "a key that is not a field of the resource");
    CHECK(str(rule["fullDescription"]["text"]) == "ChatKitty rejects an import with a key it does not know.");
    CHECK(str(rule["help"]["text"]) ==
          "ChatKitty rejects an import with a key it does not know.\n\n"
          "Bad:\n[{\"display_name\": \"Jane\"}]\n\nGood:\n[{\"displayName\": \"Jane\"}]");
    CHECK(str(rule["help"]["markdown"]) ==
          "ChatKitty rejects an import with a key it does not know.\n\n"
          "Bad:\n\n```json\n[{\"display_name\": \"Jane\"}]\n```\n\n"
          "Good:\n\n```json\n[{\"displayName\": \"Jane\"}]\n```");
    CHECK(str(rule["defaultConfiguration"]["level"]) == "error");
    CHECK(str(rules.at(2)["defaultConfiguration"]["level"]) == "warning");
    CHECK(str(rules.at(2)["name"]) == "DuplicateIdempotencyKey");
    // SARIF1001: a name equal to the id but for case is left out.
    CHECK(str(rules.at(0)["id"]) == "syntax");
    CHECK_FALSE(has(rules.at(0), "name"));
    // An example holding ``` gets a longer fence; an empty example is left out.
    CHECK(str(rules.at(2)["help"]["markdown"]) ==
          "The second item overwrites the first.\n\nBad:\n\n````json\n```\n[{\"id\": 1}, {\"id\": 1}]\n````");
  }

  SECTION("run-level column unit and SRCROOT") {
    CHECK(str(run["columnKind"]) == "unicodeCodePoints");
    CHECK(str(run["originalUriBaseIds"]["SRCROOT"]["uri"]) == "file:///work/my%20repo/");
  }

  simdjson::dom::array results;
  REQUIRE(run["results"].get(results) == simdjson::SUCCESS);
  REQUIRE(results.size() == 3);

  SECTION("a result with help, a pointer and a related location") {
    const simdjson::dom::element r = results.at(0);
    CHECK(str(r["ruleId"]) == "unknown-field");
    CHECK(num(r["ruleIndex"]) == 1);
    CHECK(str(r["level"]) == "error");
    CHECK(str(r["message"]["text"]) ==
          "`display_name` is not a field of a user; did you mean `displayName`?\n"
          "help: rename the key to `displayName`");
    const simdjson::dom::element loc = r["locations"].at(0);
    CHECK(str(loc["physicalLocation"]["artifactLocation"]["uri"]) == "users.json");
    CHECK(str(loc["physicalLocation"]["artifactLocation"]["uriBaseId"]) == "SRCROOT");
    const simdjson::dom::element region = loc["physicalLocation"]["region"];
    CHECK(num(region["startLine"]) == 3);
    CHECK(num(region["startColumn"]) == 5);
    CHECK(num(region["endLine"]) == 3);
    CHECK(num(region["endColumn"]) == 19);
    CHECK(str(loc["logicalLocations"].at(0)["fullyQualifiedName"]) == "/0/display_name");
    CHECK(str(r["properties"]["jsonPointer"]) == "/0/display_name");
    const simdjson::dom::element related = r["relatedLocations"].at(0);
    CHECK(num(related["id"]) == 1);
    CHECK(str(related["message"]["text"]) == "first defined");
    CHECK(num(related["physicalLocation"]["region"]["startLine"]) == 12);
  }

  SECTION("an absolute path under base_dir becomes a relative, percent-encoded URI") {
    const simdjson::dom::element r = results.at(1);
    CHECK(str(r["level"]) == "warning");
    CHECK(num(r["ruleIndex"]) == 2);
    CHECK(str(r["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"]) == "data/ch%C3%A4n%20nels.json");
    simdjson::dom::array related;
    REQUIRE(r["relatedLocations"].get(related) == simdjson::SUCCESS);
    REQUIRE(related.size() == 2);
    CHECK(num(related.at(1)["id"]) == 2);
    CHECK_FALSE(has(related.at(1), "message"));
  }

  SECTION("a rule missing from the list has no ruleIndex; a path outside base_dir is absolute; columns are >= 1") {
    const simdjson::dom::element r = results.at(2);
    CHECK(str(r["ruleId"]) == "unmatched-file");
    CHECK_FALSE(has(r, "ruleIndex"));
    CHECK(str(r["level"]) == "note");
    CHECK(str(r["message"]["text"]) == "a note \xef\xbf\xbd");
    const simdjson::dom::element physical = r["locations"].at(0)["physicalLocation"];
    CHECK(str(physical["artifactLocation"]["uri"]) == "file:///elsewhere/x.json");
    CHECK_FALSE(has(physical["artifactLocation"], "uriBaseId"));
    CHECK(num(physical["region"]["startLine"]) == 1);
    CHECK(num(physical["region"]["startColumn"]) == 1);
    CHECK(num(physical["region"]["endLine"]) == 3);
    CHECK(num(physical["region"]["endColumn"]) == 2);
    CHECK_FALSE(has(r["locations"].at(0), "logicalLocations"));  // empty pointer
  }
}

TEST_CASE("sarif: no base_dir, no version, no rules, no results", "[output][sarif]") {
  const std::string out = render(Format::sarif, {}, summary(0, 0));
  simdjson::dom::parser parser;
  simdjson::dom::element log;
  REQUIRE(parser.parse(out).get(log) == simdjson::SUCCESS);
  const simdjson::dom::element run = log["runs"].at(0);
  CHECK_FALSE(has(run, "originalUriBaseIds"));
  CHECK_FALSE(has(run["tool"]["driver"], "version"));
  CHECK(run["tool"]["driver"]["rules"].get_array().size() == 0);
  CHECK(run["results"].get_array().size() == 0);
  CHECK(out.back() == '\n');
}

TEST_CASE("paths: relative to base_dir, percent-encoded URIs", "[output][sarif]") {
  using output::detail::artifact_uri;
  using output::detail::directory_file_uri;
  using output::detail::path_relative_to_base;
  using output::detail::percent_encode_path;

  CHECK(percent_encode_path("a b/c%d:e,f#g?h\xc3\xa4\xff~_.-") == "a%20b/c%25d%3Ae%2Cf%23g%3Fh%C3%A4%FF~_.-");

  CHECK(path_relative_to_base("/repo/data/a.json", "/repo") == "data/a.json");
  CHECK(path_relative_to_base("/repo/data/a.json", "/repo/") == "data/a.json");
  CHECK(path_relative_to_base("/repo/./data//a.json", "/repo") == "data/a.json");
  CHECK(path_relative_to_base("/other/a.json", "/repo") == "/other/a.json");
  CHECK(path_relative_to_base("/repository/a.json", "/repo") == "/repository/a.json");
  CHECK(path_relative_to_base("./data/a.json", "/repo") == "data/a.json");
  CHECK(path_relative_to_base("../a.json", "/repo") == "../a.json");
  CHECK(path_relative_to_base("/repo/a.json", "") == "/repo/a.json");
  CHECK(path_relative_to_base("-", "/repo") == "-");

  const auto uri = [](std::string_view file, std::string_view base) {
    const auto a = artifact_uri(file, base);
    return (a.relative ? "SRCROOT:" : "") + a.uri;
  };
  CHECK(uri("data/a b.json", "/repo") == "SRCROOT:data/a%20b.json");
  CHECK(uri("/repo/data/a.json", "/repo") == "SRCROOT:data/a.json");
  CHECK(uri("/other/a.json", "/repo") == "file:///other/a.json");
  CHECK(uri("../up/a.json", "/repo/sub") == "file:///repo/up/a.json");
  CHECK(uri("../up/a.json", "") == "SRCROOT:../up/a.json");
  CHECK(uri("c:colon.json", "") == "SRCROOT:c%3Acolon.json");  // never read as a URI scheme
  CHECK(uri("/abs.json", "relative/base") == "file:///abs.json");

  CHECK(directory_file_uri("/work/my repo") == "file:///work/my%20repo/");
  CHECK(directory_file_uri("/work/repo/") == "file:///work/repo/");
  CHECK(directory_file_uri("/") == "file:///");
  CHECK_FALSE(directory_file_uri("").has_value());
  CHECK_FALSE(directory_file_uri("relative").has_value());
}
