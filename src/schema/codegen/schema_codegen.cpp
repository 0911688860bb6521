// schema_codegen: writes the fast-path validators for a set of draft-07
// schemas (issue 14). Run at build time (cmake/FastPath.cmake), so the fast
// path is always made from the schemas it is built with and cannot drift.
//
//   schema_codegen --namespace NS --header OUT.hpp --source OUT.cpp SCHEMA...
//       One function per schema file: bool validate_<name>(dom::element).
//       Any keyword or form it does not support fails the run (exit 1), naming
//       the file, the place and the keyword: a schema change can never
//       silently weaken the fast path.
//   schema_codegen --suite DIR --namespace NS --header OUT.hpp --source OUT.cpp FILE...
//       FILEs are JSON-Schema-Test-Suite files (paths under DIR). Each case's
//       schema gets a validator if it is supported; otherwise the table says
//       why not, instead of failing (the suite is there to test this program).
//
// What a generated function answers is valijson's verdict, through our
// SimdjsonAdapter, not JSON Schema's ideal one: `true` means valijson would
// find the value valid; `false` means "not shown valid", and the caller asks
// valijson, which also explains. So wherever valijson has a quirk, the code
// copies it (see fast_path_support.hpp), and wherever this program cannot be
// sure what valijson does, it refuses the schema.
//
// Supported, exactly the keywords of schemas/: type, properties,
// additionalProperties (boolean or schema), required, minLength, maxLength,
// minimum, maximum, const, enum, pattern, items (one schema, not the tuple
// form), minItems, maxItems, $ref (to another schema file by name and/or a
// JSON pointer), boolean schemas, and the annotations $schema, $id (at a
// document's root only), title, description and definitions.
//
// valijson's SchemaParser is mirrored where it decides what a schema means:
//  * Keywords beside $ref are ignored (draft 7, and valijson).
//  * A $ref at the root (and each $ref it leads to) is resolved in the same
//    document whatever file it names: refused unless it names none.
//  * Subschemas are shared through a cache keyed by the JSON-pointer path
//    valijson walked, without the document's name ($id is ignored by
//    valijson 1.0, so there is no base URI). Only $ref keys are put in it. A
//    node whose key is already there is not compiled again: valijson uses
//    the subschema it made before, even if that came from another node or
//    document. The generator walks in valijson's order with the same keys
//    and does the same, and it refuses the schema when that would apply a
//    subschema whose text differs from the node's own (a valijson bug that
//    should be seen, not copied).
//  * JSON pointers: "~1" then "~0" replaced, then %XX decoded, as valijson
//    does; empty tokens (which valijson skips) and other oddities refused.
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Why a schema gets no fast path: "file#/pointer: what".
struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// ---- text helpers --------------------------------------------------------------

// A C++ string literal with exactly the bytes of `s`. Octal escapes, since
// a hex escape would swallow the hex digits after it.
std::string cpp_literal(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || c == '?') {
      out += '\\';
      out += c;
    } else if (b < 0x20 || b >= 0x7F) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\%03o", static_cast<unsigned>(b));
      out += buffer;
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

// A string_view expression for `s`, with its length when it holds a NUL.
std::string cpp_string_view(std::string_view s) {
  if (s.find('\0') == std::string_view::npos) return cpp_literal(s);
  return "std::string_view{" + cpp_literal(s) + ", " + std::to_string(s.size()) + "}";
}

// Text safe inside a // comment: printable ASCII, shortened, never ending in
// a backslash (which would continue the comment onto the next line).
std::string comment_text(std::string_view s, std::size_t max = 100) {
  std::string out;
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    out += (b < 0x20 || b >= 0x7F) ? '?' : c;
    if (out.size() >= max) {
      out += "...";
      break;
    }
  }
  if (!out.empty() && out.back() == '\\') out += ' ';
  return out;
}

// A C identifier made of the letters and digits of `s`.
std::string identifier(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out += alnum ? c : '_';
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(0, "s");
  return out;
}

