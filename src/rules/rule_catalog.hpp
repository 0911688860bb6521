#pragma once
// Every diagnostic ckimport can emit has a rule id listed here, with the text
// that `ckimport rules`, `ckimport explain` and SARIF's tool.driver.rules show.
// The list itself lives in rule_catalog.cpp; tests walk it to make sure each
// rule has a fixture and a golden, and check its complete examples.
#include <span>
#include <string_view>

#include "diag/diagnostic.hpp"

namespace ckimport::rules {

enum class RuleGroup { syntax, schema, cross_file };

struct RuleInfo {
  std::string_view id;                 // e.g. "unknown-field"
  RuleGroup group;
  diag::Severity default_severity;
  std::string_view summary;            // one line, lowercase, no final period
  std::string_view explanation;        // a paragraph or two: why it matters
  std::string_view bad_example;        // JSON that triggers the rule
  std::string_view good_example;       // the same, fixed
  // The file the examples are, named as in a bundle ("users.json",
  // "members/1001.json", "existing/channels.json"): what `ckimport check`
  // reads them as. Empty when the examples name their own files
  // ("users.json: [...]   channels.json: [...]") or are not a file.
  std::string_view example_file;
};

std::span<const RuleInfo> all_rules();
const RuleInfo* find_rule(std::string_view id);

}  // namespace ckimport::rules
