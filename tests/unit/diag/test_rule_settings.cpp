// diag::refused_setting and diag::outcome_under: what a run's rule settings
// make of a diagnostic, and the settings that are refused.

#include "diag/sink.hpp"

#include <catch2/catch.hpp>

namespace {

using ckimport::diag::Diagnostic;
using ckimport::diag::RuleId;
using ckimport::diag::RuleSetting;
using ckimport::diag::Severity;

Diagnostic merged_misspelling() {
  Diagnostic d;
  d.rule = RuleId::unknown_field;
  d.severity = Severity::error;
  d.merged = {RuleId::missing_field};
  return d;
}

}  // namespace

TEST_CASE("refused_setting: rules that mean the whole file is rejected stay errors", "[diag][settings]") {
  for (const auto rule : {RuleId::syntax, RuleId::not_an_array, RuleId::nesting_too_deep,
                          RuleId::number_out_of_range, RuleId::element_too_large}) {
    INFO(ckimport::diag::rule_name(rule));
    CHECK(ckimport::diag::refused_setting(rule, RuleSetting::off));
    CHECK(ckimport::diag::refused_setting(rule, RuleSetting::warning));
    CHECK_FALSE(ckimport::diag::refused_setting(rule, RuleSetting::error));
  }
  CHECK(*ckimport::diag::refused_setting(RuleId::syntax, RuleSetting::off) ==
        "syntax stays an error: the server rejects the whole file when it finds one");
  CHECK_FALSE(ckimport::diag::refused_setting(RuleId::unknown_field, RuleSetting::off));
  CHECK_FALSE(ckimport::diag::refused_setting(RuleId::utf8_bom, RuleSetting::off));
}

TEST_CASE("outcome_under: a diagnostic alone follows its rule's setting", "[diag][settings]") {
  Diagnostic d;
  d.rule = RuleId::guest_field;
  d.severity = Severity::warning;
  CHECK(ckimport::diag::outcome_under({}, d)->severity == Severity::warning);
  CHECK(ckimport::diag::outcome_under({{RuleId::guest_field, RuleSetting::error}}, d)->severity == Severity::error);
  CHECK_FALSE(ckimport::diag::outcome_under({{RuleId::guest_field, RuleSetting::off}}, d));
}

TEST_CASE("outcome_under: a merged diagnostic is the strongest of its rules, shown under that rule",
          "[diag][settings]") {
  const Diagnostic d = merged_misspelling();
  const auto plain = ckimport::diag::outcome_under({}, d);
  CHECK(plain->rule == RuleId::unknown_field);
  CHECK(plain->severity == Severity::error);
  // Turning unknown-field off or down never hides the missing field.
  for (const auto setting : {RuleSetting::off, RuleSetting::warning}) {
    const auto outcome = ckimport::diag::outcome_under({{RuleId::unknown_field, setting}}, d);
    REQUIRE(outcome);
    CHECK(outcome->rule == RuleId::missing_field);
    CHECK(outcome->severity == Severity::error);
  }
  // Both down: a warning; both off: nothing.
  const auto both_down = ckimport::diag::outcome_under(
      {{RuleId::unknown_field, RuleSetting::warning}, {RuleId::missing_field, RuleSetting::warning}}, d);
  CHECK(both_down->severity == Severity::warning);
  CHECK(both_down->rule == RuleId::unknown_field);
  CHECK_FALSE(ckimport::diag::outcome_under(
      {{RuleId::unknown_field, RuleSetting::off}, {RuleId::missing_field, RuleSetting::off}}, d));
}
