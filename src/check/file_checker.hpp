#pragma once
// Checks one import file: reads its top-level array element by element,
// parses each with simdjson, locates syntax errors exactly when simdjson
// rejects one, checks each item, and turns findings into located
// diagnostics with a source excerpt.
#include <string>

#include <simdjson.h>

#include "check/item_checker.hpp"
#include "diag/sink.hpp"
#include "json/element_reader.hpp"
#include "model/resource_kind.hpp"
#include "source/byte_source.hpp"

namespace ckimport::check {

struct FileCheckOptions {
  json::ReaderLimits reader;
  std::size_t max_depth = 512;
};

// A located token: what diagnostics are built from.
struct TokenLocation {
  source::Position begin;
  source::Position end;
};

class FileChecker {
 public:
  FileChecker(schema::SchemaRegistry& schemas, FileCheckOptions options = {});

  // Checks `input` as a file of `kind`, shown as `display_path`. Returns the
  // number of items read. Throws source::InputError when the file cannot be read.
  std::uint64_t check(const std::string& display_path, model::ResourceKind kind,
                      source::ByteSource& input, diag::Sink& sink);

  // Checks `input` as one JSON document against `schema` (`ckimport validate`).
  void validate_document(const std::string& display_path, const schema::CompiledSchema& schema,
                         source::ByteSource& input, diag::Sink& sink);

 private:
  // Parses `text` (padded); on failure reports the located syntax error and
  // returns nullopt.
  std::optional<simdjson::dom::element> parse(const std::string& display_path,
                                              source::ByteSource& input, source::Position start,
                                              std::string_view text, diag::Sink& sink);
  void report_findings(const std::string& display_path, source::ByteSource& input,
                       source::Position start, std::string_view text,
                       const std::string& pointer_prefix, std::vector<schema::Finding>& findings,
                       diag::Sink& sink);

  schema::SchemaRegistry& schemas_;
  FileCheckOptions options_;
  simdjson::dom::parser parser_;
  ItemChecker items_;
  schema::ValueValidator validator_;
};

// Fills d.excerpt with the source line around d.location, read from `input`
// at random; left empty when the input cannot seek (a pipe).
void attach_excerpt(diag::Diagnostic& d, source::ByteSource& input);

}  // namespace ckimport::check
