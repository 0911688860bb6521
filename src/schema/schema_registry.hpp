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

namespace ckimport::schema {

// A schema that cannot be read or compiled: the program's (or --schema-dir's)
// fault, not the checked file's. The CLI reports it with exit status 2.
class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A parsed schema: valijson's compiled form, and the JSON document itself,
// which the error explainer walks to name expected types and fields.
struct ParsedDocument {
  simdjson::dom::parser parser;  // owns `root`
  simdjson::dom::element root;
};

// valijson's compiled form (schema/valijson_schema.hpp): only schema/ sees
// inside.
struct ValijsonSchema;

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
