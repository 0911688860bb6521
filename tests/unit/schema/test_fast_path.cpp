// The fast path (src/schema/fast_path.hpp) against valijson, run the way
// value_validator.cpp runs it (SchemaRegistry's compiled schema, a
// valijson::Validator, SimdjsonAdapter): for every built-in schema, both must
// give the same verdict on
//  * every value found in every JSON file under fixtures/ (each item of an
//    array file, and every value nested in it),
//  * hand-made items: a valid item of each kind, and each of them changed at
//    every place (every value replaced by each of ~120 edge values, members
//    dropped, repeated with the same or another value before or after,
//    unknown members added, array elements dropped and added),
//  * a few cases spelled out, which also pin valijson's quirks down.
// A disagreement is a bug either way: a "valid" valijson denies lets a bad
// item through; an "invalid" valijson grants is merely slow, but says the
// generator misunderstands the schema.

#include "schema/fast_path.hpp"

#include <simdjson.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <valijson/validator.hpp>

#include "schema/embedded_schemas.hpp"
#include "schema/schema_registry.hpp"
#include "schema/simdjson_adapter.hpp"
#include "schema/valijson_schema.hpp"

namespace {

namespace fs = std::filesystem;
using ckimport::schema::FastValidator;
using ckimport::schema::FastVerdict;
using simdjson::dom::element;

// Every schema file of schemas/ (they are all embedded).
std::vector<std::string> schema_names() {
  std::vector<std::string> names;
  for (const auto& schema : ckimport::schema::embedded_schemas()) {
    if (std::string_view(schema.file_name).ends_with(".schema.json")) {
      names.emplace_back(schema.file_name);
    }
  }
  return names;
}

// valijson's verdict, as ValueValidator::validate() gets it.
class Reference {
 public:
  bool valid(const std::string& schema_name, element value) {
    const auto& compiled = registry_.get(schema_name).compiled->schema;
    try {
      return validators_[schema_name].validate(compiled, ckimport::schema::SimdjsonAdapter(value),
                                               nullptr);
    } catch (const std::exception&) {
      return false;  // reported as a finding: certainly not "valid"
    }
  }

