#include "schema/embedded_schemas.hpp"

#include <fstream>
#include <sstream>

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

std::optional<std::string> schema_text(std::string_view file_name, const std::optional<std::string>& override_dir) {
  if (override_dir) {
    std::ifstream in(*override_dir + "/" + std::string(file_name), std::ios::binary);
    if (in) {
      std::ostringstream text;
      text << in.rdbuf();
      return text.str();
    }
  }
  for (const auto& embedded : embedded_schemas()) {
    if (embedded.file_name == file_name) return std::string(embedded.text);
  }
  return std::nullopt;
}

}  // namespace ckimport::schema