// Exact C++ spelling of a double: "1.0" for a small integer, otherwise a
// hexadecimal floating literal (no rounding in either direction).
std::string hex_double(double d) {
  if (std::trunc(d) == d && std::fabs(d) < 9007199254740992.0) {
    return std::to_string(static_cast<long long>(d)) + ".0";
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%a", d);
  return buffer;
}

// A JSON Pointer token, escaped (for messages and comments).
std::string pointer_token(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string minified(element value) { return simdjson::minify(value); }

// ---- reading schemas ---------------------------------------------------------------

struct Document {
  std::string name;     // what $refs name it by: the file name (suite: "file#/3/schema")
  std::string display;  // the path given, for messages
  element root;
  std::string text;  // the file's bytes (schema mode), for FastValidator::sources()
};

// Exactly one JSON type name of JSON Schema (valijson also knows "any").
bool is_type_name(std::string_view name) {
  static const std::set<std::string_view> names = {"array",  "boolean", "integer", "null",
                                                   "number", "object",  "string"};
  return names.count(name) != 0;
}

// The keywords of one schema object, read and checked.
struct Keywords {
  std::optional<std::string> ref;
  std::optional<std::vector<std::string>> types;
  std::vector<std::pair<std::string, element>> properties;  // in document order
  bool has_properties = false;
  std::optional<element> additional;  // a boolean or a schema object
  std::vector<std::string> required;
  std::optional<std::uint64_t> min_length, max_length, min_items, max_items;
  std::optional<double> minimum, maximum;
  std::string minimum_text, maximum_text;  // as written, for comments
  bool minimum_inexact = false, maximum_inexact = false;  // not the integer written
  std::optional<element> constant;
  std::optional<element> enumeration;
  std::optional<std::string> pattern;
  std::optional<element> items;
  std::vector<std::pair<std::string, element>> definitions;
};

class KeywordReader {
 public:
  KeywordReader(const Document& doc, std::string where) : doc_(doc), where_(std::move(where)) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw Unsupported(doc_.name + "#" + where_ + ": " + what);
  }

  std::string string_of(element value, std::string_view keyword) const {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      fail("`" + std::string(keyword) + "` must be a string");
    }
    return std::string(text);
  }

  // valijson reads minLength and the like with maybeInteger() and
  // asInteger(): an int64 >= 0, also when written 2.0. It cannot read
  // integers beyond int64 (it throws), and accepts strings like "2" (which
  // we do not).
  std::uint64_t count_of(element value, std::string_view keyword) const {
    std::int64_t result = -1;
    if (value.type() == element_type::INT64) {
      result = value.get_int64().value_unsafe();
    } else if (value.type() == element_type::DOUBLE) {
      const double d = value.get_double().value_unsafe();
      if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && std::trunc(d) == d) {
        result = static_cast<std::int64_t>(d);
      }
    }
    if (result < 0) {
      fail("`" + std::string(keyword) + "` must be a non-negative integer within int64");
    }
    return static_cast<std::uint64_t>(result);
  }

  // valijson reads minimum/maximum with asDouble(): the nearest double.
  // `inexact` tells when that is not the integer written.
  double number_of(element value, std::string_view keyword, bool& inexact) const {
    inexact = false;
    switch (value.type()) {
      case element_type::INT64: {
        const std::int64_t i = value.get_int64().value_unsafe();
        const double d = static_cast<double>(i);
        inexact = !(d < 9223372036854775808.0) || static_cast<std::int64_t>(d) != i;
        return d;
      }
      case element_type::UINT64: {
        const std::uint64_t u = value.get_uint64().value_unsafe();
        const double d = static_cast<double>(u);
        inexact = !(d < 18446744073709551616.0) || static_cast<std::uint64_t>(d) != u;
        return d;
      }
      case element_type::DOUBLE:
        return value.get_double().value_unsafe();
      default:
        fail("`" + std::string(keyword) + "` must be a number");
    }
  }

  void schema_position(element value, std::string_view keyword) const {
    if (value.type() != element_type::OBJECT && value.type() != element_type::BOOL) {
      fail("`" + std::string(keyword) + "` must be a schema (an object or a boolean)");
    }
  }

  std::vector<std::pair<std::string, element>> members_of(element value,
                                                          std::string_view keyword) const {
    simdjson::dom::object object;
    if (value.get_object().get(object) != simdjson::SUCCESS) {
      fail("`" + std::string(keyword) + "` must be an object");
    }
    std::vector<std::pair<std::string, element>> members;
    std::set<std::string_view> seen;
    for (const auto field : object) {
      if (!seen.insert(field.key).second) {
        fail("`" + std::string(keyword) + "` has the key `" + comment_text(field.key) + "` twice");
      }
      if (field.key.find('\0') != std::string_view::npos) {
        // valijson looks names up through c_str(): a NUL would cut them.
        fail("`" + std::string(keyword) + "` has a key with a NUL character");
      }
      members.emplace_back(std::string(field.key), field.value);
    }
    return members;
  }

  Keywords read(element node, bool document_root) const {
    Keywords k;
    simdjson::dom::object object;
    if (node.get_object().get(object) != simdjson::SUCCESS) {
      fail("a schema must be an object or a boolean");
    }
    std::set<std::string_view> seen;
    for (const auto field : object) {
      const std::string_view key = field.key;
      const element value = field.value;
      if (!seen.insert(key).second) fail("the keyword `" + comment_text(key) + "` appears twice");
      if (key == "$schema" || key == "title" || key == "description") {
        string_of(value, key);  // valijson throws on a title or description of another type
      } else if (key == "$id") {
        string_of(value, key);
        // valijson 1.0 ignores $id; draft 7 would change the base URI of the
        // $refs below it. Only at a document's root are the two the same.
        if (!document_root) fail("`$id` below a document's root is not supported");
      } else if (key == "definitions") {
        k.definitions = members_of(value, key);
        for (const auto& [name, schema] : k.definitions) schema_position(schema, "definitions");
      } else if (key == "$ref") {
        k.ref = string_of(value, key);
      } else if (key == "type") {
        std::vector<std::string> names;
        simdjson::dom::array array;
        if (value.is_string()) {
          names.push_back(string_of(value, key));
        } else if (value.get_array().get(array) == simdjson::SUCCESS) {
          for (const element name : array) names.push_back(string_of(name, key));
        } else {
          fail("`type` must be a string or an array of strings");
        }
        for (const auto& name : names) {
          if (!is_type_name(name)) fail("`type` names an unknown type `" + comment_text(name) + "`");
        }
        k.types = names;
      } else if (key == "properties") {
        k.properties = members_of(value, key);
        k.has_properties = true;
        for (const auto& [name, schema] : k.properties) schema_position(schema, "properties");
      } else if (key == "additionalProperties") {
        schema_position(value, key);
        k.additional = value;
      } else if (key == "required") {
        simdjson::dom::array array;
        if (value.get_array().get(array) != simdjson::SUCCESS) fail("`required` must be an array");
        for (const element name : array) {
          const std::string text = string_of(name, key);
          if (text.find('\0') != std::string::npos) fail("`required` names a key with a NUL");
          k.required.push_back(text);
        }
      } else if (key == "minLength") {
        k.min_length = count_of(value, key);
      } else if (key == "maxLength") {
        k.max_length = count_of(value, key);
      } else if (key == "minItems") {
        k.min_items = count_of(value, key);
      } else if (key == "maxItems") {
        k.max_items = count_of(value, key);
      } else if (key == "minimum") {
        k.minimum = number_of(value, key, k.minimum_inexact);
        k.minimum_text = minified(value);
      } else if (key == "maximum") {
        k.maximum = number_of(value, key, k.maximum_inexact);
        k.maximum_text = minified(value);
      } else if (key == "const") {
        k.constant = value;
      } else if (key == "enum") {
        if (!value.is_array()) fail("`enum` must be an array");
        k.enumeration = value;
      } else if (key == "pattern") {
        const std::string pattern = string_of(value, key);
        if (pattern.find('\0') != std::string::npos) fail("`pattern` holds a NUL character");
        try {
          // The same std::regex, with the same default flags, as valijson.
          const std::regex compiled(pattern);
        } catch (const std::regex_error& e) {
          fail("`pattern` is rejected by std::regex: " + std::string(e.what()));
        }
        k.pattern = pattern;
      } else if (key == "items") {
        if (value.is_array()) fail("`items` as an array (tuple form) is not supported");
        schema_position(value, key);
        k.items = value;
      } else {
        fail("unsupported keyword `" + comment_text(key) + "`");
      }
    }
    return k;
  }

 private:
  const Document& doc_;
  std::string where_;
};

// ---- JSON pointers and documents ---------------------------------------------------

