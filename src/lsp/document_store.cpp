#include "lsp/document_store.hpp"

#include <algorithm>

namespace ckimport::lsp {

std::string apply_change(std::string_view text, const ContentChange& change, PositionEncoding encoding) {
  if (!change.range) return change.text;
  const source::LineIndex index(text);
  auto begin = offset_at(index, text, change.range->start, encoding);
  auto end = offset_at(index, text, change.range->end, encoding);
  if (end < begin) std::swap(begin, end);
  std::string out;
  out.reserve(text.size() - (end - begin) + change.text.size());
  out.append(text.substr(0, begin));
  out.append(change.text);
  out.append(text.substr(end));
  return out;
}

const Document& DocumentStore::open(std::string uri, std::int64_t version, std::string text) {
  Document document;
  document.path = uri_to_path(uri);
  document.uri = uri;
  document.version = version;
  document.text = std::make_shared<const std::string>(std::move(text));
  auto& slot = documents_[uri];
  slot = std::move(document);
  return slot;
}

const Document* DocumentStore::change(std::string_view uri, std::int64_t version,
                                      const std::vector<ContentChange>& changes, PositionEncoding encoding) {
  const auto found = documents_.find(uri);
  if (found == documents_.end()) return nullptr;
  Document& document = found->second;
  if (!changes.empty()) {
    std::string text = apply_change(*document.text, changes.front(), encoding);
    for (std::size_t i = 1; i < changes.size(); ++i) text = apply_change(text, changes[i], encoding);
    document.text = std::make_shared<const std::string>(std::move(text));
  }
  document.version = version;
  return &document;
}

std::optional<Document> DocumentStore::close(std::string_view uri) {
  const auto found = documents_.find(uri);
  if (found == documents_.end()) return std::nullopt;
  Document document = std::move(found->second);
  documents_.erase(found);
  return document;
}

const Document* DocumentStore::find(std::string_view uri) const {
  const auto found = documents_.find(uri);
  return found == documents_.end() ? nullptr : &found->second;
}

std::vector<Document> DocumentStore::documents() const {
  std::vector<Document> out;
  out.reserve(documents_.size());
  for (const auto& [uri, document] : documents_) out.push_back(document);
  return out;
}

check::Overlay overlay_of(const std::vector<Document>& documents) {
  check::Overlay overlay;
  for (const auto& document : documents) {
    if (document.path) overlay.add(*document.path, *document.text);
  }
  return overlay;
}

check::Overlay DocumentStore::overlay() const { return overlay_of(documents()); }

}  // namespace ckimport::lsp
