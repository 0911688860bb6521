#pragma once
// A schema that applies itself to the same value forever.
//
// valijson follows the keywords that apply a subschema to the value in hand
// ($ref, allOf, anyOf, oneOf, not, if, then, else, schema dependencies) by
// recursion, when it compiles a schema and when it validates. A cycle of
// them (`{"$ref": "#"}`, `{"allOf": [{"$ref": "#"}]}`, two definitions that
// refer to each other) never reaches a child of the value, so it never
// ends: a stack overflow. Cycles through `properties`, `items` and the like
// are fine, since each step goes one level down into the value.
//
// find_self_application() finds such a cycle before valijson sees the schema,
// so that it is a clear error instead of a crash.
#include <functional>
#include <optional>
#include <string>

#include <simdjson.h>

namespace ckimport::schema {

// The document a $ref names (by the part before `#`), or nullptr when there
// is none. May throw (the caller's error for an unreadable document).
using DocumentLoader = std::function<const simdjson::dom::element*(const std::string& uri)>;

// What is wrong, naming the first cycle found ("#/allOf/0 -> #": pointers
// into `root`, or "other.json#/x" in another document), or nullopt when
// there is no cycle. Also refuses a schema whose subschemas, followed from
// the root through any keyword and $ref, chain deeper than `max_depth`
// (valijson would recurse that deep), saying so.
std::optional<std::string> find_self_application(simdjson::dom::element root,
                                                 const DocumentLoader& load,
                                                 std::size_t max_depth = 256);

}  // namespace ckimport::schema
