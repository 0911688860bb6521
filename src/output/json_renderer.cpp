// --format json: one pretty-printed JSON document on the output stream,
// described by schemas/ckimport-output.schema.json (keep the two in step; the
// schema's "version" is this document's "version").
//
// Lines and columns are 1-based; columns count Unicode code points (said in
// "columnUnit", so a consumer that counts UTF-16 units, like VS Code, knows to
// convert); offsets count bytes from the start of the file and are 0-based.
// Strings are always valid UTF-8: ill-formed bytes from a user's file become
// U+FFFD (see json_writer.hpp).
#include <algorithm>
#include <ostream>

#include "output/json_writer.hpp"
#include "output/renderer.hpp"

namespace ckimport::output::detail {

namespace {

constexpr int output_version = 1;

void write_range(JsonWriter& json, const diag::Location& location) {
  const Span span = clamped_span(location);
  json.key("file").string(location.file);
  json.key("line").number(span.line);
  json.key("column").number(span.column);
  json.key("endLine").number(span.end_line);
  json.key("endColumn").number(span.end_column);
}

class JsonRenderer final : public Renderer {
 public:
  explicit JsonRenderer(std::ostream& out) : out_(out), json_(out) {}

  void begin() override {
    json_.begin_object();
    json_.key("version").number(output_version);
    json_.key("columnUnit").string("unicodeCodePoints");
    json_.key("diagnostics").begin_array();
  }

  void diagnostic(const diag::Diagnostic& d) override {
    json_.begin_object();
    write_range(json_, d.location);
    json_.key("offset").number(d.location.begin.offset.value);
    json_.key("endOffset").number(std::max(d.location.end.offset.value, d.location.begin.offset.value));
    json_.key("severity").string(diag::to_string(d.severity));
    json_.key("rule").string(diag::rule_name(d.rule));
    json_.key("message").string(d.message);
    json_.key("pointer").string(d.pointer);
    json_.key("help");
    if (d.help) {
      json_.string(*d.help);
    } else {
      json_.null();
    }
    json_.key("related").begin_array();
    for (const diag::Related& related : d.related) {
      json_.begin_object();
      write_range(json_, related.location);
      json_.key("message").string(related.message);
      json_.end_object();
    }
    json_.end_array();
    // Only for a problem repeated at many places (the first is this
    // diagnostic's, the next few are in related): older consumers see no
    // new key in the usual case.
    if (d.occurrences > 1) json_.key("occurrences").number(d.occurrences);
    if (d.fix) write_fix(*d.fix);
    json_.end_object();
  }

  void end(const RunSummary& summary) override {
    json_.end_array();
    json_.key("summary").begin_object();
    json_.key("filesChecked").number(summary.files_checked);
    json_.key("errors").number(summary.errors);
    json_.key("warnings").number(summary.warnings);
    json_.key("notes").number(summary.notes);
    json_.key("notShown").number(summary.not_shown);
    json_.key("cutByLimit").number(summary.cut());
    json_.key("hiddenByQuiet").number(std::min(summary.hidden, summary.not_shown));
    if (summary.bundles > 1) json_.key("bundlesChecked").number(summary.bundles);
    json_.key("fixable").number(summary.fixable);
    json_.key("unsafeFixable").number(summary.unsafe_fixable);
    if (summary.fixed) json_.key("fixed").number(*summary.fixed);
    // Every diagnostic found, shown or cut, by rule: what to fix first.
    json_.key("rules").begin_array();
    for (const diag::RuleCount& rule : summary.rules) {
      json_.begin_object();
      json_.key("rule").string(diag::rule_name(rule.rule));
      json_.key("count").number(rule.count);
      json_.key("files").number(rule.files);
      json_.key("fixable").number(rule.fixable);
      json_.key("unsafeFixable").number(rule.unsafe_fixable);
      json_.end_object();
    }
    json_.end_array();
    json_.end_object();
    json_.end_object();
    out_ << '\n';
  }

 private:
  // Offsets are the file's bytes, half-open; lines and columns are in the
  // document's columnUnit, like the diagnostic's own.
  void write_fix(const diag::Fix& fix) {
    json_.key("fix").begin_object();
    json_.key("applicability").string(fix.applicability == diag::Applicability::safe ? "safe" : "unsafe");
    json_.key("message").string(fix.message);
    json_.key("edits").begin_array();
    for (const diag::Edit& edit : fix.edits) {
      json_.begin_object();
      json_.key("offset").number(edit.begin.offset.value);
      json_.key("endOffset").number(edit.end.offset.value);
      json_.key("line").number(edit.begin.line.value);
      json_.key("column").number(edit.begin.column.value);
      json_.key("endLine").number(edit.end.line.value);
      json_.key("endColumn").number(edit.end.column.value);
      json_.key("text").string(edit.replacement);
      json_.end_object();
    }
    json_.end_array();
    json_.end_object();
  }

  std::ostream& out_;
  JsonWriter json_;
};

}  // namespace

std::unique_ptr<Renderer> make_json_renderer(std::ostream& out, const RenderOptions&) {
  return std::make_unique<JsonRenderer>(out);
}

}  // namespace ckimport::output::detail
