#include "schema/fast_path.hpp"

#include <vector>

// Generated at build time from schemas/ (cmake/FastPath.cmake).
#include "fast_path_schemas.hpp"

namespace ckimport::schema {
namespace {

// The generated table, in the runtime header's types (the generated header
// keeps its own, so that it needs nothing from src/).
struct Table {
  std::vector<std::vector<FastPathSource>> sources;
  std::vector<FastValidator> validators;

  Table() {
    const auto generated = generated::generated_schemas();
    sources.reserve(generated.size());  // the spans below point into these
    validators.reserve(generated.size());
    for (const auto& schema : generated) {
      auto& files = sources.emplace_back();
      for (const auto& source : schema.sources) files.push_back({source.file_name, source.text});
      validators.emplace_back(schema.file_name, schema.validate, files);
    }
  }
};

const Table& table() {
  static const Table instance;
  return instance;
}

}  // namespace

FastVerdict FastValidator::verdict(simdjson::dom::element value) const noexcept {
  try {
    return function_(value) ? FastVerdict::valid : FastVerdict::invalid;
  } catch (...) {
    // std::regex can throw (complexity, stack), and so can memory
    // allocation: valijson then meets the same and reports it.
    return FastVerdict::invalid;
  }
}

const FastValidator* fast_validator_for(std::string_view schema_file_name) noexcept {
  try {
    for (const FastValidator& validator : table().validators) {
      if (validator.file_name() == schema_file_name) return &validator;
    }
  } catch (...) {
    // Building the table allocates; without it there is simply no fast path.
  }
  return nullptr;
}

}  // namespace ckimport::schema
