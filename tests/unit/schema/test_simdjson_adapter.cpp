// Focused tests of SimdjsonAdapter: the number model, containers, object
// lookup, equality and the lifetime of frozen values. The JSON Schema
// semantics as a whole are covered by test_json_schema_test_suite.cpp.

#include "schema/simdjson_adapter.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <valijson/adapters/std_string_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace {

using ckimport::schema::OwnedJson;
using ckimport::schema::SimdjsonAdapter;
using ckimport::schema::SimdjsonArray;
using ckimport::schema::SimdjsonFrozenValue;
using ckimport::schema::SimdjsonObject;

std::shared_ptr<const OwnedJson> json(std::string_view text) {
  simdjson::error_code error = simdjson::SUCCESS;
  std::shared_ptr<const OwnedJson> value = OwnedJson::parse(text, error);
  if (!value) throw std::runtime_error(simdjson::error_message(error));
  return value;
}

// Holds the document while the adapter is used.
struct Doc {
  explicit Doc(std::string_view text) : owned(json(text)) {}
  SimdjsonAdapter adapter() const { return SimdjsonAdapter(owned->root()); }
  std::shared_ptr<const OwnedJson> owned;
};

bool equal(std::string_view a, std::string_view b) {
  const Doc da(a);
  const Doc db(b);
  return da.adapter().equalTo(db.adapter(), true);
}

std::unique_ptr<valijson::Schema> compile(std::string_view schema_text) {
  const Doc doc(schema_text);
  auto schema = std::make_unique<valijson::Schema>();
  valijson::SchemaParser(valijson::SchemaParser::kDraft7).populateSchema(doc.adapter(), *schema);
  return schema;  // `doc` dies here: the schema must not need it
}

bool valid(const valijson::Schema& schema, std::string_view instance) {
  const Doc doc(instance);
  valijson::Validator validator;
  return validator.validate(schema, doc.adapter(), nullptr);
}

// A container whose size() saturates like simdjson's, without 16M elements.
struct CountingContainer {
  struct iterator {
    std::size_t i;
    bool operator!=(const iterator& other) const { return i != other.i; }
    iterator& operator++() {
      ++i;
      return *this;
    }
  };
  std::size_t n;
  std::size_t size() const { return n < 0xFFFFFF ? n : 0xFFFFFF; }
  iterator begin() const { return {0}; }
  iterator end() const { return {n}; }
};

}  // namespace

TEST_CASE("SimdjsonAdapter reports JSON types strictly", "[schema][adapter]") {
  const Doc doc(R"([null, true, "s", [1], {"a": 1}, 7, 2.5])");
  const SimdjsonArray array = doc.adapter().getArray();
  REQUIRE(array.size() == 7);
  auto it = array.begin();

  const SimdjsonAdapter null_value = *it++;
  CHECK(null_value.isNull());
  CHECK_FALSE(null_value.isObject());
  CHECK(null_value.hasStrictTypes());

  const SimdjsonAdapter bool_value = *it++;
  CHECK(bool_value.isBool());
  CHECK(bool_value.getBool());
  CHECK_FALSE(bool_value.isNumber());

  const SimdjsonAdapter string_value = *it++;
  CHECK(string_value.isString());
  CHECK(string_value.getString() == "s");
  CHECK_FALSE(string_value.isNumber());

  const SimdjsonAdapter array_value = *it++;
  CHECK(array_value.isArray());
  CHECK(array_value.getArraySize() == 1);
  CHECK_FALSE(array_value.isObject());

  const SimdjsonAdapter object_value = *it++;
  CHECK(object_value.isObject());
  CHECK(object_value.getObjectSize() == 1);
  CHECK_FALSE(object_value.isArray());

  const SimdjsonAdapter int_value = *it++;
  CHECK(int_value.isInteger());
  CHECK_FALSE(int_value.isDouble());
  CHECK(int_value.getInteger() == 7);
  CHECK(int_value.getNumber() == 7.0);
  double unused = 0;
  CHECK_FALSE(int_value.getDouble(unused));

  const SimdjsonAdapter double_value = *it++;
  CHECK(double_value.isDouble());
  CHECK_FALSE(double_value.isInteger());
  CHECK(double_value.getDouble() == 2.5);
  std::int64_t no_integer = 0;
  CHECK_FALSE(double_value.getInteger(no_integer));

  CHECK(it == array.end());
  CHECK_THROWS_AS(string_value.getInteger(), std::runtime_error);
  CHECK_THROWS_AS(SimdjsonArray(doc.owned->root().get_array().at(2).value()), std::runtime_error);
}

