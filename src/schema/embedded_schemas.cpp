#include "schema/embedded_schemas.hpp"

namespace ckimport::schema {

std::vector<std::string_view> embedded_schemas_names() {
  std::vector<std::string_view> names;
  for (const auto& schema : embedded_schemas()) {
    std::string_view name = schema.file_name;
    if (name.ends_with(".schema.json")) name.remove_suffix(std::string_view(".schema.json").size());
    names.push_back(name);
  }
  return names;
}

}  // namespace ckimport::schema
