#pragma once
// The per-thread part of checking an element: its parser and its item
// checker. One per thread (a simdjson parser and valijson's regex cache are
// not shared); knows nothing of the file as a whole.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "check/item_checker.hpp"
#include "diag/diagnostic.hpp"
#include "source/byte_source.hpp"

namespace ckimport::check {

class ElementChecker {
 public:
  ElementChecker(schema::SchemaRegistry& schemas, std::size_t max_depth);

  // Parses `text` (followed by SIMDJSON_PADDING readable bytes), which
  // starts at `start` in `input`. On failure appends the located syntax
  // error to `out` and returns nullopt. The value is valid until the next
  // call.
  std::optional<simdjson::dom::element> parse(const std::string& display_path,
                                              source::ByteSource& input, source::Position start,
                                              std::string_view text,
                                              std::vector<diag::Diagnostic>& out);

  // The item's own checks (schema, item rules), appended to `findings`.
  void check_item(model::ResourceKind kind, simdjson::dom::element item,
                  std::vector<schema::Finding>& findings) {
    items_.check(kind, item, findings);
  }

  // Validates a value against any schema (a snapshot, ckimport.json, a
  // document for `validate`), appending findings relative to it.
  void validate(const schema::CompiledSchema& schema, simdjson::dom::element value, std::string_view noun,
                std::vector<schema::Finding>& findings) {
    items_.validator().validate(schema, value, noun, findings);
  }

 private:
  simdjson::dom::parser parser_;
  std::size_t max_depth_;
  ItemChecker items_;
};

// A safe fix that deletes `removed`, the bytes of the file at `begin` (a
// trailing comma, a byte order mark).
diag::Fix removal_fix(source::Position begin, std::string_view removed, std::string message);

// Turns findings located by pointer in a value that starts at `start` into
// diagnostics with positions and excerpts. `pointer_prefix` is where the
// value sits in its file ("/3" for the fourth item). Clears `findings`.
void locate_findings(const std::string& display_path, source::ByteSource& input,
                     source::Position start, std::string_view text,
                     const std::string& pointer_prefix, std::vector<schema::Finding>& findings,
                     std::vector<diag::Diagnostic>& out);

}  // namespace ckimport::check