// valijson's resolveJsonPointer, for the pointers it resolves the way RFC
// 6901 does; anything else is refused.
element resolve_pointer(const Document& doc, const std::string& pointer) {
  const auto fail = [&](const std::string& what) {
    return Unsupported(doc.name + "#" + comment_text(pointer) + ": " + what);
  };
  element node = doc.root;
  if (pointer.empty()) return node;
  if (pointer[0] != '/') throw fail("a JSON pointer must start with '/'");
  std::size_t start = 1;
  for (;;) {
    const std::size_t end = std::min(pointer.find('/', start), pointer.size());
    std::string token = pointer.substr(start, end - start);
    if (token.empty()) throw fail("an empty JSON-pointer token (valijson skips those)");
    // valijson's order: "~1", then "~0", then %-decoding.
    for (std::size_t at = 0; (at = token.find("~1", at)) != std::string::npos; ++at) {
      token.replace(at, 2, "/");
    }
    for (std::size_t at = 0; (at = token.find("~0", at)) != std::string::npos; ++at) {
      token.replace(at, 2, "~");
    }
    std::string decoded;
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] != '%') {
        decoded += token[i];
        continue;
      }
      const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
      if (i + 2 >= token.size() || !hex(token[i + 1]) || !hex(token[i + 2])) {
        throw fail("a '%' not followed by two hex digits");
      }
      decoded += static_cast<char>(std::stoi(token.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
    simdjson::dom::array array;
    simdjson::dom::object object;
    if (node.get_array().get(array) == simdjson::SUCCESS) {
      if (decoded.empty() || decoded.size() > 9 ||
          decoded.find_first_not_of("0123456789") != std::string::npos) {
        throw fail("array index `" + comment_text(decoded) + "` is not a plain number");
      }
      auto item = array.at(std::stoul(decoded));
      if (item.error()) throw fail("array index out of range");
      node = item.value_unsafe();
    } else if (node.get_object().get(object) == simdjson::SUCCESS) {
      std::optional<element> found;  // valijson's find(): of repeated keys, the last
      for (const auto field : object) {
        if (field.key == decoded) found = field.value;
      }
      if (!found) throw fail("no member `" + comment_text(decoded) + "`");
      node = *found;
    } else {
      throw fail("points into a scalar");
    }
    if (end == pointer.size()) return node;
    start = end + 1;
  }
}

class Generator {
 public:
  std::vector<Document> documents;
  bool suite_mode = false;

  // As the registry's fetch callback: the last path segment names a file.
  std::size_t document_named(std::string_view uri, const std::string& from) const {
    if (suite_mode) throw Unsupported(from + ": a $ref to another document");
    const auto slash = uri.find_last_of('/');
    const std::string_view name = slash == std::string_view::npos ? uri : uri.substr(slash + 1);
    for (std::size_t i = 0; i < documents.size(); ++i) {
      if (documents[i].name == name) return i;
    }
    throw Unsupported(from + ": a $ref to `" + comment_text(uri) +
                      "`, which is not one of the schema files given");
  }

  // Every schema position of a document, reachable or not, must be
  // supported: a definition nobody uses today may be used tomorrow.
  void check_tree(const Document& doc, element node, const std::string& where, bool root) const {
    if (node.type() == element_type::BOOL) return;
    const Keywords k = KeywordReader(doc, where).read(node, root);
    for (const auto& [name, schema] : k.properties) {
      check_tree(doc, schema, where + "/properties/" + pointer_token(name), false);
    }
    if (k.additional) check_tree(doc, *k.additional, where + "/additionalProperties", false);
    if (k.items) check_tree(doc, *k.items, where + "/items", false);
    for (const auto& [name, schema] : k.definitions) {
      check_tree(doc, schema, where + "/definitions/" + pointer_token(name), false);
    }
  }
};

// ---- generated code --------------------------------------------------------------

struct Function {
  std::string name;
  std::string origin;      // "file#/pointer", and the $refs that led there
  std::string node_text;   // the schema, minified: to tell a cache reuse is harmless
  std::string text;        // the definition
  bool done = false;
  bool trivial = false;  // accepts everything: callers skip the call
  bool root = false;
  std::vector<std::size_t> calls;
  std::vector<std::size_t> helpers;
};

struct Helper {
  std::string name;
  std::string text;
  std::vector<std::size_t> helpers;
};

struct Output {
  std::vector<Function> functions;
  std::vector<Helper> helpers;
};

// The lines of one function body and what they need.
struct Body {
  std::vector<std::string> lines;
  bool uses_type = false;  // needs `const element_type type = value.type();`
  bool always_false = false;
  void add(std::string line) { lines.push_back(std::move(line)); }
};

// Compiles one root schema with the state one valijson SchemaParser run has
// (its cache of subschemas by path), into functions named PREFIX_<n>_...
class RootCompiler {
 public:
  RootCompiler(const Generator& generator, Output& out, std::string prefix)
      : gen_(generator), out_(out), prefix_(std::move(prefix)) {}

  // The index of the function for the root of document `doc`.
  std::size_t compile_root(std::size_t doc);

  // The documents the root and its $refs read, the root's first.
  const std::vector<std::size_t>& documents_used() const { return documents_; }

 private:
  struct Place {
    std::size_t doc;
    element node;
    std::string path;   // valijson's nodePath: the cache key
    std::string where;  // JSON pointer in the document, for messages and comments
  };

  const Document& doc(const Place& p) const { return gen_.documents[p.doc]; }
  std::string at(const Place& p) const { return doc(p).name + "#" + p.where; }

  std::size_t compile_child(Place place);
  std::size_t new_function(const Place& place, std::string origin, bool root);
  Place follow_ref(const Place& from, const std::string& ref, bool at_root, std::string& key);
  void populate(std::size_t index, const Place& place, bool document_root);
  void finish(std::size_t index, const Body& body);

  void use_document(std::size_t d) {
    if (std::find(documents_.begin(), documents_.end(), d) == documents_.end()) {
      documents_.push_back(d);
    }
  }
  bool skippable(std::size_t callee) const {
    return out_.functions[callee].done && out_.functions[callee].trivial;
  }
  std::string call(std::size_t caller, std::size_t callee, const std::string& argument) {
    out_.functions[caller].calls.push_back(callee);
    return out_.functions[callee].name + "(" + argument + ")";
  }

  std::size_t regex_helper(const std::string& pattern, const std::string& origin);
  std::string equals_expression(element constant, const std::string& subject,
                                const std::string& origin, std::vector<std::size_t>& helpers);
  std::size_t container_helper(element constant, const std::string& origin);

  const Generator& gen_;
  Output& out_;
  std::string prefix_;
  std::map<std::string, std::size_t> cache_;
  std::vector<std::size_t> documents_;
};

RootCompiler::Place RootCompiler::follow_ref(const Place& from, const std::string& ref,
                                             bool at_root, std::string& key) {
  // valijson's getJsonReferenceUri / getJsonReferencePointer /
  // sanitiseJsonPointer (trailing slashes go).
  const auto hash = ref.find('#');
  std::optional<std::string> uri;
  if (hash != 0) uri = hash == std::string::npos ? ref : ref.substr(0, hash);
  std::string pointer = hash == std::string::npos ? std::string() : ref.substr(hash + 1);
  pointer.erase(pointer.find_last_not_of('/') + 1);
  key = uri ? *uri + pointer : pointer;
  std::size_t target = from.doc;
  if (uri) {
    if (uri->empty()) throw Unsupported(at(from) + ": an empty $ref");
    // resolveThenPopulateSchema (the root and the $refs it leads to)
    // resolves a relative document name in the current document.
    if (at_root) {
      throw Unsupported(at(from) + ": a $ref at the root that names a document (`" +
                        comment_text(*uri) + "`)");
    }
    target = gen_.document_named(*uri, at(from));
    use_document(target);
  }
  return Place{target, resolve_pointer(gen_.documents[target], pointer), pointer, pointer};
}

