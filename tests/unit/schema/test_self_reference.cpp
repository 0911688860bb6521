// schema::find_self_application: schemas valijson would recurse through
// without end (or too deep) are found before valijson sees them.

#include "schema/self_reference.hpp"

#include <simdjson.h>

#include <deque>
#include <map>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

namespace {

using ckimport::schema::find_self_application;

// Parses `root` and the documents a $ref may name, then asks.
class Schemas {
 public:
  explicit Schemas(std::map<std::string, std::string> others = {}) : texts_(std::move(others)) {}

  std::optional<std::string> problem(const std::string& root, std::size_t max_depth = 256) {
    const auto doc = parse(root);
    return find_self_application(doc, [this](const std::string& uri) -> const simdjson::dom::element* {
      const auto text = texts_.find(uri);
      if (text == texts_.end()) return nullptr;
      loaded_[uri] = parse(text->second);
      return &loaded_[uri];
    }, max_depth);
  }

 private:
  simdjson::dom::element parse(const std::string& text) {
    auto& parser = parsers_.emplace_back();
    return parser.parse(text).value();
  }
  std::map<std::string, std::string> texts_;
  std::map<std::string, simdjson::dom::element> loaded_;
  std::deque<simdjson::dom::parser> parsers_;
};

std::string nested(const std::string& open, const std::string& close, int levels) {
  std::string text;
  for (int i = 0; i < levels; ++i) text += open;
  text += "{}";
  for (int i = 0; i < levels; ++i) text += close;
  return text;
}

}  // namespace

TEST_CASE("self application: a $ref to itself", "[schema][self_reference]") {
  Schemas schemas;
  const auto problem = schemas.problem(R"({"$ref": "#"})");
  REQUIRE(problem);
  CHECK(*problem == "it applies itself to the same value without end: # -> #");
}

TEST_CASE("self application: through allOf, anyOf, oneOf, not, if/then/else",
          "[schema][self_reference]") {
  Schemas schemas;
  for (const std::string keyword_schema :
       {R"({"allOf": [{"type": "object"}, {"$ref": "#"}]})", R"({"anyOf": [{"$ref": "#"}]})",
        R"({"oneOf": [{"$ref": "#"}]})", R"({"not": {"$ref": "#"}})",
        R"({"if": {"$ref": "#"}})", R"({"if": {}, "then": {"$ref": "#"}})",
        R"({"if": {}, "else": {"$ref": "#"}})", R"({"dependencies": {"a": {"$ref": "#"}}})"}) {
    INFO(keyword_schema);
    const auto problem = schemas.problem(keyword_schema);
    REQUIRE(problem);
    CHECK(problem->starts_with("it applies itself to the same value without end: # -> #/"));
  }
}

TEST_CASE("self application: two definitions that refer to each other", "[schema][self_reference]") {
  Schemas schemas;
  const auto problem = schemas.problem(
      R"({"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"allOf": [{"$ref": "#/definitions/a"}]}},
          "properties": {"x": {"$ref": "#/definitions/a"}}})");
  REQUIRE(problem);
  CHECK(problem->find("#/definitions/a -> #/definitions/b -> #/definitions/b/allOf/0 -> #/definitions/a") !=
        std::string::npos);
}

TEST_CASE("self application: across documents", "[schema][self_reference]") {
  Schemas schemas(std::map<std::string, std::string>{
      {"other.json", R"({"$ref": "main.json"})"}, {"main.json", R"({"$ref": "other.json"})"}});
  const auto problem = schemas.problem(R"({"$ref": "other.json"})");
  REQUIRE(problem);
  CHECK(*problem == "it applies itself to the same value without end: other.json# -> main.json# -> other.json#");
}

