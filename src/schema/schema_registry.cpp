#include "schema/schema_registry.hpp"

#include <fstream>
#include <sstream>

#include <valijson/schema_parser.hpp>

#include "schema/embedded_schemas.hpp"
#include "schema/fast_path.hpp"
#include "schema/self_reference.hpp"
#include "schema/simdjson_adapter.hpp"
#include "schema/valijson_schema.hpp"

namespace ckimport::schema {
namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string last_segment(std::string_view uri) {
  const auto hash = uri.find('#');
  if (hash != std::string_view::npos) uri = uri.substr(0, hash);
  const auto slash = uri.find_last_of('/');
  return std::string(slash == std::string_view::npos ? uri : uri.substr(slash + 1));
}

void parse_into(ParsedDocument& doc, const std::string& text, const std::string& name) {
  auto result = doc.parser.parse(text);
  if (result.error()) {
    throw SchemaError(name + ": not valid JSON (" +
                      std::string(simdjson::error_message(result.error())) + ")");
  }
  doc.root = result.value_unsafe();
}

// Compiles `schema.document` with valijson; `load(name)` supplies the text of
// documents that $refs name, by their last path segment.
template <typename Load>
void compile(CompiledSchema& schema, Load load) {
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  const auto fetch = [&](const std::string& uri) -> const simdjson::dom::element* {
    const std::string name = last_segment(uri);
    if (auto found = schema.referenced.find(name); found != schema.referenced.end()) {
      return &found->second->root;
    }
    const std::optional<std::string> text = load(name);
    if (!text) return nullptr;
    auto doc = std::make_unique<ParsedDocument>();
    parse_into(*doc, *text, name);
    const simdjson::dom::element* root = &doc->root;
    schema.referenced.emplace(name, std::move(doc));
    return root;
  };
  const auto release = [](const simdjson::dom::element*) {};
  if (const auto problem = find_self_application(schema.document.root, fetch)) {
    throw SchemaError(schema.name + ": cannot compile schema: " + *problem);
  }
  try {
    parser.populateSchema(SimdjsonAdapter(schema.document.root), schema.compiled->schema, fetch, release);
  } catch (const std::exception& e) {
    throw SchemaError(schema.name + ": cannot compile schema: " + e.what());
  }
}

}  // namespace

CompiledSchema::CompiledSchema() : compiled(std::make_unique<ValijsonSchema>()) {}
CompiledSchema::~CompiledSchema() = default;

SchemaRegistry::SchemaRegistry(std::optional<std::string> override_dir)
    : override_dir_(std::move(override_dir)) {}

std::optional<std::string> SchemaRegistry::text(std::string_view file_name) const {
  return schema_text(file_name, override_dir_);
}

const CompiledSchema& SchemaRegistry::get(std::string_view file_name) {
  const std::lock_guard lock(mutex_);
  if (auto found = cache_.find(file_name); found != cache_.end()) return *found->second;
  auto schema = std::make_unique<CompiledSchema>();
  schema->name = std::string(file_name);
  const auto source = text(file_name);
  if (!source) throw SchemaError("no schema named " + schema->name);
  parse_into(schema->document, *source, schema->name);
  compile(*schema, [this](const std::string& name) { return text(name); });
  if (!override_dir_) schema->fast = fast_validator_for(file_name);
  const CompiledSchema& result = *schema;
  cache_.emplace(schema->name, std::move(schema));
  return result;
}

std::unique_ptr<CompiledSchema> SchemaRegistry::compile_file(const std::string& path) {
  auto schema = std::make_unique<CompiledSchema>();
  schema->name = path;
  const auto source = read_file(path);
  if (!source) throw SchemaError(path + ": cannot read schema file");
  parse_into(schema->document, *source, path);
  const auto slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  compile(*schema, [&dir](const std::string& name) { return read_file(dir + "/" + name); });
  return schema;
}

}  // namespace ckimport::schema