 private:
  ckimport::schema::SchemaRegistry registry_;
  std::map<std::string, valijson::Validator> validators_;  // keep their regex caches
};

Reference& reference() {
  static Reference instance;
  return instance;
}

struct Tally {
  std::size_t values = 0;       // values looked at
  std::size_t comparisons = 0;  // values x schemas
  std::size_t unparsable = 0;
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_schema;  // valid, invalid
  std::vector<std::string> disagreements;
};

std::string shortened(std::string_view text) {
  return text.size() <= 300 ? std::string(text) : std::string(text.substr(0, 300)) + "...";
}

// Both verdicts for `value` under every schema.
void compare(element value, Tally& tally) {
  ++tally.values;
  for (const auto& name : schema_names()) {
    const FastValidator* fast = ckimport::schema::fast_validator_for(name);
    REQUIRE(fast != nullptr);
    const bool fast_valid = fast->valid(value);
    const bool valijson_valid = reference().valid(name, value);
    ++tally.comparisons;
    auto& counts = tally.by_schema[name];
    ++(valijson_valid ? counts.first : counts.second);
    if (fast_valid != valijson_valid && tally.disagreements.size() < 20) {
      tally.disagreements.push_back(name + ": fast path says " + (fast_valid ? "valid" : "invalid") +
                                    ", valijson " + (valijson_valid ? "valid" : "invalid") +
                                    " on " + shortened(simdjson::minify(value)));
    }
  }
}

void compare_text(simdjson::dom::parser& parser, const std::string& text, Tally& tally) {
  element value;
  if (parser.parse(text).get(value) != simdjson::SUCCESS) {
    ++tally.unparsable;
    return;
  }
  compare(value, tally);
}

void require_agreement(const Tally& tally) {
  for (const auto& d : tally.disagreements) UNSCOPED_INFO(d);
  CHECK(tally.disagreements.empty());
}

// ---- a small JSON tree, to change items at every place ----------------------

struct Member;

struct Node {
  enum class Kind { scalar, array, object } kind = Kind::scalar;
  std::string text;              // a scalar, as written
  std::vector<Member> members;   // keys as JSON strings
  std::vector<Node> items;
};

// Not std::pair<std::string, Node>: a pair of an incomplete Node inside Node
// is not allowed (libstdc++ under clang says so); a vector of an incomplete
// struct is.
struct Member {
  Member(std::string key, Node value) : first(std::move(key)), second(std::move(value)) {}
  std::string first;
  Node second;
};

Node tree_of(element value) {
  Node node;
  simdjson::dom::array array;
  simdjson::dom::object object;
  if (value.get_array().get(array) == simdjson::SUCCESS) {
    node.kind = Node::Kind::array;
    for (const element item : array) node.items.push_back(tree_of(item));
  } else if (value.get_object().get(object) == simdjson::SUCCESS) {
    node.kind = Node::Kind::object;
    for (const auto field : object) {
      std::string key = "\"";
      for (const char c : field.key) key += c == '"' ? std::string("\\\"") : std::string(1, c);
      node.members.emplace_back(key + "\"", tree_of(field.value));
    }
  } else {
    node.text = simdjson::minify(value);
  }
  return node;
}

std::string render(const Node& node) {
  switch (node.kind) {
    case Node::Kind::scalar:
      return node.text;
    case Node::Kind::array: {
      std::string out = "[";
      for (std::size_t i = 0; i < node.items.size(); ++i) out += (i ? "," : "") + render(node.items[i]);
      return out + "]";
    }
    case Node::Kind::object: {
      std::string out = "{";
      for (std::size_t i = 0; i < node.members.size(); ++i) {
        out += (i ? "," : "") + node.members[i].first + ":" + render(node.members[i].second);
      }
      return out + "}";
    }
  }
  return "";
}

Node raw(std::string text) {
  Node node;
  node.text = std::move(text);
  return node;
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string json_string(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Values put in every place of every item. Raw JSON text: some are not
// JSON simdjson reads (1e400, 2^64), and are counted as such.
std::vector<std::string> edge_values() {
  std::vector<std::string> v = {
      // numbers: spellings of one value, int64/uint64/double boundaries, and
      // doubles that round onto a bound (2^63 + 1024 rounds to 2^63)
      "0", "-0", "0.0", "-0.0", "1", "-1", "1.0", "1e0", "1E0", "10e-1", "0.1e1", "0.5", "1.5",
      "-1.5", "2", "9", "10", "11", "255", "256", "0.9999999999999999", "1.0000000000000002",
      "9007199254740992", "9007199254740993", "9007199254740992.0", "9007199254740993.0",
      "9223372036854775807", "9223372036854775806", "9223372036854775808", "9223372036854775809",
      "9223372036854776832", "9223372036854776833", "9223372036854777856",
      "9223372036854775807.0", "9.223372036854775807e18", "9.223372036854776e18", "9.3e18",
      "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
      "18446744073709551616", "1e19", "-1e19", "1.8446744073709552e19", "1e300", "1e308",
      "-1e308", "1e400", "1e-300", "5e-324", "-5e-324", "123456789012345678901234567890",
      // strings: empty, NULs (valijson counts up to the first), multibyte
      // UTF-8 around minLength 1 and maxLength 255
      "\"\"", "\"a\"", "\" \"", "\"\\u0000\"", "\"a\\u0000\"", "\"\\u0000a\"", "\"\\u0000\\u0000\"",
      "\"é\"", "\"\\u00e9\"", "\"日本\"", "\"😀\"", "\"\\ud83d\\ude00\"", "\"\\u007f\"",
      json_string(repeat("a", 255)), json_string(repeat("a", 256)), json_string(repeat("é", 255)),
      json_string(repeat("é", 256)), json_string(repeat("😀", 255)), json_string(repeat("a", 254) + "é"),
      // the constants and enums of the schemas, and near misses
      "\"TEXT\"", "\"SYSTEM_TEXT\"", "\"DIRECT\"", "\"PUBLIC\"", "\"PRIVATE\"", "\"text\"",
      "\"TEXT \"", "\"TEXT\\u0000\"", "\"off\"", "\"warning\"", "\"error\"", "\"Error\"",
      "\"unicodeCodePoints\"", "\"note\"",
      // the two patterns of file-import.schema.json
      "\"http://x\"", "\"https://cdn.example.com/a.png\"", "\"HTTPS://X\"", "\"hTtPs://x\"",
      "\"http:/x\"", "\"http://\"", "\"http:///x\"", "\"http:// x\"", "\"http://\\tx\"",
      "\"http://?x\"", "\"http://#x\"", "\"ftp://x\"", "\" http://x\"", "\"http://é\"",
      "\"xhttp://x\"", "\"http://x\\n\"", "\"image/png\"", "\"a/b\"", "\"image/png\\n\"",
      "\"\\nimage/png\"", "\"image/\"", "\"/png\"", "\"image/p ng\"", "\"image/png; charset=utf-8\"",
      "\"é/png\"", "\"image/svg+xml\"", "\"a!#$&^_.+-/b!#$&^_.+-\"", "\"-a/b\"",
      json_string(repeat("a", 127) + "/b"), json_string(repeat("a", 128) + "/b"),
      json_string("a/" + repeat("b", 127)), json_string("a/" + repeat("b", 128)),
      json_string(repeat("a", 127) + "/" + repeat("b", 127)),
      // other types
      "null", "true", "false", "[]", "{}", "[\"a\"]", "[\"a\",\"b\"]", "[\"\"]", "[\"a\",\"\"]",
      "[1]", "[null]", "[[]]", "[{}]", "{\"a\":1}", "{\"\":null}", "{\"url\":\"http://x\"}",
  };
  std::string members = "[";
  for (int i = 0; i < 11; ++i) {
    members += (i ? ",\"u" : "\"u") + std::to_string(i) + "\"";
    if (i == 9 || i == 10) v.push_back(members + "]");  // 10 and 11 members
  }
  return v;
}

// A valid item of each kind, using every field the schemas know.
const char* const kBaseItems[] = {
    R"({"name":"jane@example.com","displayName":"Jane Doe","isGuest":false,"guest":true,
        "properties":{"team":"support"},
        "displayPicture":{"url":"https://cdn.example.com/jane.png","name":"jane.png",
                          "contentType":"image/png","size":20481,"idempotencyKey":"f-1"},
        "idempotencyKey":"user-1"})",
    R"({"name":"x","displayName":"é","properties":{}})",
    R"({"type":"PUBLIC","name":"general","displayName":"General","creator":"jane",
        "members":["jane","joe"],"properties":{"topic":"x"},"idempotencyKey":"c-1"})",
    R"({"type":"PRIVATE","members":[]})",
    R"({"type":"DIRECT","members":["jane","joe"],"creator":"jane","name":1,"displayName":null,
        "properties":{},"idempotencyKey":"c-2"})",
    R"({"username":"jane","idempotencyKey":"m-1"})",
    R"({"type":"TEXT","channelId":1001,"body":"hi","user":"jane","groupTag":"g",
        "properties":{"pinned":true},"idempotencyKey":"msg-1"})",
    R"({"type":"SYSTEM_TEXT","channelId":9223372036854775807,"body":"","user":[1],"groupTag":"",
        "properties":{},"idempotencyKey":"msg-2"})",
    R"({"url":"http://x","name":"n","contentType":"a/b","size":0,"idempotencyKey":""})",
    R"({"$schema":"x","files":{"users":["users*.json"],"channels":["c.json"],"messages":["m*.json"],
        "members":[{"path":"members/1.json","channelId":1}]},
        "existing":{"channels":["e/c.json"],"users":["e/u.json"]},
        "rules":{"unknown-user":"off","duplicate-key":"warning","syntax":"error"}})",
    R"({"version":1,"columnUnit":"unicodeCodePoints",
        "diagnostics":[{"file":"u.json","line":1,"column":1,"endLine":1,"endColumn":2,"offset":0,
          "endOffset":1,"severity":"error","rule":"syntax","message":"m","pointer":"","help":null,
          "related":[{"file":"u.json","line":1,"column":1,"endLine":1,"endColumn":1,"message":""}]}],
        "summary":{"filesChecked":1,"errors":1,"warnings":0,"notes":0,"notShown":0,"cutByLimit":0,"hiddenByQuiet":0}})",
};

