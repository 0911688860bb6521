#include "lsp/code_actions.hpp"

#include "fix/edit_plan.hpp"

namespace ckimport::lsp {
namespace {

bool before(LspPosition a, LspPosition b) {
  return a.line < b.line || (a.line == b.line && a.character < b.character);
}

// Ranges that share a point, an empty range (the cursor) at either end
// included.
bool overlaps(const LspRange& a, const LspRange& b) { return !before(a.end, b.start) && !before(b.end, a.start); }

bool wanted(const std::optional<std::vector<std::string>>& only, std::string_view kind) {
  if (!only) return true;
  for (const auto& k : *only) {
    if (kind == k || (kind.starts_with(k) && kind.size() > k.size() && kind[k.size()] == '.')) return true;
  }
  return false;
}

fix::Fix plan_input(const diag::Fix& fix) {
  fix::Fix out;
  out.message = fix.message;
  out.applicability =
      fix.applicability == diag::Applicability::safe ? fix::Applicability::safe : fix::Applicability::unsafe;
  for (const auto& edit : fix.edits) out.edits.push_back({edit.begin.offset.value, edit.end.offset.value, edit.replacement});
  return out;
}

void write_edit(JsonOut& json, const AnalyzedDocument& document, const CodeActionQuery& query,
                const std::vector<fix::Edit>& edits, PositionEncoding encoding) {
  const auto text_edits = [&] {
    json.begin_array();
    for (const auto& edit : edits) {
      json.begin_object().key("range");
      write_range(json, range_at(*document.index, edit.begin, edit.end, encoding));
      json.key("newText").string(edit.replacement).end_object();
    }
    json.end_array();
  };
  json.begin_object();
  if (query.document_changes) {
    json.key("documentChanges").begin_array().begin_object();
    json.key("textDocument").begin_object().key("uri").string(document.uri).key("version").number(document.version);
    json.end_object().key("edits");
    text_edits();
    json.end_object().end_array();
  } else {
    json.key("changes").begin_object().key(document.uri);
    text_edits();
    json.end_object();
  }
  json.end_object();
}

}  // namespace

std::string code_actions(const AnalyzedDocument& document, const CodeActionQuery& query, PositionEncoding encoding) {
  JsonOut json;
  json.begin_array();
  const auto size = document.text->size();
  if (wanted(query.only, "quickfix")) {
    for (const auto& d : document.diagnostics) {
      if (!d.diagnostic.fix || !overlaps(d.range, query.range)) continue;
      // A fix the planner would refuse (edits past the end, overlapping
      // each other) is a rule's bug: not offered.
      const auto plan = fix::plan_edits({plan_input(*d.diagnostic.fix)}, size, fix::Applicability::unsafe);
      if (plan.applied.empty()) continue;
      json.begin_object();
      json.key("title").string(d.diagnostic.fix->message);
      json.key("kind").string("quickfix");
      json.key("diagnostics").begin_array().raw(d.json).end_array();
      if (d.diagnostic.fix->applicability == diag::Applicability::safe) json.key("isPreferred").boolean(true);
      json.key("edit");
      write_edit(json, document, query, plan.edits, encoding);
      json.end_object();
    }
  }
  if (wanted(query.only, fix_all_kind)) {
    std::vector<fix::Fix> fixes;
    std::vector<const LspDiagnostic*> fixed;
    for (const auto& d : document.diagnostics) {
      if (d.diagnostic.fix && d.diagnostic.fix->applicability == diag::Applicability::safe) {
        fixes.push_back(plan_input(*d.diagnostic.fix));
        fixed.push_back(&d);
      }
    }
    const auto plan = fix::plan_edits(fixes, size, fix::Applicability::safe);
    if (!plan.edits.empty()) {
      json.begin_object();
      json.key("title").string(plan.applied.size() == 1 ? "Fix the safe ckimport problem"
                                                        : "Fix all " + std::to_string(plan.applied.size()) +
                                                              " safe ckimport problems");
      json.key("kind").string(fix_all_kind);
      json.key("diagnostics").begin_array();
      for (const auto i : plan.applied) json.raw(fixed[i]->json);
      json.end_array();
      json.key("edit");
      write_edit(json, document, query, plan.edits, encoding);
      json.end_object();
    }
  }
  json.end_array();
  return json.take();
}

}  // namespace ckimport::lsp
