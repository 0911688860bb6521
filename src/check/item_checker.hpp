#pragma once
// Checks one import item (one element of a file's top-level array): picks the
// schema by the item's `type`, validates it, and applies the item-level rules
// a schema cannot say (the `guest` spelling, fields the server ignores,
// duplicate keys). Knows nothing of files or positions: findings are located
// by JSON Pointer relative to the item.
#include <span>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "model/resource_kind.hpp"
#include "schema/finding.hpp"
#include "schema/schema_registry.hpp"
#include "schema/value_validator.hpp"

namespace ckimport::check {

class ItemChecker {
 public:
  explicit ItemChecker(schema::SchemaRegistry& schemas) : schemas_(schemas) {}

  void check(model::ResourceKind kind, simdjson::dom::element item,
             std::vector<schema::Finding>& out);

  // Whether every variant of `kind` is validated by the registry's built-in
  // schemas, which have a fast path (none for a --schema-dir).
  bool has_fast_path(model::ResourceKind kind);

  // The validator it checks items with, for other values of the same thread.
  schema::ValueValidator& validator() { return validator_; }

 private:
  // A variant's schema and its top-level field names, asked of the registry
  // once per variant: its lookup takes a lock and compares names (4% of a
  // check when asked per item), and the names are a walk of the schema.
  struct VariantSchema {
    const model::ItemVariant* variant;
    const schema::CompiledSchema* schema;
    std::vector<std::string_view> fields;  // into the schema, which the registry keeps
  };
  const VariantSchema& schema_of(const model::ItemVariant& variant);

  schema::SchemaRegistry& schemas_;
  schema::ValueValidator validator_;
  std::vector<VariantSchema> schema_by_variant_;
  std::vector<simdjson::dom::key_value_pair> fields_;  // the item's top-level fields, reused from item to item
};

// Warnings for keys that occur twice in one object, anywhere in `value`.
void find_duplicate_keys(simdjson::dom::element value, std::vector<schema::Finding>& out);

// Whether `keys`, an object's keys, hold one twice. `scratch` is reused
// between calls (a large object's keys are sorted in it).
bool has_duplicate_key(std::span<const std::string_view> keys, std::vector<std::string_view>& scratch);

}  // namespace ckimport::check
