#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ckimport::schema {

struct EmbeddedSchema {
  std::string_view file_name;  // e.g. "user.schema.json"
  std::string_view text;
};

// Every file of schemas/, compiled in (see cmake/EmbedSchemas.cmake).
std::span<const EmbeddedSchema> embedded_schemas();

// Their names without ".schema.json", for messages.
std::vector<std::string_view> embedded_schemas_names();

// The text of the schema file `file_name` ("user.schema.json"): the one in
// `override_dir` when it has it (--schema-dir), else the built-in one;
// nullopt when there is none.
std::optional<std::string> schema_text(std::string_view file_name, const std::optional<std::string>& override_dir);

}  // namespace ckimport::schema
