#pragma once
// Checks a file read as one JSON document, not streamed: ckimport.json, the
// existing/ snapshots, and any document `ckimport validate` is given. Those
// are small, or, for `validate`, the user asked for a whole document.
#include <functional>
#include <string>
#include <vector>

#include <simdjson.h>

#include "check/element_checker.hpp"
#include "diag/sink.hpp"
#include "schema/schema_registry.hpp"
#include "source/byte_source.hpp"

namespace ckimport::check {

class DocumentChecker {
 public:
  explicit DocumentChecker(schema::SchemaRegistry& schemas, std::size_t max_depth = 512)
      : schemas_(schemas), elements_(schemas, max_depth) {}

  // Reads `input`; reports a byte order mark, syntax errors and duplicate
  // keys, then lets `visit` inspect the parsed value and reports its
  // findings. Returns false when the document is not valid JSON.
  using Visitor = std::function<void(simdjson::dom::element, std::vector<schema::Finding>&)>;
  bool check(const std::string& display_path, source::ByteSource& input, diag::DiagnosticSink& sink,
             const Visitor& visit);

  // Checks `input` against `schema` (`ckimport validate`).
  void validate(const std::string& display_path, const schema::CompiledSchema& schema,
                source::ByteSource& input, diag::DiagnosticSink& sink);

  // For visitors: validates a value of the document against a schema.
  void validate_value(const schema::CompiledSchema& schema, simdjson::dom::element value, std::string_view noun,
                      std::vector<schema::Finding>& findings) {
    elements_.validate(schema, value, noun, findings);
  }

  schema::SchemaRegistry& schemas() { return schemas_; }

 private:
  schema::SchemaRegistry& schemas_;
  ElementChecker elements_;
};

}  // namespace ckimport::check