std::size_t RootCompiler::new_function(const Place& place, std::string origin, bool root) {
  Function f;
  f.name = prefix_ + "_" + std::to_string(out_.functions.size());
  if (!place.where.empty()) f.name += "_" + identifier(place.where.substr(1));
  if (f.name.size() > 80) f.name.resize(80);
  f.origin = std::move(origin);
  f.node_text = minified(place.node);
  f.root = root;
  out_.functions.push_back(std::move(f));
  return out_.functions.size() - 1;
}

std::size_t RootCompiler::compile_root(std::size_t d) {
  use_document(d);
  Place place{d, gen_.documents[d].root, "", ""};
  std::string origin = at(place);
  std::vector<std::string> chain;
  while (place.node.is_object()) {
    const Keywords k = KeywordReader(doc(place), place.where).read(place.node, place.where.empty());
    if (!k.ref) break;
    std::string key;
    place = follow_ref(place, *k.ref, true, key);
    if (std::find(chain.begin(), chain.end(), key) != chain.end()) {
      throw Unsupported(origin + ": a cycle of $ref");
    }
    chain.push_back(key);
    origin += " -> " + at(place);
  }
  // The root is populated directly, never looked up in the cache.
  const std::size_t index = new_function(place, origin, true);
  populate(index, place, place.where.empty());
  return index;
}

// valijson's makeOrReuseSchema.
std::size_t RootCompiler::compile_child(Place place) {
  std::vector<std::string> new_keys;  // of the $refs followed, cached once resolved
  std::string origin = at(place);
  const auto reuse = [&](std::size_t index, const std::string& key) {
    // valijson takes what it compiled under this key, wherever that was.
    const Function& reused = out_.functions[index];
    if (reused.node_text != minified(place.node)) {
      throw Unsupported(origin + ": valijson would apply the subschema it compiled for `" +
                        comment_text(key) + "` (" + reused.origin + "), which differs");
    }
    for (const auto& k : new_keys) cache_.emplace(k, index);
    return index;
  };
  for (;;) {
    if (place.node.is_object()) {
      const Keywords k = KeywordReader(doc(place), place.where).read(place.node, place.where.empty());
      if (k.ref) {
        std::string key;
        Place target = follow_ref(place, *k.ref, false, key);
        if (const auto hit = cache_.find(key); hit != cache_.end()) {
          place = std::move(target);
          return reuse(hit->second, key);
        }
        if (std::find(new_keys.begin(), new_keys.end(), key) != new_keys.end()) {
          throw Unsupported(origin + ": a cycle of $ref");
        }
        new_keys.push_back(key);
        place = std::move(target);
        origin += " -> " + at(place);
        continue;
      }
    }
    if (const auto hit = cache_.find(place.path); hit != cache_.end()) {
      return reuse(hit->second, place.path);
    }
    const std::size_t index = new_function(place, origin, false);
    for (const auto& k : new_keys) cache_.emplace(k, index);
    populate(index, place, place.where.empty());
    return index;
  }
}

std::string u64(std::uint64_t n) { return "UINT64_C(" + std::to_string(n) + ")"; }

std::size_t RootCompiler::regex_helper(const std::string& pattern, const std::string& origin) {
  Helper h;
  h.name = prefix_ + "_regex_" + std::to_string(out_.helpers.size());
  h.text = "// " + comment_text(origin) + "\n" +
           "const std::regex& " + h.name + "() {\n" +
           "  // Built once, like valijson's std::regex(pattern): ECMAScript, default flags.\n" +
           "  static const std::regex regex(" + cpp_literal(pattern) + ");\n" +
           "  return regex;\n" +
           "}\n";
  out_.helpers.push_back(std::move(h));
  return out_.helpers.size() - 1;
}

// An expression that is true when `subject` equals `constant` the way the
// adapter's json_equal() compares (numbers by exact value, strings by bytes).
std::string RootCompiler::equals_expression(element constant, const std::string& subject,
                                            const std::string& origin,
                                            std::vector<std::size_t>& helpers) {
  switch (constant.type()) {
    case element_type::STRING:
      // A literal: string_equals() takes its length from the array type.
      return "fast::string_equals(" + subject + ", " +
             cpp_literal(constant.get_string().value_unsafe()) + ")";
    case element_type::BOOL:
      return "fast::bool_equals(" + subject + ", " +
             (constant.get_bool().value_unsafe() ? "true" : "false") + ")";
    case element_type::NULL_VALUE:
      return subject + ".is_null()";
    case element_type::INT64: {
      const std::int64_t i = constant.get_int64().value_unsafe();
      const std::uint64_t magnitude =
          i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
      return "fast::integer_equals(" + subject + ", " + (i < 0 ? "true" : "false") + ", " +
             u64(magnitude) + ")";
    }
    case element_type::UINT64:
      return "fast::integer_equals(" + subject + ", false, " +
             u64(constant.get_uint64().value_unsafe()) + ")";
    case element_type::DOUBLE: {
      const double d = constant.get_double().value_unsafe();
      if (d > -18446744073709551616.0 && d < 18446744073709551616.0 && std::trunc(d) == d) {
        return "fast::integer_equals(" + subject + ", " + (d < 0 ? "true" : "false") + ", " +
               u64(static_cast<std::uint64_t>(std::fabs(d))) + ")";
      }
      return "fast::double_equals(" + subject + ", " + hex_double(d) + ")";
    }
    case element_type::ARRAY:
    case element_type::OBJECT: {
      const std::size_t h = container_helper(constant, origin);
      helpers.push_back(h);
      return out_.helpers[h].name + "(" + subject + ")";
    }
  }
  throw Unsupported(origin + ": a constant of unknown type");
}

std::size_t RootCompiler::container_helper(element constant, const std::string& origin) {
  Helper h;
  std::ostringstream body;
  if (constant.is_array()) {
    simdjson::dom::array array = constant.get_array().value_unsafe();
    const std::size_t n = array.size();
    body << "  simdjson::dom::array array;\n"
         << "  if (value.get_array().get(array) != simdjson::SUCCESS || fast::exact_size(array) != "
         << u64(n) << ") return false;\n";
    if (n > 0) body << "  auto item = array.begin();\n";
    std::size_t i = 0;
    for (const element item : array) {
      if (i++ > 0) body << "  ++item;\n";
      body << "  if (!" << equals_expression(item, "*item", origin, h.helpers) << ") return false;\n";
    }
  } else {
    simdjson::dom::object object = constant.get_object().value_unsafe();
    body << "  simdjson::dom::object object;\n"
         << "  if (value.get_object().get(object) != simdjson::SUCCESS || fast::kept_size(object) != "
         << u64(object.size()) << ") return false;\n";
    // json_equal: each member of the constant (which has no repeated key:
    // the generator refuses one in a schema) against the last member of the
    // value with that key, as a reader keeps it.
    for (const auto field : object) {
      body << "  {\n"
           << "    const auto member = fast::last_member(object, " << cpp_string_view(field.key)
           << ");\n"
           << "    if (!member || !" << equals_expression(field.value, "*member", origin, h.helpers)
           << ") return false;\n"
           << "  }\n";
    }
  }
  h.name = prefix_ + "_const_" + std::to_string(out_.helpers.size());
  h.text = "// " + comment_text(origin) + ": " + comment_text(minified(constant), 70) + "\n" +
           "bool " + h.name + "(const simdjson::dom::element value) {\n" + body.str() +
           "  return true;\n}\n";
  out_.helpers.push_back(std::move(h));
  return out_.helpers.size() - 1;
}

