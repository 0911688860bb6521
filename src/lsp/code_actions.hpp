#pragma once
// textDocument/codeAction, answered from the last analysis of the document
// (never by checking again: a request is answered at once, whatever the
// worker is doing).
//
//  - `quickfix`: one per diagnostic in the requested range that has a fix
//    (diag::Diagnostic::fix): titled with the fix's message, its edits as a
//    WorkspaceEdit, preferred when the fix is safe.
//  - `source.fixAll.ckimport`: every SAFE fix of the document that can be
//    taken in one pass, chosen by fix::plan_edits (non-overlapping, the same
//    choice `check --fix` makes).
// Both kinds are listed when the client does not narrow them (`context.only`);
// an `only` entry selects a kind and its sub-kinds ("source" selects
// source.fixAll.ckimport).
//
// The fixes' byte offsets refer to the text that was checked: when the
// document has changed since, no action is offered (the next analysis will
// offer them again). Edits name that version when the client takes
// `documentChanges`, so a client that has moved on refuses them.
#include <optional>
#include <string>
#include <vector>

#include "lsp/diagnostics.hpp"

namespace ckimport::lsp {

inline constexpr std::string_view fix_all_kind = "source.fixAll.ckimport";

struct CodeActionQuery {
  LspRange range;
  std::optional<std::vector<std::string>> only;
  bool document_changes = false;  // the client's workspace.workspaceEdit.documentChanges
};

// The result: a JSON array of CodeAction.
std::string code_actions(const AnalyzedDocument& document, const CodeActionQuery& query, PositionEncoding encoding);

}  // namespace ckimport::lsp
