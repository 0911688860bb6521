#pragma once
// The schemas ckimport validates against: schemas/*.json compiled into the
// binary, or the files of --schema-dir. Each is parsed once per run, on first
// use (a run that checks only users never parses the message schemas).
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "schema/schema_error.hpp"

namespace ckimport::schema {

// A parsed schema: valijson's compiled form, and the JSON document itself,
// which the error explainer walks to name expected types and fields.
struct ParsedDocument {
  simdjson::dom::parser parser;  // owns `root`
  simdjson::dom::element root;
};

// valijson's compiled form (schema/valijson_schema.hpp): only schema/ sees
// inside.
struct ValijsonSchema;
class FastValidator;

struct CompiledSchema {
  CompiledSchema();
  ~CompiledSchema();
  CompiledSchema(const CompiledSchema&) = delete;
  CompiledSchema& operator=(const CompiledSchema&) = delete;

  std::string name;
  ParsedDocument document;
  // Documents reached through $ref, kept so the explainer can follow refs.
  std::map<std::string, std::unique_ptr<ParsedDocument>, std::less<>> referenced;
  std::unique_ptr<ValijsonSchema> compiled;
  // A built-in schema's validator generated at build time (schema/
  // fast_path.hpp), which passes valid values without valijson; null for a
  // schema read from elsewhere (--schema-dir, `validate --schema`): those
  // are valijson's alone.
  const FastValidator* fast = nullptr;
};

class SchemaRegistry {
 public:
  // With `override_dir`, schema files are read from there instead of the
  // embedded copies (each file that exists there wins).
  explicit SchemaRegistry(std::optional<std::string> override_dir = std::nullopt);

  // The schema of a file of schemas/, e.g. "user.schema.json". Thread-safe.
  const CompiledSchema& get(std::string_view file_name);

  // The text of a schema file, or nullopt when there is none by that name.
  std::optional<std::string> text(std::string_view file_name) const;

  // Compiles a standalone schema document (`ckimport validate --schema`).
  // Relative $refs resolve against files beside `path`.
  static std::unique_ptr<CompiledSchema> compile_file(const std::string& path);

 private:
  std::optional<std::string> override_dir_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<CompiledSchema>, std::less<>> cache_;
};

}  // namespace ckimport::schema
