// diag::Tally: what a run counts and shows (--quiet, --max-diagnostics), and
// diag::shown, the one way a value is quoted in a message.

#include "diag/tally.hpp"

#include <string>

#include <catch2/catch.hpp>

namespace {

using ckimport::diag::Diagnostic;
using ckimport::diag::Severity;
using ckimport::diag::Tally;

Diagnostic of(Severity severity) {
  Diagnostic d;
  d.severity = severity;
  return d;
}

}  // namespace

TEST_CASE("Tally: counts diagnostics by severity and shows them all by default", "[diag][tally]") {
  Tally tally;
  CHECK(tally.errors() == 0);
  for (const auto severity : {Severity::error, Severity::warning, Severity::error, Severity::note,
                              Severity::warning, Severity::warning}) {
    CHECK(tally.count(of(severity)));
  }
  CHECK(tally.errors() == 2);
  CHECK(tally.warnings() == 3);
  CHECK(tally.notes() == 1);
  CHECK(tally.not_shown() == 0);
  CHECK(tally.hidden() == 0);
}

TEST_CASE("Tally: --quiet shows errors only, and still counts the rest", "[diag][tally]") {
  // --strict and --max-warnings count warnings that --quiet hides.
  Tally tally({1000, true});
  CHECK_FALSE(tally.count(of(Severity::warning)));
  CHECK(tally.count(of(Severity::error)));
  CHECK_FALSE(tally.count(of(Severity::note)));
  CHECK(tally.errors() == 1);
  CHECK(tally.warnings() == 1);
  CHECK(tally.notes() == 1);
  CHECK(tally.hidden() == 2);
  CHECK(tally.not_shown() == 0);
}

TEST_CASE("Tally: the limit shows the first diagnostics, for the whole run, and counts the rest", "[diag][tally]") {
  Tally tally({2, false});
  CHECK(tally.count(of(Severity::error)));
  CHECK(tally.count(of(Severity::warning)));
  CHECK_FALSE(tally.count(of(Severity::error)));
  CHECK_FALSE(tally.count(of(Severity::note)));
  CHECK(tally.errors() == 2);
  CHECK(tally.warnings() == 1);
  CHECK(tally.notes() == 1);
  CHECK(tally.not_shown() == 2);
}

TEST_CASE("Tally: a limit of 0 shows only the first of each kind and counts everything", "[diag][tally]") {
  // A cut never hides a kind of problem (file, rule, message template).
  Tally tally({0, false});
  CHECK(tally.count(of(Severity::error)));
  CHECK_FALSE(tally.count(of(Severity::warning)));  // same file, rule and message: the same kind
  CHECK(tally.not_shown() == 1);
  CHECK(tally.errors() == 1);
}

TEST_CASE("Tally: what --quiet hides does not use up the limit", "[diag][tally]") {
  Tally tally({1, true});
  CHECK_FALSE(tally.count(of(Severity::warning)));
  CHECK(tally.count(of(Severity::error)));
  CHECK_FALSE(tally.count(of(Severity::error)));
  CHECK(tally.hidden() == 1);
  CHECK(tally.not_shown() == 1);
}

TEST_CASE("shown: a value quoted in a message is cut at 64 code points", "[diag]") {
  CHECK(ckimport::diag::shown("jane") == "jane");
  CHECK(ckimport::diag::shown(std::string(64, 'x')) == std::string(64, 'x'));
  CHECK(ckimport::diag::shown(std::string(65, 'x')) == std::string(64, 'x') + "…");
  CHECK(ckimport::diag::shown(std::string(41, 'x'), 40) == std::string(40, 'x') + "…");
  std::string accents;
  for (int i = 0; i < 70; ++i) accents += "é";
  std::string first64;
  for (int i = 0; i < 64; ++i) first64 += "é";
  CHECK(ckimport::diag::shown(accents) == first64 + "…");  // never cut inside a character
}

TEST_CASE("Tally: past the limit, the first of each kind (file, rule, message template) is still shown",
          "[diag][tally]") {
  Tally tally({1, false});
  auto a = of(Severity::error);
  a.message = "`display_name` is not a field";
  auto b = a;
  b.message = "`is_guest` is not a field";
  auto found_no = a;
  found_no.message = "`isGuest` must be a boolean, found \"no\"";
  auto found_yes = found_no;
  found_yes.message = "`isGuest` must be a boolean, found \"yes\"";
  CHECK(tally.count(a));
  CHECK_FALSE(tally.count(a));
  CHECK(tally.count(b));
  CHECK(tally.count(found_no));
  CHECK_FALSE(tally.count(found_yes));  // a value found is no part of the kind
  CHECK(tally.not_shown() == 2);
  CHECK(tally.errors() == 5);
}

TEST_CASE("Tally: per_kind folds the rest of a kind, without using up the limit", "[diag][tally]") {
  Tally tally({2, false, 3});
  auto d = of(Severity::error);
  d.message = "m";
  for (int i = 0; i < 3; ++i) CHECK(tally.take(d) == (i < 2 ? Tally::Fate::shown : Tally::Fate::cut));
  Tally folding({100, false, 3});
  for (int i = 0; i < 5; ++i) CHECK(folding.take(d) == (i < 3 ? Tally::Fate::shown : Tally::Fate::folded));
  CHECK(folding.folded() == 2);
  CHECK(folding.not_shown() == 0);
}

TEST_CASE("Tally: counts by rule, most first, with files and fixes", "[diag][tally]") {
  Tally tally;
  auto field = of(Severity::error);
  field.rule = ckimport::diag::RuleId::unknown_field;
  field.location.file = "users.json";
  field.fix = ckimport::diag::Fix{"rename", ckimport::diag::Applicability::safe, {}};
  auto other_file = field;
  other_file.location.file = "channels.json";
  auto user = of(Severity::error);
  user.rule = ckimport::diag::RuleId::unknown_user;
  tally.count(user);
  tally.count(field);
  tally.count(field);
  tally.count(other_file);
  const auto rules = tally.by_rule();
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].rule == ckimport::diag::RuleId::unknown_field);
  CHECK(rules[0].count == 3);
  CHECK(rules[0].files == 2);
  CHECK(rules[0].fixable == 3);
  CHECK(rules[1].rule == ckimport::diag::RuleId::unknown_user);
  CHECK(rules[1].fixable == 0);
}

TEST_CASE("with_thousands and message_template", "[diag]") {
  CHECK(ckimport::diag::with_thousands(0) == "0");
  CHECK(ckimport::diag::with_thousands(999) == "999");
  CHECK(ckimport::diag::with_thousands(1000) == "1,000");
  CHECK(ckimport::diag::with_thousands(20000) == "20,000");
  CHECK(ckimport::diag::with_thousands(1234567) == "1,234,567");
  CHECK(ckimport::diag::message_template(R"(`a` found "x", found "y")") == R"(`a` found "…", found "…")");
  // A cross-file rule's names and numbers are data: one template for all.
  CHECK(ckimport::diag::message_template("username `user-00017` is defined twice, in 2 files", true) ==
        "username `…` is defined twice, in # files");
}
