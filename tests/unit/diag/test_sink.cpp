// diag::Sink: counting by severity, --quiet, rule overrides, the output limit,
// report_only, and the order of take_sorted().

#include "diag/sink.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using ckimport::diag::Diagnostic;
using ckimport::diag::RuleSetting;
using ckimport::diag::Severity;
using ckimport::diag::Sink;
using ckimport::diag::SinkOptions;
using Lines = std::vector<std::string>;

// Rules are named by their ids here, as users name them.
ckimport::diag::RuleId rule_id(std::string_view name) { return ckimport::diag::find_rule(name).value(); }

ckimport::diag::RuleSettings settings(std::map<std::string, RuleSetting> by_name) {
  ckimport::diag::RuleSettings out;
  for (const auto& [name, setting] : by_name) out[rule_id(name)] = setting;
  return out;
}

Diagnostic make(std::string file, std::uint64_t offset, Severity severity = Severity::error,
                std::string rule = "syntax", std::string message = "m") {
  Diagnostic d;
  d.rule = rule_id(rule);
  d.severity = severity;
  d.message = std::move(message);
  d.location.file = std::move(file);
  d.location.begin.offset.value = offset;
  d.location.end.offset.value = offset + 1;
  return d;
}

// "<file>@<offset> <severity> <rule> <message>" of each diagnostic taken.
Lines take(Sink& sink) {
  Lines out;
  for (const auto& d : sink.take_sorted()) {
    out.push_back(d.location.file + "@" + std::to_string(d.location.begin.offset.value) + " " +
                  ckimport::diag::to_string(d.severity) + " " + std::string(ckimport::diag::rule_name(d.rule)) + " " + d.message);
  }
  return out;
}

SinkOptions with_rules(std::map<std::string, RuleSetting> rules) {
  SinkOptions options;
  options.rules = settings(std::move(rules));
  return options;
}

}  // namespace

TEST_CASE("Sink: counts diagnostics by severity", "[diag][sink]") {
  Sink sink;
  sink.add(make("a.json", 1, Severity::error));
  sink.add(make("a.json", 2, Severity::warning));
  sink.add(make("a.json", 3, Severity::error));
  sink.add(make("a.json", 4, Severity::note));
  sink.add(make("b.json", 5, Severity::warning));
  sink.add(make("b.json", 6, Severity::warning));
  CHECK(sink.errors() == 2);
  CHECK(sink.warnings() == 3);
  CHECK(sink.notes() == 1);
  CHECK(sink.not_shown() == 0);
  CHECK(take(sink).size() == 6);
  // Counts are for the run: taking the diagnostics does not reset them.
  CHECK(sink.errors() == 2);
}

TEST_CASE("Sink: a new sink is empty", "[diag][sink]") {
  Sink sink;
  CHECK(sink.errors() == 0);
  CHECK(sink.warnings() == 0);
  CHECK(sink.notes() == 0);
  CHECK(sink.not_shown() == 0);
  CHECK(take(sink).empty());
}

TEST_CASE("Sink: --quiet keeps errors only, and still counts the rest", "[diag][sink]") {
  // --strict and --max-warnings count warnings that --quiet hides.
  SinkOptions options;
  options.errors_only = true;
  Sink sink(options);
  sink.add(make("a.json", 1, Severity::warning, "guest-field"));
  sink.add(make("a.json", 2, Severity::error, "syntax"));
  sink.add(make("a.json", 3, Severity::note, "unmatched-file"));
  CHECK(sink.errors() == 1);
  CHECK(sink.warnings() == 1);
  CHECK(sink.notes() == 1);
  CHECK(sink.hidden() == 2);
  CHECK(sink.not_shown() == 0);
  CHECK(take(sink) == Lines{"a.json@2 error syntax m"});
}

TEST_CASE("Sink: rule overrides turn rules off, or change their severity", "[diag][sink]") {
  Sink sink(with_rules({{"duplicate-key", RuleSetting::off},
                        {"unknown-field", RuleSetting::warning},
                        {"guest-field", RuleSetting::error}}));
  sink.add(make("a.json", 1, Severity::warning, "duplicate-key"));
  sink.add(make("a.json", 2, Severity::error, "unknown-field"));
  sink.add(make("a.json", 3, Severity::warning, "guest-field"));
  sink.add(make("a.json", 4, Severity::error, "syntax"));
  CHECK(sink.errors() == 2);
  CHECK(sink.warnings() == 1);
  CHECK(take(sink) == Lines{"a.json@2 warning unknown-field m", "a.json@3 error guest-field m",
                            "a.json@4 error syntax m"});
}

