// check::BundleOutput: a bundle's rule settings, the files only read as
// context, and the order diagnostics reach the reporter in.

#include "check/bundle_output.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using ckimport::check::BundleOutput;
using ckimport::check::ListReporter;
using ckimport::diag::Diagnostic;
using ckimport::diag::RuleId;
using ckimport::diag::RuleSetting;
using ckimport::diag::Severity;
using Lines = std::vector<std::string>;

Diagnostic make(std::string file, std::uint64_t offset, Severity severity = Severity::error,
                RuleId rule = RuleId::syntax, std::string message = "m") {
  Diagnostic d;
  d.rule = rule;
  d.severity = severity;
  d.message = std::move(message);
  d.location.file = std::move(file);
  d.location.begin.offset.value = offset;
  d.location.end.offset.value = offset + 1;
  return d;
}

// "<file>@<offset> <severity> <rule> <message>" of each diagnostic reported.
Lines reported(ListReporter& reporter) {
  Lines out;
  for (const auto& d : reporter.diagnostics) {
    out.push_back(d.location.file + "@" + std::to_string(d.location.begin.offset.value) + " " +
                  ckimport::diag::to_string(d.severity) + " " + std::string(ckimport::diag::rule_name(d.rule)) +
                  " " + d.message);
  }
  reporter.diagnostics.clear();
  return out;
}

}  // namespace

TEST_CASE("BundleOutput: rule settings turn rules off, or change their severity", "[check][output]") {
  ListReporter reporter;
  BundleOutput output({{RuleId::duplicate_key, RuleSetting::off},
                       {RuleId::unknown_field, RuleSetting::warning},
                       {RuleId::guest_field, RuleSetting::error}},
                      {}, reporter);
  CHECK_FALSE(output.rule_enabled(RuleId::duplicate_key));
  CHECK(output.rule_enabled(RuleId::unknown_field));
  CHECK(output.rule_enabled(RuleId::syntax));
  output.add(make("a.json", 1, Severity::warning, RuleId::duplicate_key));
  output.add(make("a.json", 2, Severity::error, RuleId::unknown_field));
  output.add(make("a.json", 3, Severity::warning, RuleId::guest_field));
  output.add(make("a.json", 4, Severity::error, RuleId::syntax));
  CHECK(output.errors() == 2);
  output.flush();
  CHECK(reported(reporter) == Lines{"a.json@2 warning unknown-field m", "a.json@3 error guest-field m",
                                    "a.json@4 error syntax m"});
}

TEST_CASE("BundleOutput: only the named files are reported on", "[check][output]") {
  ListReporter reporter;
  BundleOutput output({}, {"b.json", "c.json"}, reporter);
  output.add(make("a.json", 1));
  output.add(make("b.json", 2, Severity::warning));
  output.add(make("c.json", 3));
  output.add(make("dir/b.json", 4));  // names are compared exactly
  CHECK(output.errors() == 1);
  output.flush();
  CHECK(reported(reporter) == Lines{"b.json@2 warning syntax m", "c.json@3 error syntax m"});
}

TEST_CASE("BundleOutput: files in the order they first came, each by offset, stably", "[check][output]") {
  ListReporter reporter;
  BundleOutput output({}, {}, reporter);
  output.add(make("b.json", 10, Severity::error, RuleId::syntax, "b10"));
  output.add(make("a.json", 5, Severity::error, RuleId::syntax, "a5-first"));
  output.add(make("b.json", 2, Severity::error, RuleId::syntax, "b2"));
  output.add(make("a.json", 5, Severity::warning, RuleId::syntax, "a5-second"));
  output.add(make("c.json", 0, Severity::error, RuleId::syntax, "c0"));
  output.add(make("a.json", 1, Severity::error, RuleId::syntax, "a1"));
  output.add(make("a.json", 5, Severity::note, RuleId::syntax, "a5-third"));
  output.add(make("b.json", 2, Severity::error, RuleId::syntax, "b2-again"));
  CHECK(reporter.diagnostics.empty());  // nothing before the flush
  output.flush();
  CHECK(reported(reporter) == Lines{
                                  "b.json@2 error syntax b2",
                                  "b.json@2 error syntax b2-again",
                                  "b.json@10 error syntax b10",
                                  "a.json@1 error syntax a1",
                                  "a.json@5 error syntax a5-first",
                                  "a.json@5 warning syntax a5-second",
                                  "a.json@5 note syntax a5-third",
                                  "c.json@0 error syntax c0",
                              });
  // Flushed: the next flush has only what was added since.
  output.flush();
  CHECK(reporter.diagnostics.empty());
  output.add(make("c.json", 3));
  output.add(make("a.json", 9));
  output.flush();
  CHECK(reported(reporter) == Lines{"c.json@3 error syntax m", "a.json@9 error syntax m"});
}

