// The rule list is the contract: every rule ckimport can emit is listed, has
// an explanation, a fixture under fixtures/rules/<id>/ and a golden test that
// shows it firing; every rule id in the source is in the list.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "rules/cross_file_rule.hpp"
#include "rules/rule_catalog.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const fs::path source_dir{CKIMPORT_SOURCE_DIR};

}  // namespace

TEST_CASE("every rule has an explanation, a fixture and a golden that shows it") {
  std::set<std::string_view> seen;
  for (const auto& rule : ckimport::rules::all_rules()) {
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

TEST_CASE("every rule id the source emits is in the rule list") {
  const std::regex patterns[] = {
      std::regex(R"(\brule\s*=\s*"([a-z0-9-]+)\")"),
      std::regex(R"(\breport\("([a-z0-9-]+)\")"),
      std::regex(R"(\bnote\("([a-z0-9-]+)\")"),
      std::regex(R"(CrossFileRule\s+\w+\{"([a-z0-9-]+)\")"),
      std::regex(R"(SyntaxErrorKind::\w+:\s*return\s*"([a-z0-9-]+)\")"),
  };
  std::size_t found = 0;
  for (const auto& entry : fs::recursive_directory_iterator(source_dir / "src")) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string text = read_text(entry.path());
    for (const auto& pattern : patterns) {
      for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
        const std::string id = (*it)[1];
        INFO(entry.path().filename().string() << ": rule id `" << id << "`");
        CHECK(ckimport::rules::find_rule(id) != nullptr);
        ++found;
      }
    }
  }
  CHECK(found > 30);  // the patterns still match the code
}

TEST_CASE("every cross-file rule is in the rule list as a cross-file rule") {
  for (const auto* rule : ckimport::rules::cross_file_rules()) {
    INFO("rule " << rule->id);
    const auto* info = ckimport::rules::find_rule(rule->id);
    REQUIRE(info != nullptr);
    CHECK(info->group == ckimport::rules::RuleGroup::cross_file);
    CHECK((rule->check_file != nullptr || rule->check_item != nullptr ||
           rule->check_item_any_order != nullptr));
  }
}
