// The fast-path generator on the JSON-Schema-Test-Suite (draft 7, vendored in
// tests/third_party/JSON-Schema-Test-Suite): cmake/FastPath.cmake runs
// schema_codegen over every suite file at build time, and it makes a
// validator for each case whose schema uses only what it supports (the
// others are listed with the reason). For every test of those cases the
// generated validator must give valijson's verdict (through SimdjsonAdapter),
// and the suite's expected one except where valijson itself departs from the
// suite (kValijsonDeviations, each checked to still depart). This runs the
// generator on about a hundred schemas besides ours.

#include "fast_path_suite_schemas.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "schema/simdjson_adapter.hpp"

namespace {

namespace fs = std::filesystem;
using ckimport::schema::SimdjsonAdapter;
using ckimport::schema::suite_generated::suite_schemas;
using simdjson::dom::element;

const fs::path kDraft7 = fs::path(CKIMPORT_TEST_DATA_DIR) / "third_party" /
                         "JSON-Schema-Test-Suite" / "tests" / "draft7";

// Tests of supported cases where valijson (and so the fast path) gives
// another verdict than the suite. The same tests are in kSkipList of
// test_json_schema_test_suite.cpp, with the same reasons.
struct Deviation {
  std::string_view file;
  std::string_view case_description;
  std::string_view test_description;
  std::string_view reason;
};
constexpr std::string_view kStdRegex =
    "valijson runs `pattern` through std::regex, which matches bytes, not code points, and lacks "
    "parts of ECMA 262 (\\c escapes, Unicode \\s \\d \\w)";
constexpr Deviation kValijsonDeviations[] = {
    {"optional/ecmascript-regex.json", "ECMA 262 regex escapes control codes with \\c and upper letter",
     "matches", kStdRegex},
    {"optional/ecmascript-regex.json", "ECMA 262 regex escapes control codes with \\c and lower letter",
     "matches", kStdRegex},
    {"optional/ecmascript-regex.json", "ECMA 262 \\D matches everything but ascii digits",
     "NKO DIGIT ZERO matches (unlike e.g. Python)", kStdRegex},
    {"optional/ecmascript-regex.json", "ECMA 262 \\D matches everything but ascii digits",
     "NKO DIGIT ZERO (as \\u escape) matches", kStdRegex},
    {"optional/ecmascript-regex.json", "ECMA 262 \\W matches everything but ascii letters",
     "latin-1 e-acute matches (unlike e.g. Python)", kStdRegex},
    {"optional/ecmascript-regex.json", "ECMA 262 \\s matches whitespace",
     "latin-1 non-breaking-space matches", kStdRegex},
    {"optional/ecmascript-regex.json", "ECMA 262 \\s matches whitespace", "zero-width whitespace matches",
     kStdRegex},
    {"optional/ecmascript-regex.json", "ECMA 262 \\s matches whitespace",
     "paragraph separator matches (line terminator)", kStdRegex},
    {"optional/ecmascript-regex.json", "ECMA 262 \\s matches whitespace", "EM SPACE matches (Space_Separator)",
     kStdRegex},
    {"optional/ecmascript-regex.json", "ECMA 262 \\S matches everything but whitespace",
     "Non-whitespace matches", kStdRegex},
    {"optional/non-bmp-regex.json", "Proper UTF-16 surrogate pair handling: pattern", "matches empty",
     kStdRegex},
    {"optional/non-bmp-regex.json", "Proper UTF-16 surrogate pair handling: pattern", "matches two",
     kStdRegex},
};

std::string string_of(element value) {
  std::string_view text;
  return value.get_string().get(text) == simdjson::SUCCESS ? std::string(text) : std::string();
}

// The part of an "unsupported" reason after the place: "unsupported keyword
// `allOf`", "a $ref to another document", ...
std::string reason_kind(std::string_view reason) {
  const auto colon = reason.find(": ");
  std::string kind(colon == std::string_view::npos ? reason : reason.substr(colon + 2));
  if (kind.starts_with("`pattern` is rejected by std::regex")) kind = "`pattern` is rejected by std::regex";
  if (kind.starts_with("no member") || kind.starts_with("a JSON pointer")) kind = "$ref not resolvable here";
  if (kind.starts_with("a $ref at the root that names a document")) kind = "a $ref at the root to another document";
  return kind;
}

struct Outcome {
  std::size_t files = 0;
  std::size_t cases = 0;
  std::size_t supported_cases = 0;
  std::size_t tests = 0;
  std::size_t tests_matching_suite = 0;
  std::set<const Deviation*> deviations_seen;
  std::vector<std::string> failures;
  std::map<std::string, std::size_t> excluded_by_reason;  // cases
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_file;  // supported, all
};

const Deviation* deviation_for(std::string_view file, std::string_view c, std::string_view t) {
  for (const auto& d : kValijsonDeviations) {
    if (d.file == file && d.case_description == c && d.test_description == t) return &d;
  }
  return nullptr;
}

Outcome run() {
  Outcome outcome;
  std::map<std::string, std::pair<std::unique_ptr<simdjson::dom::parser>, element>> files;
  for (const auto& entry : suite_schemas()) {
    const std::string file(entry.file);
    auto& per_file = outcome.by_file[file];
    if (entry.group == SIZE_MAX) {
      ++outcome.excluded_by_reason["the file is not JSON simdjson reads (numbers beyond 64 bits)"];
      continue;
    }
    ++outcome.cases;
    ++per_file.second;
    if (entry.validate == nullptr) {
      ++outcome.excluded_by_reason[reason_kind(entry.unsupported)];
      continue;
    }
    ++outcome.supported_cases;
    ++per_file.first;
    auto found = files.find(file);
    if (found == files.end()) {
      auto parser = std::make_unique<simdjson::dom::parser>();
      element root;
      REQUIRE(parser->load((kDraft7 / file).string()).get(root) == simdjson::SUCCESS);
      found = files.emplace(file, std::make_pair(std::move(parser), root)).first;
      ++outcome.files;
    }
    const element group = found->second.second.at(entry.group).value();
    const std::string case_description = string_of(group["description"].value());
    valijson::Schema schema;
    valijson::SchemaParser(valijson::SchemaParser::kDraft7)
        .populateSchema(SimdjsonAdapter(group["schema"].value()), schema);
    valijson::Validator validator;
    simdjson::dom::array tests;
    REQUIRE(group["tests"].get(tests) == simdjson::SUCCESS);
    for (const element test : tests) {
      ++outcome.tests;
      const std::string test_description = string_of(test["description"].value());
      const element data = test["data"].value();
      bool expected = false;
      REQUIRE(test["valid"].get(expected) == simdjson::SUCCESS);
      bool fast = false;
      try {
        fast = entry.validate(data);
      } catch (const std::exception&) {
        fast = false;  // FastValidator's answer: "let valijson decide"
      }
      bool reference = false;
      try {
        reference = validator.validate(schema, SimdjsonAdapter(data), nullptr);
      } catch (const std::exception&) {
        reference = false;
      }
      const std::string where = file + " / \"" + case_description + "\" / \"" + test_description + "\"";
      if (fast != reference) {
        outcome.failures.push_back(where + ": fast path " + (fast ? "valid" : "invalid") +
                                   ", valijson " + (reference ? "valid" : "invalid"));
      }
      const Deviation* deviation = deviation_for(file, case_description, test_description);
      if (deviation) {
        outcome.deviations_seen.insert(deviation);
        if (reference == expected) {
          outcome.failures.push_back(where + ": listed in kValijsonDeviations, but valijson now "
                                     "gives the suite's verdict: remove it");
        }
      } else if (fast == expected) {
        ++outcome.tests_matching_suite;
      } else {
        outcome.failures.push_back(where + ": the suite expects " + (expected ? "valid" : "invalid"));
      }
    }
  }
  return outcome;
}

}  // namespace

