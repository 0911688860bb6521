#pragma once
#include <span>
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

}  // namespace ckimport::schema