// Every node of `tree`, by the path of indexes that reaches it.
void paths_of(const Node& node, std::vector<std::size_t>& path,
              std::vector<std::vector<std::size_t>>& out) {
  out.push_back(path);
  const std::size_t n = node.kind == Node::Kind::object ? node.members.size() : node.items.size();
  for (std::size_t i = 0; i < n; ++i) {
    path.push_back(i);
    paths_of(node.kind == Node::Kind::object ? node.members[i].second : node.items[i], path, out);
    path.pop_back();
  }
}

Node& at(Node& root, const std::vector<std::size_t>& path, std::size_t depth) {
  Node* node = &root;
  for (std::size_t i = 0; i < depth; ++i) {
    node = node->kind == Node::Kind::object ? &node->members[path[i]].second : &node->items[path[i]];
  }
  return *node;
}

// Every changed version of `base`, as text.
std::vector<std::string> mutations(const Node& base) {
  const std::vector<std::string> values = edge_values();
  std::vector<std::vector<std::size_t>> paths;
  std::vector<std::size_t> path;
  paths_of(base, path, paths);
  std::vector<std::string> out;
  out.push_back(render(base));
  for (const auto& p : paths) {
    // The value there, replaced.
    for (const auto& value : values) {
      Node copy = base;
      at(copy, p, p.size()) = raw(value);
      out.push_back(render(copy));
    }
    Node copy = base;
    const Node original = at(copy, p, p.size());
    if (original.kind == Node::Kind::object) {
      // Unknown members, at the end and at the start.
      Node more = original;
      more.members.emplace_back("\"zz\"", raw("1"));
      at(copy, p, p.size()) = more;
      out.push_back(render(copy));
      more = original;
      more.members.insert(more.members.begin(), {"\"\"", raw("null")});
      at(copy, p, p.size()) = more;
      out.push_back(render(copy));
      at(copy, p, p.size()) = original;
    }
    if (original.kind == Node::Kind::array) {
      Node more = original;
      for (const auto& value : {"\"a\"", "\"\"", "1", "null", "{}"}) {
        more.items.push_back(raw(value));
        at(copy, p, p.size()) = more;
        out.push_back(render(copy));
      }
      at(copy, p, p.size()) = original;
    }
    if (p.empty()) continue;
    // Changes that need the parent: drop, repeat.
    Node& parent = at(copy, p, p.size() - 1);
    const std::size_t i = p.back();
    if (parent.kind == Node::Kind::array) {
      Node dropped = parent;
      dropped.items.erase(dropped.items.begin() + static_cast<std::ptrdiff_t>(i));
      Node saved = parent;
      parent = dropped;
      out.push_back(render(copy));
      parent = saved;
      continue;
    }
    const auto member = parent.members[i];
    Node saved = parent;
    parent.members.erase(parent.members.begin() + static_cast<std::ptrdiff_t>(i));
    out.push_back(render(copy));  // dropped
    parent = saved;
    parent.members.push_back(member);
    out.push_back(render(copy));  // repeated, same value
    parent = saved;
    // Repeated with another value, before and after: which one counts?
    for (const auto& value : {"\"\"", "\"x\"", "0", "1", "9223372036854775808", "null", "[]", "{}",
                              "\"TEXT\"", "\"https://x\"", "\"a/b\"", "\"off\"", "\"bogus\""}) {
      parent.members.push_back({member.first, raw(value)});
      out.push_back(render(copy));
      parent = saved;
      parent.members.insert(parent.members.begin(), {member.first, raw(value)});
      out.push_back(render(copy));
      parent = saved;
    }
  }
  return out;
}