TEST_CASE("Generated validators give the JSON-Schema-Test-Suite's and valijson's verdicts",
          "[fastpath][json-schema-test-suite]") {
  const Outcome outcome = run();
  for (const auto& failure : outcome.failures) UNSCOPED_INFO(failure);
  CHECK(outcome.failures.empty());
  for (const auto& d : kValijsonDeviations) {
    INFO("kValijsonDeviations names no test it covers: " << d.file << " / " << d.case_description
                                                          << " / " << d.test_description);
    CHECK(outcome.deviations_seen.count(&d) == 1);
  }
  // The generator must keep supporting what it supports today: a change
  // that makes it refuse many more schemas fails here.
  CHECK(outcome.supported_cases >= 97);
  CHECK(outcome.tests >= 385);

  std::ostringstream summary;
  summary << "JSON-Schema-Test-Suite draft7 through the fast-path generator: "
          << outcome.supported_cases << " of " << outcome.cases << " cases supported, "
          << outcome.tests << " tests (" << outcome.tests_matching_suite
          << " with the suite's verdict, " << outcome.deviations_seen.size()
          << " where valijson departs from it)\n  cases by file (supported/all):";
  for (const auto& [file, counts] : outcome.by_file) {
    summary << "\n    " << file << " " << counts.first << "/" << counts.second;
  }
  summary << "\n  cases not supported, by reason:";
  for (const auto& [reason, count] : outcome.excluded_by_reason) {
    summary << "\n    " << count << "  " << reason;
  }
  WARN(summary.str());
}