void RootCompiler::finish(std::size_t index, const Body& body) {
  Function& f = out_.functions[index];
  f.trivial = body.lines.empty() && !body.always_false;
  // Every line but a comment reads the value.
  const bool uses_value = std::any_of(body.lines.begin(), body.lines.end(),
                                      [](const std::string& line) { return !line.starts_with("//"); });
  std::ostringstream text;
  text << "// " << comment_text(f.origin, 200) << "\n"
       << "bool " << f.name << "(const simdjson::dom::element" << (uses_value ? " value" : "")
       << ") {\n";
  if (body.uses_type) text << "  const element_type type = value.type();\n";
  for (const auto& line : body.lines) text << (line.empty() ? "" : "  ") << line << "\n";
  if (body.always_false) {
    text << "  return false;\n";
  } else {
    text << "  return true;\n";
  }
  text << "}\n";
  f.text = text.str();
  f.done = true;
}

void RootCompiler::populate(std::size_t index, const Place& place, bool document_root) {
  Body body;
  if (place.node.type() == element_type::BOOL) {
    if (!place.node.get_bool().value_unsafe()) {
      body.add("// the schema `false`: nothing is valid");
      body.always_false = true;
    }
    finish(index, body);
    return;
  }
  const Keywords k = KeywordReader(doc(place), place.where).read(place.node, document_root);
  const std::string origin = at(place);

  // The subschemas first, in the order valijson's populateSchema() compiles
  // them (which decides what its cache holds): items, then properties in
  // document order, then additionalProperties.
  const auto child = [&](element node, const std::string& raw, const std::string& pretty) {
    return compile_child(Place{place.doc, node, place.path + raw, place.where + pretty});
  };
  std::optional<std::size_t> items_fn;
  if (k.items) items_fn = child(*k.items, "/items", "/items");
  std::vector<std::size_t> property_fns;
  for (const auto& [name, schema] : k.properties) {
    // valijson joins the raw name, unescaped, into its path.
    property_fns.push_back(child(schema, "/properties/" + name, "/properties/" + pointer_token(name)));
  }
  // (An index and a flag, not an optional: GCC 12 -O2 warns of the latter.)
  std::size_t additional_index = 0;
  bool additional_fn = false;  // additionalProperties is a schema that checks something
  bool additional_false = false;
  if (k.additional) {
    if (k.additional->type() == element_type::BOOL) {
      additional_false = !k.additional->get_bool().value_unsafe();
    } else {
      additional_index = child(*k.additional, "/additionalProperties", "/additionalProperties");
      additional_fn = !skippable(additional_index);
    }
  }

  std::set<std::string> types;
  if (k.types) types.insert(k.types->begin(), k.types->end());
  // Whether a value of a kind can pass `type`, and whether `type` allows
  // that kind only (then the kind's checks need no guard).
  const auto can_be = [&](std::initializer_list<std::string_view> kinds) {
    if (!k.types) return true;
    return std::any_of(kinds.begin(), kinds.end(), [&](std::string_view t) { return types.count(std::string(t)) != 0; });
  };
  const auto only = [&](std::initializer_list<std::string_view> kinds) {
    return k.types && !types.empty() && std::all_of(types.begin(), types.end(), [&](const std::string& t) {
      return std::find(kinds.begin(), kinds.end(), t) != kinds.end();
    });
  };
  const auto open_block = [&](std::string_view kind, const std::string& guard) {
    if (only({kind}) || (kind == "number" && only({"number", "integer"}))) {
      body.add("{");
    } else {
      body.add("if (" + guard + ") {");
      if (guard.find("type") != std::string::npos) body.uses_type = true;
    }
  };

  // type
  if (k.types) {
    std::vector<std::string> conditions;
    for (const auto& t : *k.types) {
      std::string c;
      if (t == "object") c = "type == element_type::OBJECT";
      if (t == "array") c = "type == element_type::ARRAY";
      if (t == "string") c = "type == element_type::STRING";
      if (t == "boolean") c = "type == element_type::BOOL";
      if (t == "null") c = "type == element_type::NULL_VALUE";
      if (t == "number") c = "fast::is_number(type)";
      if (t == "integer") {
        if (types.count("number")) continue;  // implied
        c = "fast::is_integer(value)";
      }
      if (std::find(conditions.begin(), conditions.end(), c) == conditions.end()) {
        conditions.push_back(c);
      }
    }
    std::string written;
    for (const auto& t : *k.types) written += (written.empty() ? "" : ", ") + t;
    if (conditions.empty()) {
      body.add("// type: [] allows nothing");
      body.always_false = true;
      finish(index, body);
      return;
    }
    body.add("// type: " + written);
    std::string condition;
    for (const auto& c : conditions) condition += (condition.empty() ? "" : " || ") + c;
    if (conditions.size() == 1 && conditions[0].starts_with("type == ")) {
      body.add("if (type != " + conditions[0].substr(8) + ") return false;");
    } else if (conditions.size() == 1) {
      body.add("if (!" + conditions[0] + ") return false;");
    } else {
      body.add("if (!(" + condition + ")) return false;");
    }
    body.uses_type = body.uses_type || condition.find("type") != std::string::npos;
  }

  // const and enum
  std::vector<std::size_t> helpers;
  if (k.constant) {
    body.add("// const: " + comment_text(minified(*k.constant), 70));
    body.add("if (!" + equals_expression(*k.constant, "value", origin + "/const", helpers) +
             ") return false;");
  }
  if (k.enumeration) {
    std::vector<std::string> options;
    simdjson::dom::array values;
    if (k.enumeration->get_array().get(values) != simdjson::SUCCESS) throw Unsupported(origin + ": `enum`");
    for (const element option : values) {
      options.push_back(equals_expression(option, "value", origin + "/enum", helpers));
    }
    body.add("// enum: " + comment_text(minified(*k.enumeration), 70));
    if (options.empty()) {
      body.always_false = true;
      finish(index, body);
      return;
    }
    std::string any;
    for (const auto& o : options) any += (any.empty() ? "" : " ||\n      ") + o;
    body.add(options.size() == 1 ? "if (!" + any + ") return false;" : "if (!(" + any + ")) return false;");
  }

  // Strings: minLength, maxLength, pattern.
  const std::uint64_t min_length = k.min_length.value_or(0);
  if (can_be({"string"}) && (min_length > 0 || k.max_length || k.pattern)) {
    open_block("string", "type == element_type::STRING");
    body.add("  std::string_view text;");
    body.add("  if (value.get_string().get(text) != simdjson::SUCCESS) return false;");
    if (min_length > 0 || k.max_length) {
      std::string words, test;
      if (min_length > 0) words = "minLength " + std::to_string(min_length);
      if (k.max_length) words += (words.empty() ? "" : ", ") + ("maxLength " + std::to_string(*k.max_length));
      // Count no further than needed to tell.
      const std::uint64_t cap = k.max_length ? std::max(min_length, *k.max_length + 1) : min_length;
      body.add("  // " + words + ": in code points before the first NUL, as valijson's u8_strlen counts");
      body.add("  const std::uint64_t length = fast::utf8_length(text, " + u64(cap) + ");");
      test = "length == fast::kUnknownLength";
      if (min_length > 0) test += " || length < " + u64(min_length);
      if (k.max_length) test += " || length > " + u64(*k.max_length);
      body.add("  if (" + test + ") return false;");
    }
    if (k.pattern) {
      const std::size_t h = regex_helper(*k.pattern, origin + "/pattern");
      helpers.push_back(h);
      body.add("  // pattern: " + comment_text(*k.pattern, 80));
      body.add("  if (!fast::search(" + out_.helpers[h].name + "(), text)) return false;");
    }
    body.add("}");
  }

  // Numbers: minimum, maximum, compared as doubles like valijson.
  if (can_be({"number", "integer"}) && (k.minimum || k.maximum)) {
    open_block("number", "fast::is_number(type)");
    body.uses_type = body.uses_type || !only({"number", "integer"});
    body.add("  const double number = fast::as_double(value);");
    const auto bound = [&](const char* word, const std::string& written, double limit,
                           bool inexact, const char* op) {
      std::string note = std::string("  // ") + word + " " + comment_text(written, 40);
      if (inexact) {
        note += ": valijson compares doubles, and this one is " + hex_double(limit) +
                ", so larger integers that round to it pass too";
      }
      body.add(note);
      body.add(std::string("  if (number ") + op + " " + hex_double(limit) + ") return false;");
    };
    if (k.minimum) bound("minimum", k.minimum_text, *k.minimum, k.minimum_inexact, "<");
    if (k.maximum) bound("maximum", k.maximum_text, *k.maximum, k.maximum_inexact, ">");
    body.add("}");
  }

  // Arrays: minItems, maxItems, items.
  const std::uint64_t min_items = k.min_items.value_or(0);
  const bool check_items = items_fn && !skippable(*items_fn);
  if (can_be({"array"}) && (min_items > 0 || k.max_items || check_items)) {
    open_block("array", "type == element_type::ARRAY");
    body.add("  simdjson::dom::array array;");
    body.add("  if (value.get_array().get(array) != simdjson::SUCCESS) return false;");
    if (min_items > 0 || k.max_items) {
      std::string test;
      if (min_items > 0) test = "count < " + u64(min_items);
      if (k.max_items) test += (test.empty() ? "" : " || ") + ("count > " + u64(*k.max_items));
      body.add("  // minItems/maxItems");
      body.add("  const std::uint64_t count = fast::exact_size(array);");
      body.add("  if (" + test + ") return false;");
    }
    if (check_items) {
      body.add("  // items");
      body.add("  for (const simdjson::dom::element item : array) {");
      body.add("    if (!" + call(index, *items_fn, "item") + ") return false;");
      body.add("  }");
    }
    body.add("}");
  }

  // Objects: properties, additionalProperties, required.
  struct Key {
    std::string name;
    std::string var;
    bool declared = false;
    bool required = false;
    std::optional<std::size_t> fn;  // its subschema, unless that accepts everything
    bool seen = false;              // needs has_<var>
  };
  std::vector<Key> keys;
  std::set<std::string> vars;
  const auto var_for = [&](const std::string& name) {
    std::string v = identifier(name);
    bool simple = v == name;
    if (!simple || vars.count(v) || v.size() > 40) v = "p" + std::to_string(keys.size());
    vars.insert(v);
    return v;
  };
  std::set<std::string> required(k.required.begin(), k.required.end());
  for (std::size_t i = 0; i < k.properties.size(); ++i) {
    Key key;
    key.name = k.properties[i].first;
    key.declared = true;
    key.required = required.count(key.name) != 0;
    if (!skippable(property_fns[i])) key.fn = property_fns[i];
    key.seen = key.required || key.fn.has_value();
    // A key needs looking at if something depends on it, or to keep it
    // away from additionalProperties.
    if (!key.seen && !additional_false && !additional_fn) continue;
    key.var = var_for(key.name);
    keys.push_back(std::move(key));
  }
  for (const auto& name : k.required) {
    if (std::any_of(keys.begin(), keys.end(), [&](const Key& key) { return key.name == name; }) ||
        std::any_of(k.properties.begin(), k.properties.end(), [&](const auto& p) { return p.first == name; })) {
      continue;
    }
    Key key;
    key.name = name;
    key.required = true;
    key.seen = true;
    key.var = var_for(name);
    keys.push_back(std::move(key));
  }
  if (can_be({"object"}) && (!keys.empty() || additional_false || additional_fn)) {
    open_block("object", "type == element_type::OBJECT");
    body.add("  simdjson::dom::object object;");
    body.add("  if (value.get_object().get(object) != simdjson::SUCCESS) return false;");
    const bool any_declared = std::any_of(keys.begin(), keys.end(), [](const Key& key) { return key.declared; });
    if (additional_false && !any_declared && keys.empty()) {
      body.add("  // no properties, and additionalProperties: false");
      body.add("  if (object.begin() != object.end()) return false;");
    } else {
      for (const auto& key : keys) {
        std::string note = "  // `" + comment_text(key.name, 60) + "`";
        if (key.var.starts_with("p") && key.var != identifier(key.name)) body.add(note);
        if (key.seen) body.add("  bool has_" + key.var + " = false;");
        if (key.fn) body.add("  simdjson::dom::element v_" + key.var + ";");
      }
      body.add("  for (auto member = object.begin(); member != object.end(); ++member) {");
      body.add("    const auto field = *member;");
      if (!keys.empty()) {
        body.add("    const std::string_view key = field.key;");
        std::map<std::size_t, std::vector<const Key*>> by_size;
        for (const auto& key : keys) by_size[key.name.size()].push_back(&key);
        body.add("    switch (key.size()) {");
        for (const auto& [size, group] : by_size) {
          body.add("      case " + std::to_string(size) + ":");
          for (const Key* key : group) {
            // The size is known here: a memcmp of constant size, which compilers inline.
            body.add("        if (std::memcmp(key.data(), " + cpp_literal(key->name) + ", " +
                     std::to_string(size) + ") == 0) {");
            if (key->seen) body.add("          has_" + key->var + " = true;");
            if (key->fn) body.add("          v_" + key->var + " = field.value;  // the last one counts");
            if (key->declared) {
              body.add("          continue;");
            } else {
              body.add("          break;  // required but not in properties: an other key");
            }
            body.add("        }");
          }
          body.add("        break;");
        }
        body.add("    }");
      }
      if (additional_false) {
        body.add("    return false;  // additionalProperties: false");
      } else if (additional_fn) {
        body.add("    // additionalProperties, for every other member a reader keeps: of repeated");
        body.add("    // keys the last (asked only when a value fails: it is rare)");
        body.add("    if (!" + call(index, additional_index, "field.value") +
                 " && !fast::replaced_later(member, object.end())) return false;");
      }
      body.add("  }");
      std::string missing;
      for (const auto& key : keys) {
        if (key.required) missing += (missing.empty() ? "" : " || ") + ("!has_" + key.var);
      }
      if (!missing.empty()) {
        body.add("  // required");
        body.add("  if (" + missing + ") return false;");
      }
      for (const auto& key : keys) {
        if (!key.fn) continue;
        const std::string check = "!" + call(index, *key.fn, "v_" + key.var);
        body.add(key.required ? "  if (" + check + ") return false;"
                              : "  if (has_" + key.var + " && " + check + ") return false;");
      }
    }
    body.add("}");
  }

  out_.functions[index].helpers = helpers;
  finish(index, body);
}

