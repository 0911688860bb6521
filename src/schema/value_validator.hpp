#pragma once
// Validates one JSON value against a compiled schema through valijson and our
// adapter, and, when it is invalid, turns the constraints that fail (found
// from the schema's structure: schema/constraint_failures.hpp) into
// findings: one per root cause, at the token that is wrong, with a message
// that names the field and what was expected (read from the schema itself),
// and a fix where one is known.
#include <memory>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "schema/finding.hpp"
#include "schema/suggest_name.hpp"
#include "schema/schema_registry.hpp"

namespace ckimport::schema {

class ValueValidator {
 public:
  ValueValidator();
  ~ValueValidator();
  ValueValidator(ValueValidator&&) noexcept;
  ValueValidator& operator=(ValueValidator&&) noexcept;

  // Appends the findings for `value` to `out`: none when it is valid, at
  // least one when it is not. `noun` names the value when the problem is
  // with the value as a whole ("a user", "the document").
  void validate(const CompiledSchema& schema, simdjson::dom::element value, std::string_view noun,
                std::vector<Finding>& out);

 private:
  struct Impl;  // valijson's state, kept out of this header
  std::unique_ptr<Impl> impl_;
};

// The fields the schema names for the object at `pointer` (its
// `properties`), in schema order; empty when that cannot be told.
std::vector<std::string_view> field_names(const CompiledSchema& schema, const json::JsonPointer& pointer);

// "`displayPicture.url`", "`members[2]`"; `noun` for the root.
std::string describe_location(const json::JsonPointer& pointer, std::string_view noun);

}  // namespace ckimport::schema