TEST_CASE("Sink: rule_enabled is false only for rules turned off", "[diag][sink]") {
  const Sink sink(with_rules({{"duplicate-key", RuleSetting::off},
                              {"unknown-field", RuleSetting::warning},
                              {"guest-field", RuleSetting::error}}));
  CHECK_FALSE(sink.rule_enabled(rule_id("duplicate-key")));
  CHECK(sink.rule_enabled(rule_id("unknown-field")));
  CHECK(sink.rule_enabled(rule_id("guest-field")));
  CHECK(sink.rule_enabled(rule_id("syntax")));
}

TEST_CASE("Sink: set_rules applies to what follows and returns the rules it replaced",
          "[diag][sink]") {
  Sink sink(with_rules({{"unknown-field", RuleSetting::off}}));
  sink.add(make("a.json", 1, Severity::error, "unknown-field"));
  auto previous = sink.set_rules(settings({{"unknown-field", RuleSetting::warning}}));
  REQUIRE(previous.size() == 1);
  CHECK(previous.at(rule_id("unknown-field")) == RuleSetting::off);
  CHECK(sink.rules().at(rule_id("unknown-field")) == RuleSetting::warning);
  sink.add(make("a.json", 2, Severity::error, "unknown-field"));
  const auto restored = sink.set_rules(std::move(previous));
  CHECK(restored.at(rule_id("unknown-field")) == RuleSetting::warning);
  sink.add(make("a.json", 3, Severity::error, "unknown-field"));
  CHECK(take(sink) == Lines{"a.json@2 warning unknown-field m"});
}

TEST_CASE("Sink: overrides apply before --quiet", "[diag][sink]") {
  SinkOptions options = with_rules({{"guest-field", RuleSetting::error},
                                    {"unknown-field", RuleSetting::warning}});
  options.errors_only = true;
  Sink sink(options);
  sink.add(make("a.json", 1, Severity::warning, "guest-field"));   // raised to error: kept
  sink.add(make("a.json", 2, Severity::error, "unknown-field"));   // lowered to warning: hidden
  CHECK(sink.errors() == 1);
  CHECK(sink.warnings() == 1);
  CHECK(sink.hidden() == 1);
  CHECK(take(sink) == Lines{"a.json@1 error guest-field m"});
}

TEST_CASE("Sink: the limit keeps the first diagnostics and counts the rest", "[diag][sink]") {
  SinkOptions options;
  options.limit = 2;
  Sink sink(options);
  for (std::uint64_t i = 0; i < 5; ++i) sink.add(make("a.json", 10 - i, Severity::error, "syntax", std::to_string(i)));
  CHECK(sink.errors() == 5);
  CHECK(sink.not_shown() == 3);
  // The first two added, in source order.
  CHECK(take(sink) == Lines{"a.json@9 error syntax 1", "a.json@10 error syntax 0"});
}

TEST_CASE("Sink: the limit is for the whole run, across take_sorted calls", "[diag][sink]") {
  SinkOptions options;
  options.limit = 2;
  Sink sink(options);
  sink.add(make("a.json", 1));
  CHECK(take(sink) == Lines{"a.json@1 error syntax m"});
  sink.add(make("b.json", 1));
  sink.add(make("b.json", 2));
  CHECK(take(sink) == Lines{"b.json@1 error syntax m"});
  CHECK(sink.not_shown() == 1);
  CHECK(sink.errors() == 3);
}

TEST_CASE("Sink: a limit of 0 shows nothing and counts everything", "[diag][sink]") {
  SinkOptions options;
  options.limit = 0;
  Sink sink(options);
  sink.add(make("a.json", 1, Severity::error));
  sink.add(make("a.json", 2, Severity::warning));
  CHECK(take(sink).empty());
  CHECK(sink.not_shown() == 2);
  CHECK(sink.errors() == 1);
  CHECK(sink.warnings() == 1);
}

