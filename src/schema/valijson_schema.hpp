#pragma once
// Private to schema/: valijson's compiled form of a schema, behind
// CompiledSchema::compiled, so that no header outside schema/ names a
// valijson type.
#include <valijson/schema.hpp>

#include "schema/schema_registry.hpp"

namespace ckimport::schema {

struct ValijsonSchema {
  valijson::Schema schema;
};

}  // namespace ckimport::schema