simdjson::dom::parser& parser() {
  static simdjson::dom::parser instance;
  return instance;
}

// The verdict of both on one text, which must parse.
struct Verdicts {
  bool fast;
  bool valijson;
};
Verdicts verdicts(const std::string& schema, const std::string& text) {
  element value;
  REQUIRE(parser().parse(text).get(value) == simdjson::SUCCESS);
  const FastValidator* fast = ckimport::schema::fast_validator_for(schema);
  REQUIRE(fast != nullptr);
  return {fast->valid(value), reference().valid(schema, value)};
}

}  // namespace

TEST_CASE("A fast validator exists for every schema of schemas/, made from its text",
          "[fastpath]") {
  CHECK(schema_names().size() >= 9);
  for (const auto& name : schema_names()) {
    INFO(name);
    const FastValidator* fast = ckimport::schema::fast_validator_for(name);
    REQUIRE(fast != nullptr);
    CHECK(fast->file_name() == name);
    // The generator read the same bytes the program embeds: neither can be
    // stale without this failing.
    REQUIRE_FALSE(fast->sources().empty());
    CHECK(fast->sources().front().file_name == name);
    for (const auto& source : fast->sources()) {
      INFO(source.file_name);
      ckimport::schema::SchemaRegistry registry;
      const auto text = registry.text(source.file_name);
      REQUIRE(text);
      CHECK(*text == source.text);
    }
  }
  CHECK(ckimport::schema::fast_validator_for("nope.schema.json") == nullptr);
  CHECK(ckimport::schema::fast_validator_for("") == nullptr);
  const FastValidator* user = ckimport::schema::fast_validator_for("user.schema.json");
  REQUIRE(user != nullptr);
  CHECK(user->sources().size() == 2);  // and file-import.schema.json, by $ref
}