TEST_CASE("self application: recursion into the value's children is fine", "[schema][self_reference]") {
  Schemas schemas(std::map<std::string, std::string>{
      {"tree.json", R"({"properties": {"children": {"items": {"$ref": "tree.json"}}}})"}});
  CHECK_FALSE(schemas.problem(R"({"properties": {"next": {"$ref": "#"}}})"));
  CHECK_FALSE(schemas.problem(R"({"items": {"$ref": "#"}})"));
  CHECK_FALSE(schemas.problem(R"({"items": [{"$ref": "#"}], "additionalItems": {"$ref": "#"}})"));
  CHECK_FALSE(schemas.problem(R"({"additionalProperties": {"allOf": [{"$ref": "#"}]}})"));
  CHECK_FALSE(schemas.problem(R"({"definitions": {"a": {"properties": {"b": {"$ref": "#/definitions/a"}}}},
                                  "$ref": "#/definitions/a"})"));
  CHECK_FALSE(schemas.problem(R"({"$ref": "tree.json"})"));
  // A $ref that leads nowhere is valijson's to report.
  CHECK_FALSE(schemas.problem(R"({"$ref": "#/definitions/missing"})"));
  CHECK_FALSE(schemas.problem(R"({"$ref": "absent.json"})"));
  CHECK_FALSE(schemas.problem(R"({"allOf": true, "not": 3, "items": "x"})"));
}

TEST_CASE("self application: a chain of subschemas deeper than the limit", "[schema][self_reference]") {
  Schemas schemas;
  CHECK_FALSE(schemas.problem(nested(R"({"properties": {"a": )", "}}", 20), 32));
  const auto deep = schemas.problem(nested(R"({"properties": {"a": )", "}}", 40), 32);
  REQUIRE(deep);
  CHECK(deep->starts_with("subschemas nest more than 32 deep (at #.../"));
  CHECK(deep->ends_with("/properties/a/properties/a)"));
  const auto all_of = schemas.problem(nested(R"({"allOf": [)", "]}", 40), 32);
  REQUIRE(all_of);
  CHECK(all_of->starts_with("subschemas nest more than 32 deep"));
  // A pointer of hundreds of steps is shown by its end.
  const auto long_one = schemas.problem(nested(R"({"not": )", "}", 300));
  REQUIRE(long_one);
  CHECK(long_one->starts_with("subschemas nest more than 256 deep (at #.../not/not"));
}

TEST_CASE("self application: of duplicate keys, the last is the one followed", "[schema][self_reference]") {
  // valijson sees the last "a" (through the adapter): that one is a cycle.
  Schemas schemas;
  const auto problem = schemas.problem(
      R"({"definitions": {"a": {"type": "string"}, "a": {"allOf": [{"$ref": "#/definitions/a"}]}},
          "$ref": "#/definitions/a"})");
  REQUIRE(problem);
  CHECK(*problem == "it applies itself to the same value without end: #/definitions/a -> "
                    "#/definitions/a/allOf/0 -> #/definitions/a");
  // And a first "a" that would be a cycle is not followed.
  CHECK_FALSE(schemas.problem(
      R"({"definitions": {"a": {"allOf": [{"$ref": "#/definitions/a"}]}, "a": {"type": "string"}},
          "$ref": "#/definitions/a"})"));
}

TEST_CASE("self application: a deep chain reached first by a short way still counts",
          "[schema][self_reference]") {
  // d0 -> d1 -> ... -> d99 through allOf; the root's allOf names d90 first,
  // then d0: d90's chain is finished (short) before d0's long one reaches it.
  std::string definitions;
  for (int i = 0; i < 100; ++i) {
    if (i > 0) definitions += ", ";
    definitions += "\"d" + std::to_string(i) + "\": ";
    definitions += i == 99 ? std::string(R"({"type": "integer"})")
                           : R"({"allOf": [{"$ref": "#/definitions/d)" + std::to_string(i + 1) + "\"}]}";
  }
  const std::string schema = R"({"definitions": {)" + definitions +
                             R"(}, "allOf": [{"$ref": "#/definitions/d90"}, {"$ref": "#/definitions/d0"}]})";
  Schemas schemas;
  const auto problem = schemas.problem(schema, 64);
  REQUIRE(problem);
  CHECK(problem->starts_with("subschemas nest more than 64 deep (at #/definitions/d"));
  CHECK_FALSE(schemas.problem(schema, 256));
}