TEST_CASE("SimdjsonAdapter follows JSON Schema's number model", "[schema][adapter]") {
  SECTION("1.0 is the integer 1, not a double") {
    const Doc doc("1.0");
    const SimdjsonAdapter one = doc.adapter();
    CHECK(one.isInteger());
    CHECK_FALSE(one.isDouble());
    CHECK(one.getInteger() == 1);
    CHECK(one.asDouble() == 1.0);
    CHECK(equal("1.0", "1"));
    CHECK(equal("-0.0", "0"));
    CHECK(equal("1e2", "100"));
  }

  SECTION("uint64 above INT64_MAX is an integer that only a double can carry") {
    const Doc doc("18446744073709551615");
    const SimdjsonAdapter big = doc.adapter();
    CHECK(big.isInteger());
    CHECK(big.isNumber());
    CHECK(big.isDouble());
    std::int64_t no_integer = 0;
    CHECK_FALSE(big.getInteger(no_integer));
    CHECK(big.getDouble() == 18446744073709551615.0);
    CHECK(big.getNumber() == 18446744073709551615.0);
  }

  SECTION("integral doubles beyond int64 are integers too") {
    const Doc doc("1e300");
    CHECK(doc.adapter().isInteger());
    CHECK(doc.adapter().isDouble());
    CHECK(doc.adapter().getDouble() == 1e300);
  }

  SECTION("int64 limits") {
    CHECK(Doc("-9223372036854775808").adapter().getInteger() == INT64_MIN);
    CHECK(Doc("9223372036854775807").adapter().getInteger() == INT64_MAX);
    // 2^63 as a double does not fit int64.
    std::int64_t no_integer = 0;
    CHECK_FALSE(Doc("9223372036854775808.0").adapter().getInteger(no_integer));
    CHECK(Doc("-9223372036854775808.0").adapter().getInteger() == INT64_MIN);
  }

  SECTION("type, minimum, maximum, multipleOf, enum, const") {
    const auto integer = compile(R"({"type": "integer"})");
    CHECK(valid(*integer, "1"));
    CHECK(valid(*integer, "1.0"));
    CHECK(valid(*integer, "18446744073709551615"));
    CHECK(valid(*integer, "-9223372036854775808"));
    CHECK(valid(*integer, "1e300"));
    CHECK_FALSE(valid(*integer, "1.5"));
    CHECK_FALSE(valid(*integer, "\"1\""));

    const auto range = compile(R"({"minimum": 9223372036854775808, "maximum": 18446744073709551615})");
    CHECK(valid(*range, "18446744073709551615"));
    CHECK(valid(*range, "9223372036854775808"));
    CHECK_FALSE(valid(*range, "9223372036854775807.0e1"));
    CHECK_FALSE(valid(*range, "1"));

    const auto multiple = compile(R"({"multipleOf": 2.0})");
    CHECK(valid(*multiple, "10"));
    CHECK(valid(*multiple, "10.0"));
    CHECK_FALSE(valid(*multiple, "11"));
    // Limitation documented in the header: valijson's integer multipleOf
    // cannot convert an integral value beyond int64 and reports it invalid.
    CHECK_FALSE(valid(*multiple, "18446744073709551614"));

    const auto fractional = compile(R"({"multipleOf": 0.5})");
    CHECK(valid(*fractional, "18446744073709551615"));
    CHECK(valid(*fractional, "1e308"));
    CHECK_FALSE(valid(*fractional, "0.3"));

    const auto big_enum = compile(R"({"enum": [18446744073709551615, 9007199254740993, 1.5]})");
    CHECK(valid(*big_enum, "18446744073709551615"));
    CHECK_FALSE(valid(*big_enum, "18446744073709551614"));  // same double, different integer
    CHECK(valid(*big_enum, "9007199254740993"));
    CHECK_FALSE(valid(*big_enum, "9007199254740992"));  // ditto, within int64
    CHECK(valid(*big_enum, "1.50"));

    const auto constant = compile(R"({"const": {"a": [1, 2.0], "b": null}})");
    CHECK(valid(*constant, R"({"b": null, "a": [1.0, 2]})"));
    CHECK_FALSE(valid(*constant, R"({"a": [2, 1], "b": null})"));
    CHECK_FALSE(valid(*constant, R"({"a": [1, 2]})"));
  }
}

