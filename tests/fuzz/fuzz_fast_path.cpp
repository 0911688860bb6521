// Fuzz target: the generated fast path (src/schema/fast_path.hpp) against
// valijson through SimdjsonAdapter, which stays the reference.
//
// Input: JSON text (not JSON simdjson reads: nothing to check). The seeds in
// corpus/fast_path/ are valid items of every kind, import files, and items
// at the edges (repeated keys, channelId near 2^63, strings with NULs), so
// libFuzzer's mutations start from things the schemas accept and wander off
// to near misses.
//
// Invariant: for every schema of schemas/, and for the document and each of
// the first 64 values inside it (an import file is an array of items; a
// user holds a file-import), the fast path says "valid" exactly when
// valijson does. A "valid" that valijson denies would let a bad item
// through; the reverse means the generator misreads a schema. Either aborts
// with DISAGREEMENT and the input.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <valijson/validator.hpp>

#include "schema/embedded_schemas.hpp"
#include "schema/fast_path.hpp"
#include "schema/schema_registry.hpp"
#include "schema/simdjson_adapter.hpp"
#include "schema/valijson_schema.hpp"

using namespace ckimport;

namespace {

struct Schema {
  std::string name;
  const schema::FastValidator* fast;
  const schema::CompiledSchema* compiled;
  valijson::Validator validator;  // one each: keeps its regex cache
};

std::vector<Schema>& schemas() {
  static schema::SchemaRegistry registry;
  static std::vector<Schema> all = [] {
    std::vector<Schema> out;
    for (const auto& embedded : schema::embedded_schemas()) {
      const std::string name(embedded.file_name);
      if (!std::string_view(name).ends_with(".schema.json")) continue;
      const schema::FastValidator* fast = schema::fast_validator_for(name);
      if (fast == nullptr) {
        std::fprintf(stderr, "FUZZ_CHECK failed: no fast validator for %s\n", name.c_str());
        std::abort();
      }
      out.push_back(Schema{name, fast, &registry.get(name), valijson::Validator()});
    }
    return out;
  }();
  return all;
}

void check(simdjson::dom::element value, std::string_view input) {
  for (Schema& s : schemas()) {
    const bool fast = s.fast->valid(value);
    bool reference = false;
    try {
      reference = s.validator.validate(s.compiled->compiled->schema, schema::SimdjsonAdapter(value), nullptr);
    } catch (const std::exception&) {
      reference = false;  // reported as a finding: not valid
    }
    if (fast != reference) {
      std::fprintf(stderr,
                   "DISAGREEMENT on %s: fast path says %s, valijson %s\n  value: %s\n  input: %.*s\n",
                   s.name.c_str(), fast ? "valid" : "invalid", reference ? "valid" : "invalid",
                   simdjson::minify(value).c_str(), static_cast<int>(input.size()), input.data());
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static simdjson::dom::parser parser;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  simdjson::dom::element root;
  if (parser.parse(data, size).get(root) != simdjson::SUCCESS) return 0;
  // The document, then values inside it, breadth first.
  std::vector<simdjson::dom::element> pending{root};
  for (std::size_t i = 0; i < pending.size() && i < 65; ++i) {
    const simdjson::dom::element value = pending[i];
    check(value, input);
    simdjson::dom::array array;
    simdjson::dom::object object;
    if (value.get_array().get(array) == simdjson::SUCCESS) {
      for (const simdjson::dom::element item : array) pending.push_back(item);
    } else if (value.get_object().get(object) == simdjson::SUCCESS) {
      for (const auto field : object) pending.push_back(field.value);
    }
  }
  return 0;
}
