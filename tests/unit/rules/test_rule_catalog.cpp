// The rule list is the contract: every rule ckimport can emit is listed, has
// an explanation, a fixture under fixtures/rules/<id>/ and a golden test that
// shows it firing; every rule id in the source is in the list. Its examples
// are checked as `ckimport check` checks a bundle: a complete good example is
// clean, a complete bad example shows its rule and nothing else.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "../test_support.hpp"
#include "check/bundle_files.hpp"
#include "check/engine.hpp"
#include "rules/cross_file_rule.hpp"
#include "diag/rule_catalog.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const fs::path source_dir{CKIMPORT_SOURCE_DIR};

using ckimport::diag::Diagnostic;
using ckimport::diag::Severity;
using ckimport::diag::RuleInfo;
using Files = std::vector<std::pair<std::string, std::string>>;  // path in the bundle, content

// Rules whose examples are no import file (a schema and a value, file names).
const std::set<ckimport::diag::RuleId> examples_not_files{ckimport::diag::RuleId::schema_violation,
                                                          ckimport::diag::RuleId::unmatched_file};

// An example that elides part of itself ("...") cannot be checked.
bool complete(std::string_view example) { return example.find("...") == std::string_view::npos; }

// The files of an example: the one file the rule's example_file names, or
// the files the example names itself ("users.json: [...]   channels.json:
// [...]"). nullopt when it is not files.
std::optional<Files> example_files(const RuleInfo& rule, std::string_view example) {
  if (!rule.example_file.empty()) {
    return Files{{std::string(rule.example_file), std::string(example)}};
  }
  Files files;
  while (!example.empty()) {
    const auto end = example.find("   ");
    const std::string_view part = example.substr(0, end);
    const auto colon = part.find(": ");
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view path = part.substr(0, colon);
    if (!path.ends_with(".json") || path.find_first_of(" \"{[") != std::string_view::npos) {
      return std::nullopt;
    }
    files.emplace_back(path, part.substr(colon + 2));
    example = end == std::string_view::npos ? std::string_view{} : example.substr(end + 3);
  }
  if (files.empty()) return std::nullopt;
  return files;
}

// What `ckimport check` says of a bundle folder holding `files`.
std::vector<Diagnostic> check_bundle(const Files& files) {
  static ckimport::check::Engine engine;  // schemas compiled once for the test binary
  const ckimport::test::TempDir dir;
  for (const auto& [path, content] : files) dir.write(path, content);
  ckimport::check::CheckRequest request;
  request.paths = {dir.str()};
  ckimport::check::ListReporter reporter;
  (void)engine.check(request, reporter);
  return std::move(reporter.diagnostics);
}

std::string describe(const Diagnostic& d) {
  const auto& at = d.location.begin;
  return std::string(ckimport::diag::to_string(d.severity)) + " " + std::string(ckimport::diag::rule_name(d.rule)) + " at " +
         fs::path(d.location.file).filename().string() + ":" + std::to_string(at.line.value) + ":" +
         std::to_string(at.column.value) + ": " + d.message;
}

}  // namespace

TEST_CASE("every rule has an explanation, a fixture and a golden that shows it") {
  std::set<std::string_view> seen;
  for (const auto& rule : ckimport::diag::all_rules()) {
    INFO("rule " << rule.id);
    CHECK(seen.insert(rule.id).second);
    CHECK_FALSE(rule.summary.empty());
    CHECK(rule.explanation.size() > 40);
    CHECK_FALSE(rule.bad_example.empty());
    CHECK_FALSE(rule.good_example.empty());
    CHECK(rule.bad_example != rule.good_example);
    CHECK(fs::is_directory(source_dir / "fixtures/rules" / rule.id));
    const fs::path golden = source_dir / "tests/golden/cases" / ("rule-" + std::string(rule.id));
    REQUIRE(fs::is_regular_file(golden / "expected.json"));
    CHECK(read_text(golden / "expected.json").find("\"rule\": \"" + std::string(rule.id) + "\"") !=
          std::string::npos);
  }
}

TEST_CASE("every rule is named once, and its name finds it") {
  // Code names rules by RuleId, so a rule the code emits is in the
  // catalogue by construction; what is left to check is the names users type.
  const std::regex well_formed("[a-z0-9]+(-[a-z0-9]+)*");
  for (std::size_t i = 0; i < ckimport::diag::rule_count; ++i) {
    const auto rule = static_cast<ckimport::diag::RuleId>(i);
    const std::string name(ckimport::diag::rule_name(rule));
    INFO("rule " << name);
    CHECK(std::regex_match(name, well_formed));
    CHECK(ckimport::diag::find_rule(name) == rule);
    CHECK(ckimport::diag::rule_info(rule).rule == rule);
  }
  CHECK_FALSE(ckimport::diag::find_rule("no-such-rule"));
  CHECK_FALSE(ckimport::diag::find_rule(""));
}

TEST_CASE("every cross-file rule is in the rule list as a cross-file rule") {
  ckimport::check::Overlay overlay;
  ckimport::check::BundleFiles files(overlay, {});
  const ckimport::rules::RuleEnvironment environment{files, std::size_t{1} << 20, "/tmp"};
  std::set<ckimport::diag::RuleId> seen;
  for (const auto& rule : ckimport::rules::make_cross_file_rules(environment)) {
    INFO("rule " << ckimport::diag::rule_name(rule->id()));
    CHECK(ckimport::diag::rule_info(rule->id()).group == ckimport::diag::RuleGroup::cross_file);
    CHECK(seen.insert(rule->id()).second);
  }
  CHECK(seen.size() > 5);
}

TEST_CASE("every complete good example is a clean file of its kind") {
  std::size_t checked = 0;
  for (const auto& rule : ckimport::diag::all_rules()) {
    INFO("rule " << rule.id << ", good example: " << rule.good_example);
    if (!complete(rule.good_example)) continue;
    const auto files = example_files(rule, rule.good_example);
    if (!files) {
      CHECK(examples_not_files.contains(rule.rule));
      continue;
    }
    ++checked;
    for (const auto& d : check_bundle(*files)) {
      INFO(describe(d));
      CHECK(d.severity == Severity::note);
    }
  }
  CHECK(checked > 20);  // the examples are still read as files
}

TEST_CASE("every complete bad example shows its own rule and no other problem") {
  std::size_t checked = 0;
  for (const auto& rule : ckimport::diag::all_rules()) {
    INFO("rule " << rule.id << ", bad example: " << rule.bad_example);
    if (!complete(rule.bad_example)) continue;
    const auto files = example_files(rule, rule.bad_example);
    if (!files) {
      CHECK(examples_not_files.contains(rule.rule));
      continue;
    }
    ++checked;
    bool shown = false;
    for (const auto& d : check_bundle(*files)) {
      INFO(describe(d));
      if (d.rule == rule.rule) {
        shown = true;
        CHECK(d.severity == rule.default_severity);
      } else {
        CHECK(d.severity == Severity::note);
      }
    }
    CHECK(shown);
  }
  CHECK(checked > 20);
}