TEST_CASE("SimdjsonAdapter::equalTo is exact and order-insensitive for objects",
          "[schema][adapter]") {
  CHECK(equal(R"({"a": 1, "b": [true, "x"]})", R"({"b": [true, "x"], "a": 1.0})"));
  CHECK_FALSE(equal(R"({"a": 1})", R"({"a": 1, "b": 2})"));
  CHECK_FALSE(equal(R"({"a": 1, "c": 2})", R"({"a": 1, "b": 2})"));
  CHECK_FALSE(equal("[1, 2]", "[2, 1]"));
  CHECK_FALSE(equal("[1, 2]", "[1, 2, 3]"));
  CHECK_FALSE(equal("[]", "{}"));
  CHECK_FALSE(equal("1", "true"));
  CHECK_FALSE(equal("0", "false"));
  CHECK_FALSE(equal("\"1\"", "1"));
  CHECK_FALSE(equal("null", "{}"));
  CHECK(equal("null", "null"));
  CHECK(equal(R"("a\u00e9")", "\"a\xc3\xa9\""));
  // Exact integers: the same double, but different numbers.
  CHECK_FALSE(equal("18446744073709551615", "18446744073709551614"));
  CHECK_FALSE(equal("9007199254740993", "9007199254740992.0"));
  CHECK(equal("9007199254740992", "9007199254740992.0"));
  CHECK(equal("18446744073709551615", "18446744073709551615"));
  CHECK_FALSE(equal("18446744073709551615", "18446744073709551616.0"));
  CHECK(equal("0.1", "1e-1"));
  CHECK_FALSE(equal("0.1", "0.2"));
  // Objects as readers keep them: of duplicate keys, the last, so a value
  // with duplicate keys equals itself (`{"const": {"a": 1, "a": 2}}` accepts
  // the very same object) and the object it stands for.
  CHECK(equal(R"({"a": 1, "a": 2})", R"({"a": 1, "a": 2})"));
  CHECK(equal(R"({"a": 1, "a": 2})", R"({"a": 2})"));
  CHECK_FALSE(equal(R"({"a": 2, "a": 1})", R"({"a": 1, "a": 2})"));
  CHECK_FALSE(equal(R"({"a": 1, "a": 2})", R"({"a": 1})"));
  CHECK(equal(R"({"x": {"b": 0, "b": [1]}})", R"({"x": {"b": [1]}})"));

  SECTION("a foreign adapter gets valijson's generic comparison") {
    const Doc doc(R"("abc")");
    CHECK(doc.adapter().equalTo(valijson::adapters::StdStringAdapter("abc"), true));
    CHECK_FALSE(doc.adapter().equalTo(valijson::adapters::StdStringAdapter("abd"), true));
  }
}