TEST_CASE("BundleOutput: files listed at the flush come first, in that order", "[check][output]") {
  // Several files flushed at once, the findings of the first came last (a
  // duplicate key found only when the kind's last file was read).
  ListReporter reporter;
  BundleOutput output({}, {}, reporter);
  output.add(make("messages-b.json", 4));
  output.add(make("notes.txt", 1, Severity::note));
  output.add(make("messages-a.json", 7));
  const std::vector<std::string> order{"messages-a.json", "messages-b.json"};
  output.flush(order);
  CHECK(reported(reporter) ==
        Lines{"messages-a.json@7 error syntax m", "messages-b.json@4 error syntax m", "notes.txt@1 note syntax m"});
}

TEST_CASE("BundleOutput: every field of a diagnostic reaches the reporter", "[check][output]") {
  ListReporter reporter;
  BundleOutput output({}, {}, reporter);
  Diagnostic d = make("a.json", 7, Severity::warning, RuleId::duplicate_key, "duplicate key `a`");
  d.pointer = "/0/a";
  d.help = "remove one";
  d.related.push_back({d.location, "first defined"});
  d.fix = ckimport::diag::Fix{"remove it", ckimport::diag::Applicability::unsafe, {{{{7}}, {{8}}, ""}}};
  output.add(d);
  output.flush();
  REQUIRE(reporter.diagnostics.size() == 1);
  const Diagnostic& taken = reporter.diagnostics[0];
  CHECK(taken.pointer == "/0/a");
  CHECK(taken.help == "remove one");
  REQUIRE(taken.related.size() == 1);
  CHECK(taken.related[0].message == "first defined");
  CHECK(taken.location.end.offset.value == 8);
  REQUIRE(taken.fix);
  CHECK(taken.fix->edits.at(0).end.offset.value == 8);
}

TEST_CASE("BundleOutput: a once-per-file rule's repeats become one diagnostic with the count", "[check][output]") {
  ListReporter reporter;
  BundleOutput output({}, {}, reporter);
  output.name_items("m.json", "messages");
  const auto ghost = [](std::string file, std::uint64_t offset) {
    return make(std::move(file), offset, Severity::error, RuleId::unknown_user, "sender `ghost` is not a user");
  };
  for (std::uint64_t offset : {50U, 10U, 30U, 70U, 90U, 110U}) output.add(ghost("m.json", offset));
  output.add(ghost("n.json", 5));  // another file: its own diagnostic
  output.add(make("m.json", 20, Severity::error, RuleId::unknown_user, "sender `zed` is not a user"));
  // Not a once-per-file rule: each stays.
  output.add(make("m.json", 40, Severity::error, RuleId::unknown_field, "`x` is not a field"));
  output.add(make("m.json", 60, Severity::error, RuleId::unknown_field, "`x` is not a field"));
  CHECK(output.errors() == 5);
  output.flush();
  CHECK(reported(reporter) == Lines{"m.json@10 error unknown-user sender `ghost` is not a user (6 messages)",
                                    "m.json@20 error unknown-user sender `zed` is not a user",
                                    "m.json@40 error unknown-field `x` is not a field",
                                    "m.json@60 error unknown-field `x` is not a field",
                                    "n.json@5 error unknown-user sender `ghost` is not a user"});
}

TEST_CASE("BundleOutput: the first place is kept and the next three are related", "[check][output]") {
  ListReporter reporter;
  BundleOutput output({}, {}, reporter);
  for (std::uint64_t offset : {10U, 20U, 30U, 40U, 50U}) {
    output.add(make("c.json", offset, Severity::error, RuleId::unknown_channel, "channel 4 is not a known channel"));
  }
  output.flush();
  REQUIRE(reporter.diagnostics.size() == 1);
  const auto& d = reporter.diagnostics.front();
  CHECK(d.occurrences == 5);
  CHECK(d.message == "channel 4 is not a known channel (5 references)");
  REQUIRE(d.related.size() == BundleOutput::repeats_shown);
  CHECK(d.related[0].location.begin.offset.value == 20);
  CHECK(d.related[2].location.begin.offset.value == 40);
}
