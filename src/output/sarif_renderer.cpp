// --format sarif: a SARIF 2.1.0 log with one run, for GitHub code scanning
// and other SARIF viewers.
//
// Choices a reader may question:
//  - $schema is the final 2.1.0 URI; a pre-release one fails
//    `sarif-multitool validate` (SARIF1011) and GitHub may reject the file.
//  - run.columnKind is "unicodeCodePoints", our column unit; SARIF's default
//    is utf16CodeUnits.
//  - Relative paths are URIs relative to SRCROOT, which
//    run.originalUriBaseIds defines from RenderOptions::base_dir; GitHub
//    resolves them against the checkout.
//  - The rules come from RenderOptions::rules (the CLI passes
//    diag::all_rules()), so this file does not depend on the rule list.
//  - A diagnostic's help is appended to message.text after a line break,
//    since viewers show message.text, and the rule's own help is generic.
//  - The JSON Pointer goes into locations[0].logicalLocations (as a
//    fullyQualifiedName) and result.properties.jsonPointer.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <string>
#include <unordered_map>

#include "output/json_writer.hpp"
#include "output/paths.hpp"
#include "output/renderer.hpp"
#include "text/names.hpp"

namespace ckimport::output::detail {

namespace {

constexpr std::string_view sarif_schema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view src_root = "SRCROOT";

std::string_view level(diag::Severity severity) {
  switch (severity) {
    case diag::Severity::error:
      return "error";
    case diag::Severity::warning:
      return "warning";
    case diag::Severity::note:
      return "note";
  }
  return "error";
}

std::string_view group_name(diag::RuleGroup group) {
  switch (group) {
    case diag::RuleGroup::syntax:
      return "syntax";
    case diag::RuleGroup::schema:
      return "schema";
    case diag::RuleGroup::cross_file:
      return "cross-file";
  }
  return "schema";
}

// "unknown-field" -> "UnknownField": SARIF's reportingDescriptor.name is meant
// to be an identifier-like name.
std::string pascal_case(std::string_view id) {
  std::string name;
  bool upper = true;
  for (const char c : id) {
    if (c == '-' || c == '_' || c == ' ') {
      upper = true;
      continue;
    }
    name.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return name;
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

// A Markdown code fence longer than any run of backticks in the code.
std::string fence_for(std::string_view code) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string help_markdown(const diag::RuleInfo& rule) {
  std::string md(rule.explanation);
  const auto example = [&](std::string_view title, std::string_view code) {
    if (code.empty()) return;
    const std::string fence = fence_for(code);
    md += "\n\n";
    md += title;
    md += ":\n\n" + fence + "json\n";
    md += code;
    if (code.back() != '\n') md += '\n';
    md += fence;
  };
  // Examples as a person reads them: utf8-bom's bad example is an
  // invisible U+FEFF, shown as \u{feff}.
  example("Bad", text::escape_invisible(rule.bad_example));
  example("Good", text::escape_invisible(rule.good_example));
  return md;
}

std::string help_text(const diag::RuleInfo& rule) {
  std::string help(rule.explanation);
  if (!rule.bad_example.empty()) help += "\n\nBad:\n" + text::escape_invisible(rule.bad_example);
  if (!rule.good_example.empty()) help += "\n\nGood:\n" + text::escape_invisible(rule.good_example);
  return help;
}

void write_rule(JsonWriter& json, const diag::RuleInfo& rule) {
  json.begin_object();
  json.key("id").string(rule.id);
  // The validator (SARIF1001) requires name to differ from id, ignoring case:
  // a one-word id like "syntax" gets no name.
  const std::string name = pascal_case(rule.id);
  if (!equal_ignoring_ascii_case(name, rule.id)) json.key("name").string(name);
  json.key("shortDescription").begin_object().key("text").string(rule.summary).end_object();
  if (!rule.explanation.empty()) {
    json.key("fullDescription").begin_object().key("text").string(rule.explanation).end_object();
  }
  json.key("help").begin_object();
  json.key("text").string(help_text(rule));
  json.key("markdown").string(help_markdown(rule));
  json.end_object();
  json.key("defaultConfiguration").begin_object().key("level").string(level(rule.default_severity)).end_object();
  json.key("properties")
      .begin_object()
      .key("tags")
      .begin_array()
      .string(group_name(rule.group))
      .end_array()
      .end_object();
  json.end_object();
}

class SarifRenderer final : public Renderer {
 public:
  SarifRenderer(std::ostream& out, const RenderOptions& options) : out_(out), json_(out), options_(options) {
    for (std::size_t i = 0; i < options_.rules.size(); ++i) rule_index_.emplace(options_.rules[i].rule, i);
  }

  void begin() override {
    json_.begin_object();
    json_.key("$schema").string(sarif_schema);
    json_.key("version").string("2.1.0");
    json_.key("runs").begin_array().begin_object();

    json_.key("tool").begin_object().key("driver").begin_object();
    json_.key("name").string("ckimport");
    if (!options_.tool_version.empty()) json_.key("version").string(options_.tool_version);
    json_.key("informationUri").string(information_uri);
    json_.key("rules").begin_array();
    for (const diag::RuleInfo& rule : options_.rules) write_rule(json_, rule);
    json_.end_array();
    json_.end_object().end_object();  // driver, tool

    if (const auto base = directory_file_uri(options_.base_dir)) {
      json_.key("originalUriBaseIds").begin_object();
      json_.key(src_root).begin_object().key("uri").string(*base).end_object();
      json_.end_object();
    }
    json_.key("columnKind").string("unicodeCodePoints");
    json_.key("results").begin_array();
  }

  void diagnostic(const diag::Diagnostic& d) override {
    json_.begin_object();
    json_.key("ruleId").string(diag::rule_name(d.rule));
    if (const auto it = rule_index_.find(d.rule); it != rule_index_.end()) json_.key("ruleIndex").number(it->second);
    json_.key("level").string(level(d.severity));
    std::string text = d.message;
    if (d.help) text += "\nhelp: " + *d.help;
    json_.key("message").begin_object().key("text").string(text).end_object();

    json_.key("locations").begin_array().begin_object();
    write_physical_location(d.location);
    if (!d.pointer.empty()) {
      json_.key("logicalLocations").begin_array().begin_object();
      json_.key("fullyQualifiedName").string(d.pointer);
      json_.end_object().end_array();
    }
    json_.end_object().end_array();

    if (!d.related.empty()) {
      json_.key("relatedLocations").begin_array();
      std::uint64_t id = 1;
      for (const diag::Related& related : d.related) {
        json_.begin_object();
        json_.key("id").number(id++);
        write_physical_location(related.location);
        if (!related.message.empty())
          json_.key("message").begin_object().key("text").string(related.message).end_object();
        json_.end_object();
      }
      json_.end_array();
    }
    if (d.fix) write_fix(d.location.file, *d.fix);
    // One result for a problem repeated at many places (SARIF 2.1.0
    // §3.27.31): the first place in locations, the next few related.
    if (d.occurrences > 1) json_.key("occurrenceCount").number(d.occurrences);
    json_.key("properties").begin_object().key("jsonPointer").string(d.pointer).end_object();
    json_.end_object();
  }

  void end(const RunSummary& summary) override {
    json_.end_array();  // results
    // What the results leave out is said where SARIF viewers look for the
    // tool's own messages (SARIF 2.1.0 §3.20.21): a report cut by
    // --max-diagnostics must not read as the whole story.
    json_.key("invocations").begin_array().begin_object();
    json_.key("executionSuccessful").boolean(true);
    json_.key("toolExecutionNotifications").begin_array();
    const auto notification = [&](std::string_view level, const std::string& text) {
      json_.begin_object();
      json_.key("level").string(level);
      json_.key("message").begin_object().key("text").string(text).end_object();
      json_.end_object();
    };
    if (summary.cut() > 0) {
      notification("warning", fmt::format("{} more results were found than --max-diagnostics lets this report "
                                           "hold; they are not in it (run with a larger --max-diagnostics)",
                                           summary.cut()));
    }
    if (summary.hidden > 0) {
      notification("note", fmt::format("{} warnings and notes were left out by --quiet", summary.hidden));
    }
    json_.end_array();
    json_.end_object().end_array();  // invocation, invocations
    json_.end_object().end_array();  // run, runs
    json_.end_object();
    out_ << '\n';
  }

 private:
  // result.fixes: one fix, its edits as replacements in the result's file.
  // SARIF has no applicability; properties.applicability says it, and the
  // description of an unsafe one says so for viewers that only show text.
  void write_fix(const std::string& file, const diag::Fix& fix) {
    const bool safe = fix.applicability == diag::Applicability::safe;
    json_.key("fixes").begin_array().begin_object();
    json_.key("description").begin_object().key("text").string(safe ? fix.message : fix.message + " (unsafe)").end_object();
    json_.key("artifactChanges").begin_array().begin_object();
    const ArtifactUri uri = artifact_uri(file, options_.base_dir);
    json_.key("artifactLocation").begin_object();
    json_.key("uri").string(uri.uri);
    if (uri.relative) json_.key("uriBaseId").string(src_root);
    json_.end_object();
    json_.key("replacements").begin_array();
    for (const diag::Edit& edit : fix.edits) {
      json_.begin_object();
      json_.key("deletedRegion").begin_object();
      // Both a text and a binary region, which SARIF requires to agree: a
      // byte order mark has bytes but no column (columns start after it),
      // so its removal is said in bytes only.
      const bool columns_agree = edit.begin.line != edit.end.line || edit.begin.column != edit.end.column ||
                                 edit.begin.offset == edit.end.offset;
      if (columns_agree) {
        json_.key("startLine").number(std::max<std::uint64_t>(edit.begin.line.value, 1));
        json_.key("startColumn").number(std::max<std::uint64_t>(edit.begin.column.value, 1));
        json_.key("endLine").number(std::max<std::uint64_t>(edit.end.line.value, 1));
        json_.key("endColumn").number(std::max<std::uint64_t>(edit.end.column.value, 1));
      }
      json_.key("byteOffset").number(edit.begin.offset.value);
      json_.key("byteLength").number(edit.end.offset.value - edit.begin.offset.value);
      json_.end_object();
      json_.key("insertedContent").begin_object().key("text").string(edit.replacement).end_object();
      json_.end_object();
    }
    json_.end_array();
    json_.end_object().end_array();  // artifactChange, artifactChanges
    json_.key("properties").begin_object().key("applicability").string(safe ? "safe" : "unsafe").end_object();
    json_.end_object().end_array();  // fix, fixes
  }

  void write_physical_location(const diag::Location& location) {
    const ArtifactUri uri = artifact_uri(location.file, options_.base_dir);
    const Span span = clamped_span(location);
    json_.key("physicalLocation").begin_object();
    json_.key("artifactLocation").begin_object();
    json_.key("uri").string(uri.uri);
    if (uri.relative) json_.key("uriBaseId").string(src_root);
    json_.end_object();
    json_.key("region").begin_object();
    json_.key("startLine").number(span.line);
    json_.key("startColumn").number(span.column);
    json_.key("endLine").number(span.end_line);
    json_.key("endColumn").number(span.end_column);
    json_.end_object();
    json_.end_object();
  }

  std::ostream& out_;
  JsonWriter json_;
  RenderOptions options_;
  std::map<diag::RuleId, std::size_t> rule_index_;
};

}  // namespace

std::unique_ptr<Renderer> make_sarif_renderer(std::ostream& out, const RenderOptions& options) {
  return std::make_unique<SarifRenderer>(out, options);
}

}  // namespace ckimport::output::detail