TEST_CASE("Fast path and valijson agree on every value of every fixture", "[fastpath]") {
  Tally tally;
  std::size_t files = 0;
  const fs::path root = fs::path(CKIMPORT_SOURCE_DIR) / "fixtures";
  simdjson::dom::parser file_parser;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    simdjson::padded_string text;
    if (simdjson::padded_string::load(entry.path().string()).get(text) != simdjson::SUCCESS) continue;
    element document;
    if (file_parser.parse(text).get(document) != simdjson::SUCCESS) {
      ++tally.unparsable;  // the syntax fixtures
      continue;
    }
    ++files;
    // The document, each item, and every value inside.
    std::vector<element> pending{document};
    while (!pending.empty()) {
      const element value = pending.back();
      pending.pop_back();
      compare(value, tally);
      simdjson::dom::array array;
      simdjson::dom::object object;
      if (value.get_array().get(array) == simdjson::SUCCESS) {
        for (const element item : array) pending.push_back(item);
      } else if (value.get_object().get(object) == simdjson::SUCCESS) {
        for (const auto field : object) pending.push_back(field.value);
      }
    }
  }
  WARN("fixtures: " << files << " files, " << tally.values << " values, " << tally.comparisons
                    << " comparisons (" << tally.unparsable << " files not JSON)");
  CHECK(files > 50);
  require_agreement(tally);
}

TEST_CASE("Fast path and valijson agree on items changed at every place", "[fastpath]") {
  Tally tally;
  std::size_t texts = 0;
  for (const char* base_text : kBaseItems) {
    element base;
    REQUIRE(parser().parse(std::string(base_text)).get(base) == simdjson::SUCCESS);
    const Node tree = tree_of(base);
    // Each base item is valid under one schema at least, or the changes
    // would start from nowhere.
    std::size_t valid_somewhere = 0;
    for (const auto& name : schema_names()) {
      if (ckimport::schema::fast_validator_for(name)->valid(base)) ++valid_somewhere;
    }
    INFO(base_text);
    CHECK(valid_somewhere >= 1);
    for (const auto& text : mutations(tree)) {
      ++texts;
      compare_text(parser(), text, tally);
    }
  }
  WARN("mutations: " << texts << " texts, " << tally.values << " parsed, " << tally.comparisons
                     << " comparisons");
  // Both answers occur for every schema: the comparison tells things apart.
  for (const auto& [name, counts] : tally.by_schema) {
    INFO(name << ": " << counts.first << " valid, " << counts.second << " invalid");
    CHECK(counts.first > 50);
    CHECK(counts.second > 50);
  }
  require_agreement(tally);
}