// ---- output ---------------------------------------------------------------------

// Functions and helpers reachable from the roots, so that nothing generated
// is unused (-Wunused-function).
void mark_reachable(const Output& out, std::vector<bool>& functions, std::vector<bool>& helpers) {
  functions.assign(out.functions.size(), false);
  helpers.assign(out.helpers.size(), false);
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < out.functions.size(); ++i) {
    if (out.functions[i].root) pending.push_back(i);
  }
  std::vector<std::size_t> helper_pending;
  while (!pending.empty()) {
    const std::size_t i = pending.back();
    pending.pop_back();
    if (functions[i]) continue;
    functions[i] = true;
    for (const auto c : out.functions[i].calls) pending.push_back(c);
    for (const auto h : out.functions[i].helpers) helper_pending.push_back(h);
  }
  while (!helper_pending.empty()) {
    const std::size_t h = helper_pending.back();
    helper_pending.pop_back();
    if (helpers[h]) continue;
    helpers[h] = true;
    for (const auto d : out.helpers[h].helpers) helper_pending.push_back(d);
  }
}

std::string code_of(const Output& out) {
  std::vector<bool> functions;
  std::vector<bool> helpers;
  mark_reachable(out, functions, helpers);
  std::ostringstream code;
  code << "// Every function first: schemas may refer to themselves.\n";
  for (std::size_t i = 0; i < out.functions.size(); ++i) {
    if (functions[i]) code << "bool " << out.functions[i].name << "(simdjson::dom::element value);\n";
  }
  code << "\n";
  for (std::size_t i = 0; i < out.helpers.size(); ++i) {
    if (helpers[i]) code << out.helpers[i].text << "\n";
  }
  for (std::size_t i = 0; i < out.functions.size(); ++i) {
    if (functions[i]) code << out.functions[i].text << "\n";
  }
  return code.str();
}

