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

TEST_CASE("Tally: a limit of 0 shows nothing and counts everything", "[diag][tally]") {
  Tally tally({0, false});
  CHECK_FALSE(tally.count(of(Severity::error)));
  CHECK_FALSE(tally.count(of(Severity::warning)));
  CHECK(tally.not_shown() == 2);
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
