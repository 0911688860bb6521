#pragma once
// The engine's diagnostics of one document as LSP Diagnostics, kept with
// the text they were found in, for publishDiagnostics and for the code
// actions asked of them later.
//
// Ranges: the token, diag::Location [begin, end), from its byte offsets
// through a LineIndex over the text that was checked (the open buffer).
// Related locations in the same document likewise; in other files, from
// the Position the engine computed while it read that file (the same
// bytes: the overlay's or the disk's), through Position::column_in, so that
// a 100 MB file that is not open is not read again to place one "first
// defined here".
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "lsp/document_store.hpp"
#include "lsp/protocol.hpp"
#include "source/position.hpp"

namespace ckimport::lsp {

struct LspDiagnostic {
  diag::Diagnostic diagnostic;  // as the engine made it, its fix included
  LspRange range;
  std::string json;  // the LSP Diagnostic object
};

struct AnalyzedDocument {
  std::string uri;
  std::int64_t version = 0;
  std::shared_ptr<const std::string> text;         // what was checked
  std::shared_ptr<const source::LineIndex> index;  // over *text
  std::vector<LspDiagnostic> diagnostics;
};

// The URI to show for a file that a related location names: the open
// document's own URI, else path_to_uri of its absolute path.
using UriOf = std::function<std::string(const std::string& path)>;

AnalyzedDocument analyze_document(const Document& document, std::vector<diag::Diagnostic> diagnostics,
                                  PositionEncoding encoding, const UriOf& uri_of);

// publishDiagnostics params: {uri, version, diagnostics}. `document` null:
// the empty list (a closed document).
std::string publish_params(const std::string& uri, const AnalyzedDocument* document);

}  // namespace ckimport::lsp