// A long text as a string literal, one source line per line of text.
std::string text_literal(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    out += "    " + cpp_literal(text.substr(start, end - start)) + "\n";
    start = end;
  }
  if (out.empty()) out = "    \"\"\n";
  return out;
}

// Written whole, then renamed: a failed run never leaves half a file. (Always
// written, even when unchanged, so the build sees it newer than the
// generator and does not run it again.)
void write_file(const std::string& path, const std::string& content) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + temporary);
  }
  std::filesystem::rename(temporary, path);
}

std::string base_name_of(std::string_view file) {
  std::string name(file);
  for (const std::string_view suffix : {".schema.json", ".json"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      name.resize(name.size() - suffix.size());
      break;
    }
  }
  return identifier(name);
}

struct Options {
  std::string name_space;
  std::string header;
  std::string source;
  std::optional<std::string> suite_root;
  std::vector<std::string> inputs;
};

struct Loaded {
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers;  // own the documents
};

std::optional<element> load(Loaded& loaded, const std::string& path, std::string& text,
                            std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  text = bytes.str();
  loaded.parsers.push_back(std::make_unique<simdjson::dom::parser>());
  element root;
  const auto code = loaded.parsers.back()->parse(text).get(root);
  if (code != simdjson::SUCCESS) {
    error = path + ": not JSON simdjson can read (" + simdjson::error_message(code) + ")";
    return std::nullopt;
  }
  return root;
}

std::string header_start(const Options& o, const std::string& inputs) {
  return "// Generated by schema_codegen (src/schema/codegen/schema_codegen.cpp) from\n" + inputs +
         "// Do not edit: change the schemas, or the generator.\n"
         "#pragma once\n\n"
         "#include <cstddef>\n#include <span>\n#include <string_view>\n\n"
         "#include <simdjson.h>\n\n"
         "namespace " + o.name_space + " {\n\n";
}

std::string source_start(const Options& o, const std::string& inputs) {
  const std::string header = std::filesystem::path(o.header).filename().string();
  return "// Generated by schema_codegen (src/schema/codegen/schema_codegen.cpp) from\n" + inputs +
         "// Do not edit: change the schemas, or the generator.\n"
         "//\n"
         "// Each function answers true only when valijson, through SimdjsonAdapter, would\n"
         "// find the value valid; false means \"not shown valid: ask valijson\".\n"
         "#include \"" + header + "\"\n\n"
         "#include <cstdint>\n#include <cstring>\n#include <regex>\n#include <string_view>\n\n"
         "#include \"schema/fast_path_support.hpp\"\n\n"
         "namespace " + o.name_space + " {\n"
         "namespace {\n\n"
         "namespace fast = ::ckimport::schema::fast;\n"
         "using simdjson::dom::element_type;\n\n";
}