TEST_CASE("SimdjsonObject::find and iteration", "[schema][adapter]") {
  // Of duplicate keys a reader keeps the last, so the object valijson sees
  // has four members, the first "b" dropped.
  const Doc doc(R"({"b": 1, "a\u0000z": 2, "\u00e9": 3, "b": 4, "": 5})");
  const SimdjsonObject object = doc.adapter().getObject();
  CHECK(object.size() == 4);
  CHECK(doc.adapter().getObjectSize() == 4);

  CHECK(object.find("b")->second.getInteger() == 4);  // the last of duplicate keys, as readers keep
  CHECK(object.find(std::string_view("a\0z", 3))->second.getInteger() == 2);
  CHECK(object.find("\xc3\xa9")->second.getInteger() == 3);
  CHECK(object.find("")->second.getInteger() == 5);
  CHECK(object.find("a") == object.end());
  CHECK(object.find(std::string("bb")) == object.end());
  CHECK(object.find("b").key() == "b");

  std::vector<std::string> keys;
  for (const auto& member : object) keys.push_back(member.first);
  CHECK(keys == std::vector<std::string>{std::string("a\0z", 3), "\xc3\xa9", "b", ""});
  std::vector<std::int64_t> values;
  for (const auto& member : object) values.push_back(member.second.getInteger());
  CHECK(values == std::vector<std::int64_t>{2, 3, 4, 5});

  const SimdjsonObject empty;
  CHECK(empty.size() == 0);
  CHECK(empty.begin() == empty.end());
  CHECK(SimdjsonAdapter().isObject());
  CHECK(SimdjsonAdapter().getObjectSize() == 0);
}

TEST_CASE("SimdjsonObject: many keys, duplicates anywhere", "[schema][adapter]") {
  // Past the few members checked pairwise, duplicates are found by sorting.
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i % 30) + "\": " + std::to_string(i) + ",";
  text += "\"last\": true}";
  const Doc doc(text);
  const SimdjsonObject object = doc.adapter().getObject();
  CHECK(object.size() == 31);
  std::size_t members = 0;
  for (auto it = object.begin(); it != object.end(); ++it) {
    ++members;
    if (it.key() == "k3") CHECK(it.value().getInteger() == 33);  // the later of the two
    if (it.key() == "k20") CHECK(it.value().getInteger() == 20);  // only one
  }
  CHECK(members == 31);
}

TEST_CASE("SimdjsonArray iterators", "[schema][adapter]") {
  const Doc doc("[10, 11, 12, 13]");
  const SimdjsonArray array = doc.adapter().getArray();
  auto last = array.end();
  --last;  // what valijson's uniqueItems does
  CHECK(last->getInteger() == 13);
  auto third = array.begin();
  third.advance(2);
  CHECK((*third).getInteger() == 12);
  third.advance(-2);
  CHECK(third == array.begin());
  --third;
  CHECK(third == array.begin());

  const SimdjsonArray empty;
  CHECK(empty.size() == 0);
  CHECK(empty.begin() == empty.end());
}

TEST_CASE("container sizes are exact beyond simdjson's 24-bit count",
          "[schema][adapter]") {
  using ckimport::schema::detail::exact_size;
  CHECK(exact_size(CountingContainer{3}) == 3);
  CHECK(exact_size(CountingContainer{0xFFFFFE}) == 0xFFFFFE);
  CHECK(exact_size(CountingContainer{0xFFFFFF}) == 0xFFFFFF);
  CHECK(exact_size(CountingContainer{0xFFFFFF + 10}) == 0xFFFFFF + 10);
}

TEST_CASE("frozen values own their data", "[schema][adapter]") {
  std::unique_ptr<valijson::adapters::FrozenValue> frozen;
  {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    REQUIRE(parser
                .parse(std::string_view(
                    R"({"s": "t\"ab\\\u0000\u00e9\ud83d\ude00", "n": [0.1, 5e-324, -0.0, 1.7976931348623157e308, 18446744073709551615, -9223372036854775808], "o": {}})"))
                .get(root) == simdjson::SUCCESS);
    frozen.reset(SimdjsonAdapter(root).freeze());
    // Reuse, then destroy, the parser: the frozen copy must not notice.
    REQUIRE(parser.parse(std::string_view(R"({"s": 0})")).get(root) == simdjson::SUCCESS);
  }
  const std::unique_ptr<valijson::adapters::FrozenValue> clone(frozen->clone());
  const Doc same(
      R"({"o": {}, "n": [1e-1, 4.9406564584124654e-324, 0, 1.7976931348623157e308, 18446744073709551615, -9223372036854775808], "s": "t\"ab\\\u0000é😀"})");
  const Doc other(R"({"o": {}, "n": [], "s": ""})");
  CHECK(frozen->equalTo(same.adapter(), true));
  CHECK(clone->equalTo(same.adapter(), true));
  CHECK_FALSE(frozen->equalTo(other.adapter(), true));
  frozen.reset();
  CHECK(clone->equalTo(same.adapter(), true));  // clones share, but own, the copy

  SECTION("a compiled schema outlives its document") {
    const auto schema = compile(R"({"enum": ["a", {"k": [1]}], "const": {"k": [1.0]}})");
    CHECK(valid(*schema, R"({"k": [1]})"));
    CHECK_FALSE(valid(*schema, R"("a")"));
  }
}