TEST_CASE("Fast path and valijson agree on spelled-out edge cases", "[fastpath]") {
  struct Case {
    const char* schema;
    std::string text;
    bool valid;  // what both must say
  };
  const std::string message = R"({"type":"TEXT","body":"b","user":"u","channelId":)";
  const std::string user = R"({"displayName":"d","properties":{},"name":)";
  const std::vector<Case> cases = {
      // channelId: integer, 1 <= x <= 9223372036854775807, compared as doubles
      {"message-text.schema.json", message + "1}", true},
      {"message-text.schema.json", message + "1.0}", true},
      {"message-text.schema.json", message + "1e0}", true},
      {"message-text.schema.json", message + "0.5e1}", true},
      {"message-text.schema.json", message + "0}", false},
      {"message-text.schema.json", message + "-0}", false},
      {"message-text.schema.json", message + "1.5}", false},
      {"message-text.schema.json", message + "0.9999999999999999}", false},
      {"message-text.schema.json", message + "9007199254740993}", true},
      {"message-text.schema.json", message + "9223372036854775807}", true},
      // Quirks kept: valijson reads the maximum as the double 2^63, and the
      // value as the nearest double, so these pass...
      {"message-text.schema.json", message + "9223372036854775808}", true},
      {"message-text.schema.json", message + "9223372036854776832}", true},
      {"message-text.schema.json", message + "9.223372036854776e18}", true},
      // ...and these do not.
      {"message-text.schema.json", message + "9223372036854776833}", false},
      {"message-text.schema.json", message + "18446744073709551615}", false},
      {"message-text.schema.json", message + "1e19}", false},
      {"message-text.schema.json", message + "\"1\"}", false},
      // minLength 1 counts code points up to the first NUL (valijson's u8_strlen)
      {"user.schema.json", user + "\"é\"}", true},
      {"user.schema.json", user + "\"😀\"}", true},
      {"user.schema.json", user + "\"a\\u0000\"}", true},
      {"user.schema.json", user + "\"\"}", false},
      {"user.schema.json", user + "\"\\u0000\"}", false},
      {"user.schema.json", user + "\"\\u0000abc\"}", false},
      // Repeated keys: valijson sees the object a reader keeps (the last of
      // repeated keys), so a repeat is not an unknown member...
      {"user.schema.json", user + "\"a\",\"name\":\"a\"}", true},
      {"channel-member.schema.json", R"({"username":"a"})", true},
      {"channel-member.schema.json", R"({"username":"","username":"a"})", true},
      {"channel-member.schema.json", R"({"username":"a","username":""})", false},
      // ...the last value counts, wherever it is...
      {"ckimport-config.schema.json", R"({"rules":{"a":"off"},"rules":{"b":"error"}})", true},
      {"ckimport-config.schema.json", R"({"rules":{"a":"off"},"rules":{"b":"bogus"}})", false},
      // ...and additionalProperties applies to the members a reader keeps.
      {"ckimport-config.schema.json", R"({"rules":{"a":"off","a":"error"}})", true},
      {"ckimport-config.schema.json", R"({"rules":{"a":"bogus","a":"off"}})", true},
      {"ckimport-config.schema.json", R"({"rules":{"a":"off","a":"bogus"}})", false},
      {"ckimport-config.schema.json", R"({"files":{"members":[{"path":"p","channelId":1.0}]}})", true},
      {"ckimport-config.schema.json", R"({"files":{"members":[{"path":"p","channelId":0}]}})", false},
      {"ckimport-config.schema.json", "{}", true},
      {"ckimport-config.schema.json", "[]", false},
      // maxLength 255 and the contentType pattern
      {"file-import.schema.json",
       R"({"url":"http://x","name":"n","size":0,"contentType":")" + repeat("a", 127) + "/" +
           repeat("b", 127) + "\"}",
       true},
      {"file-import.schema.json",
       R"({"url":"http://x","name":"n","size":0,"contentType":")" + repeat("a", 128) + "/b\"}",
       false},
      {"file-import.schema.json", R"({"url":"http://x","name":"n","size":0,"contentType":"a/b\n"})",
       false},
      {"file-import.schema.json", R"({"url":"HtTpS://x/y","name":"n","size":0,"contentType":"a/b"})",
       true},
      {"file-import.schema.json", R"({"url":"http:// x","name":"n","size":0,"contentType":"a/b"})",
       false},
      {"channel-direct.schema.json", R"({"type":"DIRECT","members":["a"]})", false},
      {"channel-direct.schema.json", R"({"type":"DIRECT","members":["a","b"],"name":{}})", true},
      {"channel.schema.json", R"({"type":"PUBLIC","members":["a",""]})", false},
      {"ckimport-output.schema.json",
       R"({"version":1.0,"columnUnit":"unicodeCodePoints","diagnostics":[],
           "summary":{"filesChecked":0,"errors":0,"warnings":0,"notes":0,"notShown":0,"cutByLimit":0,"hiddenByQuiet":0}})",
       true},
  };
  for (const auto& c : cases) {
    INFO(c.schema << " on " << c.text);
    const Verdicts v = verdicts(c.schema, c.text);
    CHECK(v.valijson == c.valid);
    CHECK(v.fast == c.valid);
  }
}

TEST_CASE("The registry gives built-in schemas their fast path, and only them", "[fastpath]") {
  ckimport::schema::SchemaRegistry builtin;
  CHECK(builtin.get("user.schema.json").fast == ckimport::schema::fast_validator_for("user.schema.json"));
  CHECK(builtin.get("user.schema.json").fast != nullptr);
  // Schemas from --schema-dir are valijson's alone, even where a file is the
  // same as the built-in one.
  const std::filesystem::path dir = std::filesystem::path(CKIMPORT_SOURCE_DIR) / "schemas";
  ckimport::schema::SchemaRegistry overridden(dir.string());
  CHECK(overridden.get("user.schema.json").fast == nullptr);
  CHECK(ckimport::schema::SchemaRegistry::compile_file((dir / "user.schema.json").string())->fast == nullptr);
}
