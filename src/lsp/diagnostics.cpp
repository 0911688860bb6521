#include "lsp/diagnostics.hpp"

#include "check/overlay.hpp"

namespace ckimport::lsp {

AnalyzedDocument analyze_document(const Document& document, std::vector<diag::Diagnostic> diagnostics,
                                  PositionEncoding encoding, const UriOf& uri_of) {
  AnalyzedDocument out;
  out.uri = document.uri;
  out.version = document.version;
  out.text = document.text;
  out.index = std::make_shared<const source::LineIndex>(*out.text);
  const source::LineIndex& index = *out.index;
  // Which location.file strings are this document, asked once each.
  std::string own_file;
  const auto is_own = [&](const std::string& file) {
    if (!document.path) return false;
    if (file == *document.path || file == own_file) return true;
    if (own_file.empty() && check::same_file(file, *document.path)) {
      own_file = file;
      return true;
    }
    return false;
  };
  out.diagnostics.reserve(diagnostics.size());
  for (auto& d : diagnostics) {
    LspDiagnostic lsp;
    lsp.range = range_at(index, d.location.begin.offset.value, d.location.end.offset.value, encoding);
    JsonOut json;
    json.begin_object();
    json.key("range");
    write_range(json, lsp.range);
    json.key("severity").number(lsp_severity(d.severity));
    json.key("code").string(diag::rule_name(d.rule));
    json.key("source").string("ckimport");
    json.key("message").string(lsp_message(d));
    if (!d.related.empty()) {
      json.key("relatedInformation").begin_array();
      for (const auto& related : d.related) {
        const auto& at = related.location;
        const bool own = is_own(at.file);
        const LspRange range = own ? range_at(index, at.begin.offset.value, at.end.offset.value, encoding)
                                   : LspRange{to_lsp(at.begin, encoding), to_lsp(at.end, encoding)};
        json.begin_object().key("location").begin_object();
        json.key("uri").string(own ? document.uri : uri_of(at.file));
        json.key("range");
        write_range(json, range);
        json.end_object().key("message").string(related.message).end_object();
      }
      json.end_array();
    }
    json.end_object();
    lsp.json = json.take();
    lsp.diagnostic = std::move(d);
    out.diagnostics.push_back(std::move(lsp));
  }
  return out;
}

std::string publish_params(const std::string& uri, const AnalyzedDocument* document) {
  JsonOut json;
  json.begin_object().key("uri").string(uri);
  if (document != nullptr) json.key("version").number(document->version);
  json.key("diagnostics").begin_array();
  if (document != nullptr) {
    for (const auto& d : document->diagnostics) json.raw(d.json);
  }
  json.end_array().end_object();
  return json.take();
}

}  // namespace ckimport::lsp
