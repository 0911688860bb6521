#pragma once
// What a check of the open documents finds, per document.
//
// The bundle of an open file is the one `ckimport check FILE` finds for it
// (model::bundle_root_for). Open documents are grouped by bundle, and each
// group is ONE engine request: its documents' paths, and an overlay with
// every open document, so a buffer stands in for its file wherever the
// engine reads it (checked, or as another file's context). The reporter's
// diagnostics are split by file back to the documents.
//
// A document the engine does not check (its kind cannot be told from its
// name: check::RequestError "cannot tell which kind ...") is left out of the
// request and marked `import_file = false`; the server publishes nothing for
// it. A request that fails for another reason (source::InputError: a file of
// the bundle cannot be read) fails its group only, with the reason.
#include <exception>
#include <string>
#include <vector>

#include "check/engine.hpp"
#include "lsp/document_store.hpp"

namespace ckimport::lsp {

// Thrown by the engine's progress callback to abandon a check whose
// documents changed meanwhile (or when the server exits). The engine runs
// the check on one thread (EngineOptions::jobs = 1), where an exception
// unwinds cleanly.
class Cancelled : public std::exception {
 public:
  const char* what() const noexcept override { return "check cancelled"; }
};

// The key documents of one bundle share: the bundle root, resolved.
std::string bundle_key(const std::string& path);

struct BundleGroup {
  std::string key;                  // bundle_key() of each document's path
  std::vector<Document> documents;  // with paths, in the order given
};

// Documents with a path, grouped by bundle, groups in the order of their
// first document.
std::vector<BundleGroup> group_documents(const std::vector<Document>& documents);

struct DocumentDiagnostics {
  Document document;
  bool import_file = true;
  std::vector<diag::Diagnostic> diagnostics;  // in the engine's order
};

struct BundleResult {
  std::vector<DocumentDiagnostics> documents;  // the group's, in its order
  bool failed = false;                         // nothing to publish; `problem` says why
  std::string problem;
  std::size_t elsewhere = 0;  // diagnostics of files that are not in the group (ckimport.json, say)
};

// Checks the group's documents with the engine, every document of `overlay`
// read instead of its file. Throws Cancelled (from the engine's progress
// callback); any other failure is `failed`.
BundleResult check_group(check::Engine& engine, const BundleGroup& group, const check::Overlay& overlay);

}  // namespace ckimport::lsp