TEST_CASE("Sink: dropped diagnostics (off, quiet) do not use up the limit", "[diag][sink]") {
  SinkOptions options = with_rules({{"duplicate-key", RuleSetting::off}});
  options.limit = 1;
  options.errors_only = true;
  Sink sink(options);
  sink.add(make("a.json", 1, Severity::error, "duplicate-key"));
  sink.add(make("a.json", 2, Severity::warning, "guest-field"));
  sink.add(make("a.json", 3, Severity::error, "syntax"));
  CHECK(sink.not_shown() == 0);
  CHECK(sink.hidden() == 1);
  CHECK(take(sink) == Lines{"a.json@3 error syntax m"});
}

TEST_CASE("Sink: report_only keeps and counts only the named files", "[diag][sink]") {
  Sink sink;
  sink.report_only({"b.json", "c.json"});
  sink.add(make("a.json", 1, Severity::error));
  sink.add(make("b.json", 2, Severity::warning));
  sink.add(make("c.json", 3, Severity::error));
  sink.add(make("dir/b.json", 4, Severity::error));  // names are compared exactly
  CHECK(sink.errors() == 1);
  CHECK(sink.warnings() == 1);
  CHECK(take(sink) == Lines{"b.json@2 warning syntax m", "c.json@3 error syntax m"});

  // An empty list: every file again.
  sink.report_only({});
  sink.add(make("a.json", 5, Severity::error));
  CHECK(take(sink) == Lines{"a.json@5 error syntax m"});
}

TEST_CASE("Sink: take_sorted orders files by first appearance, then by offset, stably",
          "[diag][sink]") {
  Sink sink;
  sink.add(make("b.json", 10, Severity::error, "syntax", "b10"));
  sink.add(make("a.json", 5, Severity::error, "syntax", "a5-first"));
  sink.add(make("b.json", 2, Severity::error, "syntax", "b2"));
  sink.add(make("a.json", 5, Severity::warning, "syntax", "a5-second"));
  sink.add(make("c.json", 0, Severity::error, "syntax", "c0"));
  sink.add(make("a.json", 1, Severity::error, "syntax", "a1"));
  sink.add(make("a.json", 5, Severity::note, "syntax", "a5-third"));
  sink.add(make("b.json", 2, Severity::error, "syntax", "b2-again"));
  CHECK(take(sink) == Lines{
                          "b.json@2 error syntax b2",
                          "b.json@2 error syntax b2-again",
                          "b.json@10 error syntax b10",
                          "a.json@1 error syntax a1",
                          "a.json@5 error syntax a5-first",
                          "a.json@5 warning syntax a5-second",
                          "a.json@5 note syntax a5-third",
                          "c.json@0 error syntax c0",
                      });
  // Taken: the next call has only what was added since.
  CHECK(take(sink).empty());
  sink.add(make("c.json", 3));
  sink.add(make("a.json", 9));
  CHECK(take(sink) == Lines{"c.json@3 error syntax m", "a.json@9 error syntax m"});
}

TEST_CASE("Sink: take_sorted keeps every field of a diagnostic", "[diag][sink]") {
  Sink sink;
  Diagnostic d = make("a.json", 7, Severity::warning, "duplicate-key", "duplicate key `a`");
  d.pointer = "/0/a";
  d.help = "remove one";
  d.related.push_back({d.location, "first defined"});
  sink.add(d);
  const auto taken = sink.take_sorted();
  REQUIRE(taken.size() == 1);
  CHECK(taken[0].pointer == "/0/a");
  CHECK(taken[0].help == "remove one");
  REQUIRE(taken[0].related.size() == 1);
  CHECK(taken[0].related[0].message == "first defined");
  CHECK(taken[0].location.end.offset.value == 8);
}

TEST_CASE("shown: a value quoted in a message is cut at 64 code points", "[diag]") {
  CHECK(ckimport::diag::shown("jane") == "jane");
  CHECK(ckimport::diag::shown(std::string(64, 'x')) == std::string(64, 'x'));
  CHECK(ckimport::diag::shown(std::string(65, 'x')) == std::string(64, 'x') + "…");
  std::string accents;
  for (int i = 0; i < 70; ++i) accents += "é";
  std::string first64;
  for (int i = 0; i < 64; ++i) first64 += "é";
  CHECK(ckimport::diag::shown(accents) == first64 + "…");  // never cut inside a character
}