int generate_schemas(const Options& o) {
  Generator gen;
  Loaded loaded;
  std::string inputs;
  for (const auto& path : o.inputs) {
    Document d;
    d.name = std::filesystem::path(path).filename().string();
    d.display = path;
    std::string error;
    const auto root = load(loaded, path, d.text, error);
    if (!root) throw std::runtime_error(error);
    d.root = *root;
    for (const auto& other : gen.documents) {
      if (other.name == d.name) throw std::runtime_error("two schema files named " + d.name);
    }
    gen.documents.push_back(std::move(d));
    inputs += "//   schemas/" + comment_text(gen.documents.back().name) + "\n";
  }
  for (const auto& d : gen.documents) gen.check_tree(d, d.root, "", true);

  Output out;
  std::vector<std::pair<std::size_t, std::vector<std::size_t>>> roots;  // function, documents
  for (std::size_t i = 0; i < gen.documents.size(); ++i) {
    RootCompiler compiler(gen, out, base_name_of(gen.documents[i].name));
    const std::size_t f = compiler.compile_root(i);
    roots.emplace_back(f, compiler.documents_used());
  }

  std::string header = header_start(o, inputs);
  std::string source = source_start(o, inputs) + code_of(out);
  header +=
      "// One function per schema file: true when the value is valid (valijson's verdict\n"
      "// through SimdjsonAdapter), false when that is not certain: ask valijson.\n";
  std::string publics;
  std::string texts;
  std::string table = "constexpr GeneratedSchema kSchemas[] = {\n";
  for (std::size_t i = 0; i < gen.documents.size(); ++i) {
    const Document& d = gen.documents[i];
    const std::string base = base_name_of(d.name);
    header += "bool validate_" + base + "(simdjson::dom::element value);  // " + comment_text(d.name) + "\n";
    publics += "bool validate_" + base + "(const simdjson::dom::element value) { return " +
               out.functions[roots[i].first].name + "(value); }\n";
    texts += "constexpr std::string_view kText_" + base + " =\n" + text_literal(d.text) + "    ;\n";
  }
  for (std::size_t i = 0; i < gen.documents.size(); ++i) {
    const std::string base = base_name_of(gen.documents[i].name);
    texts += "constexpr SchemaSource kSources_" + base + "[] = {\n";
    for (const auto d : roots[i].second) {
      texts += "    {" + cpp_literal(gen.documents[d].name) + ", kText_" +
               base_name_of(gen.documents[d].name) + "},\n";
    }
    texts += "};\n";
    table += "    {" + cpp_literal(gen.documents[i].name) + ", &validate_" + base + ", kSources_" +
             base + "},\n";
  }
  table += "};\n";
  header +=
      "\n// The text of a schema file the validators were generated from.\n"
      "struct SchemaSource {\n  std::string_view file_name;\n  std::string_view text;\n};\n\n"
      "struct GeneratedSchema {\n"
      "  std::string_view file_name;\n"
      "  bool (*validate)(simdjson::dom::element value);\n"
      "  // This file and every file it refers to by $ref, this one first.\n"
      "  std::span<const SchemaSource> sources;\n"
      "};\n\n"
      "std::span<const GeneratedSchema> generated_schemas();\n\n"
      "}  // namespace " + o.name_space + "\n";
  source += "}  // namespace\n\n" + publics + "\nnamespace {\n\n" + texts + "\n" + table +
            "\n}  // namespace\n\n"
            "std::span<const GeneratedSchema> generated_schemas() { return kSchemas; }\n\n"
            "}  // namespace " + o.name_space + "\n";
  write_file(o.header, header);
  write_file(o.source, source);
  return 0;
}

int generate_suite(const Options& o) {
  Generator gen;
  gen.suite_mode = true;
  Loaded loaded;
  Output out;
  std::string table = "constexpr SuiteSchema kSuite[] = {\n";
  std::size_t supported = 0;
  std::size_t total = 0;
  for (const auto& path : o.inputs) {
    const std::string file =
        std::filesystem::path(path).lexically_relative(*o.suite_root).generic_string();
    std::string text;
    std::string error;
    const auto root = load(loaded, path, text, error);
    simdjson::dom::array groups;
    if (!root || root->get_array().get(groups) != simdjson::SUCCESS) {
      table += "    {" + cpp_literal(file) + ", SIZE_MAX, nullptr, " +
               cpp_literal(root ? file + ": not an array of cases" : comment_text(error, 300)) + "},\n";
      continue;
    }
    std::size_t group_index = 0;
    for (const element group : groups) {
      const std::size_t g = group_index++;
      ++total;
      Document d;
      d.name = file + "[" + std::to_string(g) + "]";
      d.display = path;
      auto schema = group.at_key("schema");
      std::string reason;
      const std::size_t functions_before = out.functions.size();
      const std::size_t helpers_before = out.helpers.size();
      std::optional<std::size_t> function;
      if (schema.error()) {
        reason = d.name + ": no schema";
      } else {
        d.root = schema.value_unsafe();
        gen.documents.push_back(d);
        try {
          gen.check_tree(gen.documents.back(), d.root, "", true);
          RootCompiler compiler(gen, out, identifier(file.substr(0, file.size() - 5)) + "_" + std::to_string(g));
          function = compiler.compile_root(gen.documents.size() - 1);
        } catch (const Unsupported& e) {
          reason = e.what();
          out.functions.resize(functions_before);
          out.helpers.resize(helpers_before);
          function.reset();
        }
      }
      if (function) {
        ++supported;
        table += "    {" + cpp_literal(file) + ", " + std::to_string(g) + ", &" +
                 out.functions[*function].name + ", \"\"},\n";
      } else {
        table += "    {" + cpp_literal(file) + ", " + std::to_string(g) + ", nullptr, " +
                 cpp_literal(reason) + "},\n";
      }
    }
  }
  table += "};\n";
  const std::string inputs = "//   the JSON-Schema-Test-Suite files given (" + std::to_string(supported) +
                             " of " + std::to_string(total) + " cases supported)\n";
  std::string header = header_start(o, inputs) +
      "// One entry per case (an element of a suite file): its validator, or why there\n"
      "// is none. group is SIZE_MAX when the whole file could not be read.\n"
      "struct SuiteSchema {\n"
      "  std::string_view file;  // relative to the suite's tests/draft7\n"
      "  std::size_t group;\n"
      "  bool (*validate)(simdjson::dom::element value);\n"
      "  std::string_view unsupported;\n"
      "};\n\n"
      "std::span<const SuiteSchema> suite_schemas();\n\n"
      "}  // namespace " + o.name_space + "\n";
  std::string source = source_start(o, inputs);
  source.insert(source.find("#include <cstdint>"), "#include <cstddef>\n");
  source += code_of(out) + table + "\n}  // namespace\n\n" +
            "std::span<const SuiteSchema> suite_schemas() { return kSuite; }\n\n" +
            "}  // namespace " + o.name_space + "\n";
  write_file(o.header, header);
  write_file(o.source, source);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  const std::string usage =
      "usage: schema_codegen [--suite DIR] --namespace NS --header OUT.hpp --source OUT.cpp FILE...";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << usage << "\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--namespace") {
      o.name_space = value();
    } else if (arg == "--header") {
      o.header = value();
    } else if (arg == "--source") {
      o.source = value();
    } else if (arg == "--suite") {
      o.suite_root = value();
    } else if (arg.starts_with("--")) {
      std::cerr << usage << "\n";
      return 2;
    } else {
      o.inputs.push_back(arg);
    }
  }
  if (o.name_space.empty() || o.header.empty() || o.source.empty() || o.inputs.empty()) {
    std::cerr << usage << "\n";
    return 2;
  }
  try {
    return o.suite_root ? generate_suite(o) : generate_schemas(o);
  } catch (const Unsupported& e) {
    std::cerr << "schema_codegen: no fast path can be generated: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "schema_codegen: " << e.what() << "\n";
  }
  return 1;
}
