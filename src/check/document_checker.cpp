#include "check/document_checker.hpp"

#include "check/excerpt.hpp"
#include "check/item_checker.hpp"
#include "json/element_reader.hpp"

namespace ckimport::check {

bool DocumentChecker::check(const std::string& display_path, source::ByteSource& input,
                            diag::DiagnosticSink& sink, const Visitor& visit) {
  std::string bytes;
  char buffer[1 << 16];
  for (std::size_t n; (n = input.read(buffer, sizeof buffer)) > 0;) bytes.append(buffer, n);
  source::Position start;
  std::string_view text = bytes;
  if (text.starts_with(json::utf8_bom)) {
    diag::Diagnostic d = json::byte_order_mark_warning();
    d.location.file = display_path;
    attach_excerpt(d, input);
    sink.add(std::move(d));
    text.remove_prefix(json::utf8_bom.size());
    start = source::text_start(json::utf8_bom);
  }
  const simdjson::padded_string padded(text);
  std::vector<diag::Diagnostic> found;
  const auto value = elements_.parse(display_path, input, start, {padded.data(), padded.size()}, found);
  if (value) {
    std::vector<schema::Finding> findings;
    find_duplicate_keys(*value, findings);
    visit(*value, findings);
    locate_findings(display_path, input, start, text, "", findings, found, elements_.masked());
  }
  for (auto& d : found) sink.add(std::move(d));
  return value.has_value();
}

void DocumentChecker::validate(const std::string& display_path, const schema::CompiledSchema& schema,
                               source::ByteSource& input, diag::DiagnosticSink& sink) {
  check(display_path, input, sink, [&](simdjson::dom::element value, std::vector<schema::Finding>& findings) {
    elements_.validate(schema, value, "the document", findings);
  });
}

}  // namespace ckimport::check