TEST_CASE("freeze and equalTo handle nesting beyond simdjson's default depth",
          "[schema][adapter]") {
  constexpr std::size_t kDepth = 3000;  // default parser limit: 1024
  const auto nested = [](std::string_view leaf) {
    return std::string(kDepth, '[') + std::string(leaf) + std::string(kDepth, ']');
  };
  simdjson::dom::parser parser_a;
  simdjson::dom::parser parser_b;
  REQUIRE(parser_a.allocate(2 * kDepth + 8, kDepth + 1) == simdjson::SUCCESS);
  REQUIRE(parser_b.allocate(2 * kDepth + 8, kDepth + 1) == simdjson::SUCCESS);
  const std::string text_a = nested("1.0");
  const std::string text_b = nested("1");
  simdjson::dom::element a;
  simdjson::dom::element b;
  REQUIRE(parser_a.parse(text_a).get(a) == simdjson::SUCCESS);
  REQUIRE(parser_b.parse(text_b).get(b) == simdjson::SUCCESS);

  const std::unique_ptr<valijson::adapters::FrozenValue> frozen(SimdjsonAdapter(a).freeze());
  CHECK(frozen->equalTo(SimdjsonAdapter(b), true));
  CHECK(SimdjsonAdapter(a).equalTo(SimdjsonAdapter(b), true));
}

TEST_CASE("remote $ref through a fetch callback", "[schema][adapter]") {
  const std::map<std::string, std::string> remote = {
      {"http://example.test/defs.json", R"({"definitions": {"positive": {"minimum": 1}}})"}};
  std::map<const simdjson::dom::element*, std::shared_ptr<const OwnedJson>> live;
  int fetched = 0;

  const Doc doc(R"({"items": {"$ref": "http://example.test/defs.json#/definitions/positive"}})");
  valijson::Schema schema;
  valijson::SchemaParser(valijson::SchemaParser::kDraft7)
      .populateSchema(
          doc.adapter(), schema,
          [&](const std::string& uri) -> const simdjson::dom::element* {
            const auto it = remote.find(uri);
            if (it == remote.end()) return nullptr;
            ++fetched;
            std::shared_ptr<const OwnedJson> owned = json(it->second);
            const simdjson::dom::element* root = &owned->root();
            live.emplace(root, std::move(owned));
            return root;
          },
          [&](const simdjson::dom::element* document) { live.erase(document); });
  CHECK(fetched == 1);
  CHECK(live.empty());
  CHECK(valid(schema, "[1, 2]"));
  CHECK_FALSE(valid(schema, "[1, 0]"));
}

TEST_CASE("valijson error results and weak typing work through the adapter",
          "[schema][adapter]") {
  const auto schema = compile(
      R"({"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "maxLength": 3}}})");
  const Doc doc(R"({"id": "abcd"})");
  valijson::Validator validator;
  valijson::ValidationResults results;
  CHECK_FALSE(validator.validate(*schema, doc.adapter(), &results));
  REQUIRE(results.numErrors() >= 1);
  valijson::ValidationResults::Error error;
  bool mentions_id = false;
  while (results.popError(error)) {
    for (const std::string& part : error.context) mentions_id = mentions_id || part == "[id]";
  }
  CHECK(mentions_id);

  const auto integer = compile(R"({"type": "integer"})");
  valijson::Validator weak(valijson::Validator::kWeakTypes);
  const Doc numeric_string(R"("12")");
  CHECK(weak.validate(*integer, numeric_string.adapter(), nullptr));
  CHECK_FALSE(valid(*integer, R"("12")"));
}
