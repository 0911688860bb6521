#pragma once
// The documents the client has open: their URIs, paths, versions and
// texts, kept in step with didOpen, didChange (whole texts and ranges, in the
// negotiated position encoding) and didClose, and the overlay a check reads
// them through.
//
// Texts are shared, immutable strings: a snapshot for the check worker costs
// a reference count, not a copy of a 100 MB buffer; an edit makes a new
// string.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/overlay.hpp"
#include "lsp/protocol.hpp"

namespace ckimport::lsp {

struct Document {
  std::string uri;                  // exactly as the client sent it
  std::optional<std::string> path;  // for file URIs: the absolute path
  std::int64_t version = 0;
  std::shared_ptr<const std::string> text;
};

// One entry of didChange's contentChanges: the whole text (no range), or
// the text that replaces a range.
struct ContentChange {
  std::optional<LspRange> range;
  std::string text;
};

// `text` with `change` applied.
std::string apply_change(std::string_view text, const ContentChange& change, PositionEncoding encoding);

class DocumentStore {
 public:
  // Adds the document, or replaces one open at the same URI.
  const Document& open(std::string uri, std::int64_t version, std::string text);
  // Applies the changes in order, each to the text the one before made.
  // nullptr when the document is not open.
  const Document* change(std::string_view uri, std::int64_t version, const std::vector<ContentChange>& changes,
                         PositionEncoding encoding);
  // The closed document, or nullopt when it was not open.
  std::optional<Document> close(std::string_view uri);

  const Document* find(std::string_view uri) const;
  std::vector<Document> documents() const;  // by URI
  std::size_t size() const { return documents_.size(); }

  // Every open document with a path, read instead of its file.
  check::Overlay overlay() const;

 private:
  std::map<std::string, Document, std::less<>> documents_;
};

// An overlay of the documents given (those with a path).
check::Overlay overlay_of(const std::vector<Document>& documents);

}  // namespace ckimport::lsp
