#pragma once
// Private to schema/: why valijson finds a value invalid, read from the
// structure of the compiled schema rather than from valijson's English.
//
// valijson 1.0 reports failures as strings ("Expected number greater than
// ..."), and its results name a parent for every failing child. Instead,
// this walks the compiled schema (valijson::Subschema and its constraints)
// alongside the value, and asks valijson itself, constraint by constraint,
// which ones fail: each failure found is one constraint of one subschema at
// one place in the value, with its kind. Structural constraints (allOf,
// properties, items, if/then/else) are not failures of their own: the walk
// goes into them, so a failure is always a root cause. anyOf and oneOf are
// reported as one failure: which branch was meant is anyone's guess, and
// every branch's complaints would bury it.
//
// Alongside the compiled subschema the walk keeps the node of the schema
// document it came from (following $ref as valijson does), so messages can
// quote the schema's own limits, types and field names exactly; where that
// node cannot be told (a $ref through an $id scope), it is empty and the
// message says less.
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "json/json_pointer.hpp"
#include "schema/schema_registry.hpp"

namespace ckimport::schema {

enum class FailureKind {
  always_false,       // a `false` schema
  type,
  required,           // `property`: the missing one
  unknown_property,   // `property`: a key additionalProperties: false refuses
  enum_value,
  const_value,
  min_length,
  max_length,
  minimum,            // `exclusive`: greater than, not equal
  maximum,
  multiple_of,
  pattern,
  format,
  min_items,
  max_items,
  unique_items,       // `index`, `other_index`: the two equal elements
  additional_items,   // an element past the tuple `items` allows
  contains,
  min_properties,
  max_properties,
  dependency,         // `property` needs `required_property`
  property_names,     // `property`: the key that does not match
  not_schema,
  any_of,
  one_of_none,
  one_of_many,
};

struct ConstraintFailure {
  FailureKind kind;
  json::JsonPointer at;                          // the value (for a key: the object)
  std::optional<simdjson::dom::element> schema;  // the subschema's document node, when known
  std::string property;
  std::string required_property;
  bool exclusive = false;
  std::uint64_t index = 0;
  std::uint64_t other_index = 0;
};

// The failures that make `value` invalid against `schema`, in schema and
// document order. `regexes` is the caller's cache of compiled patterns,
// shared with valijson's own checks.
std::vector<ConstraintFailure> find_constraint_failures(const CompiledSchema& schema, simdjson::dom::element value,
                                                        std::unordered_map<std::string, std::regex>& regexes);

// The document node a $ref in `node` leads to (after a chain of them), in
// the schema's document or one it referenced; the node itself when it has no
// $ref; nullopt when the target cannot be found.
std::optional<simdjson::dom::element> resolve_ref(const CompiledSchema& schema, simdjson::dom::element node);

}  // namespace ckimport::schema
