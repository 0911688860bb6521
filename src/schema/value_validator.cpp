#include "schema/value_validator.hpp"
#include "json/dom.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "schema/simdjson_adapter.hpp"

namespace ckimport::schema {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

bool starts_with(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }

// The text between `prefix` and the final `suffix` of a valijson message, or
// nullopt when the message is not of that shape.
std::optional<std::string> between(std::string_view s, std::string_view prefix,
                                   std::string_view suffix) {
  if (!s.starts_with(prefix) || !s.ends_with(suffix) || s.size() < prefix.size() + suffix.size()) {
    return std::nullopt;
  }
  return std::string(s.substr(prefix.size(), s.size() - prefix.size() - suffix.size()));
}

// valijson names the path to a failing value as {"<root>", "[key]", "[3]"}.
// Whether "[3]" is an index or a key "3" depends on the value, so the JSON
// Pointer is built by walking the value along the path.
std::optional<json::JsonPointer> context_to_pointer(element value,
                                                    const std::vector<std::string>& context) {
  json::JsonPointer pointer;
  for (std::size_t i = 1; i < context.size(); ++i) {
    const std::string& step = context[i];
    if (step.size() < 2 || step.front() != '[' || step.back() != ']') return std::nullopt;
    const std::string_view inner = std::string_view(step).substr(1, step.size() - 2);
    if (value.is_array()) {
      std::uint64_t index = 0;
      for (const char c : inner) {
        if (c < '0' || c > '9') return std::nullopt;
        index = index * 10 + static_cast<std::uint64_t>(c - '0');
      }
      auto child = value.at(static_cast<std::size_t>(index));
      if (child.error()) return std::nullopt;
      pointer.index(index);
      value = child.value_unsafe();
    } else if (value.is_object()) {
      const auto child = json::member(value, inner);
      if (!child) return std::nullopt;
      pointer.key(inner);
      value = *child;
    } else {
      return std::nullopt;
    }
  }
  return pointer;
}

std::optional<element> value_at(element value, const json::JsonPointer& pointer) {
  for (const auto& step : pointer.steps) {
    if (step.is_index) {
      auto child = value.at(static_cast<std::size_t>(step.index));
      if (child.error()) return std::nullopt;
      value = child.value_unsafe();
    } else {
      const auto child = json::member(value, step.key);
      if (!child) return std::nullopt;
      value = *child;
    }
  }
  return value;
}

using json::member;

// Follows a $ref within the schema document or to a document the schema
// referenced ("file-import.schema.json", "other.json#/definitions/x").
std::optional<element> resolve_ref(const CompiledSchema& schema, element root, element node) {
  for (int hops = 0; hops < 16; ++hops) {
    const auto ref = member(node, "$ref");
    if (!ref || !ref->is_string()) return node;
    std::string_view target = ref->get_string().value_unsafe();
    element base = root;
    const auto hash = target.find('#');
    const std::string_view document = target.substr(0, hash);
    if (!document.empty()) {
      const auto slash = document.find_last_of('/');
      const auto name = slash == std::string_view::npos ? document : document.substr(slash + 1);
      const auto found = schema.referenced.find(name);
      if (found == schema.referenced.end()) return std::nullopt;
      base = found->second->root;
      root = base;
    }
    node = base;
    if (hash != std::string_view::npos) {
      auto pointed = base.at_pointer(target.substr(hash + 1));
      if (pointed.error()) return std::nullopt;
      node = pointed.value_unsafe();
    }
  }
  return std::nullopt;
}

// The subschema that applies at `pointer`, following properties,
// additionalProperties and items. nullopt when it cannot be told (for
// instance under a combinator): messages then fall back to generic words.
std::optional<element> subschema_at(const CompiledSchema& schema, const json::JsonPointer& pointer) {
  element root = schema.document.root;
  auto node = resolve_ref(schema, root, root);
  for (const auto& step : pointer.steps) {
    if (!node) return std::nullopt;
    std::optional<element> next;
    if (step.is_index) {
      const auto items = member(*node, "items");
      if (items && items->is_object()) {
        next = items;
      } else if (items && items->is_array()) {
        auto item = items->at(static_cast<std::size_t>(step.index));
        if (!item.error()) next = item.value_unsafe();
      }
    } else {
      const auto properties = member(*node, "properties");
      if (properties) next = member(*properties, step.key);
      if (!next) {
        const auto additional = member(*node, "additionalProperties");
        if (additional && additional->is_object()) next = additional;
      }
    }
    if (!next) return std::nullopt;
    node = resolve_ref(schema, root, *next);
  }
  return node;
}

std::string type_phrase(std::string_view type) {
  if (type == "object") return "an object";
  if (type == "array") return "an array";
  if (type == "string") return "a string";
  if (type == "integer") return "an integer";
  if (type == "number") return "a number";
  if (type == "boolean") return "a boolean";
  if (type == "null") return "null";
  return std::string(type);
}

std::string json_text(element value, std::size_t max = 40) {
  std::string text = simdjson::minify(value);
  if (text.size() > max) {
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
    text = text.substr(0, cut) + "…";
  }
  return text;
}

std::string found_phrase(element value) {
  switch (value.type()) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::STRING: return "a string (" + json_text(value) + ")";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "the number " + json_text(value);
    case element_type::BOOL: return json_text(value);
    case element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

std::string expected_types(element subschema) {
  const auto type = member(subschema, "type");
  if (!type) return {};
  if (type->is_string()) return type_phrase(type->get_string().value_unsafe());
  std::vector<std::string> names;
  if (type->is_array()) {
    for (element t : json::as_array(*type)) {
      if (t.is_string()) names.push_back(type_phrase(t.get_string().value_unsafe()));
    }
  }
  if (names.empty()) return {};
  std::string out = names[0];
  for (std::size_t i = 1; i < names.size(); ++i) {
    out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

std::string placeholder(std::optional<element> subschema) {
  if (subschema) {
    if (const auto c = member(*subschema, "const")) return json_text(*c);
    if (const auto e = member(*subschema, "enum"); e && e->is_array()) {
      for (element first : json::as_array(*e)) return json_text(first);
    }
    if (const auto type = member(*subschema, "type"); type && type->is_string()) {
      const std::string_view t = type->get_string().value_unsafe();
      if (t == "string") return "\"...\"";
      if (t == "boolean") return "false";
      if (t == "object") return "{}";
      if (t == "array") return "[]";
      if (t == "integer" || t == "number") return "0";
    }
  }
  return "...";
}

std::vector<std::string_view> property_names(std::optional<element> subschema) {
  std::vector<std::string_view> names;
  if (!subschema) return names;
  const auto properties = member(*subschema, "properties");
  if (!properties || !properties->is_object()) return names;
  for (auto field : json::as_object(*properties)) names.push_back(field.key);
  return names;
}

// The keys of the object at `pointer` that its schema (`subschema`, the
// subschema there) does not name, in
// file order, each once. valijson reports only `reported`, the first; when
// the schema there cannot be told, or it matches keys by pattern, that is
// all there is to say.
std::vector<std::string> unknown_keys(std::optional<element> subschema, element value,
                                      const json::JsonPointer& pointer, std::string_view reported) {
  const auto object = value_at(value, pointer);
  if (!subschema || !object || !object->is_object() || member(*subschema, "patternProperties")) {
    // valijson counts matched keys in a set, so an object with a duplicate
    // key fails additionalProperties naming no key at all. The duplicate is
    // reported as duplicate-key; this is not a second problem.
    if (reported.empty() && !(object && member(*object, ""))) return {};
    return {std::string(reported)};
  }
  const auto names = property_names(subschema);
  std::vector<std::string> unknown;
  for (const auto field : json::as_object(*object)) {
    const std::string_view key = field.key;
    if (std::find(names.begin(), names.end(), key) != names.end()) continue;
    if (std::find(unknown.begin(), unknown.end(), key) != unknown.end()) continue;
    unknown.emplace_back(key);
  }
  return unknown;
}

std::string join_names(const std::vector<std::string_view>& names) {
  std::string out;
  for (const auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string count_of(std::size_t n, std::string_view thing) {
  return fmt::format("{} {}{}", n, thing, n == 1 ? "" : "s");
}

std::string lower_first(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  while (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// valijson reports a failing child and then its parent ("Failed to validate
// against schema associated with property name 'x'"): the parent adds nothing.
bool is_cascade(std::string_view description) {
  static constexpr std::string_view prefixes[] = {
      "Failed to validate against schema associated with property name",
      "Failed to validate item #",
      "Failed to validate against child schema #",
      "Failed to validate against additional properties schema",
      "Failed to validate against schema associated with pattern",
      "Failed to validate against dependent schema",
      "Failed to validate against additional items schema",
      "Failed to validate against a conditional schema",
  };
  return std::any_of(std::begin(prefixes), std::end(prefixes),
                     [&](std::string_view p) { return description.starts_with(p); });
}

bool is_alternatives_summary(std::string_view description) {
  return description.starts_with("Failed to validate against any schemas allowed by anyOf") ||
         description.starts_with("Failed to validate against any child schemas allowed by oneOf") ||
         description.starts_with("Failed to validate against exactly one child schema");
}

bool is_prefix(const std::vector<std::string>& prefix, const std::vector<std::string>& path) {
  return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string snake_to_camel(std::string_view name) {
  std::string out;
  bool upper = false;
  for (const char c : name) {
    if (c == '_' || c == '-') {
      upper = !out.empty();
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

struct Explainer {
  const CompiledSchema& schema;
  element value;
  std::string_view noun;

  std::string where(const json::JsonPointer& p) const { return describe_location(p, noun); }

  Finding unknown_field(const json::JsonPointer& object, const std::string& name) const {
    Finding f;
    f.rule = diag::RuleId::unknown_field;
    f.at = {object.with_key(name), json::TokenPart::key};
    const auto names = property_names(subschema_at(schema, object));
    const std::string_view suggestion = suggest_name(name, names);
    const std::string owner = object.steps.empty() ? std::string(noun) : where(object);
    if (!suggestion.empty()) {
      f.message = fmt::format("`{}` is not a field of {}; did you mean `{}`?", diag::shown(name), owner, suggestion);
      f.help = fmt::format("rename it to `{}`", suggestion);
    } else {
      f.message = fmt::format("`{}` is not a field of {}", diag::shown(name), owner);
      if (!names.empty()) f.help = fmt::format("the fields of {} are: {}", owner, join_names(names));
    }
    return f;
  }

  Finding missing_field(const json::JsonPointer& object, const std::string& name) const {
    Finding f;
    f.rule = diag::RuleId::missing_field;
    f.at = {object, json::TokenPart::opening_brace};
    const std::string owner = object.steps.empty() ? std::string(noun) : where(object);
    f.message = fmt::format("missing required field `{}` in {}", name, owner);
    f.help = fmt::format("add `\"{}\": {}`", name,
                         placeholder(subschema_at(schema, object.with_key(name))));
    return f;
  }

  Finding wrong_type(const json::JsonPointer& at) const {
    Finding f;
    f.rule = diag::RuleId::wrong_type;
    f.at = {at, json::TokenPart::value};
    const auto sub = subschema_at(schema, at);
    const auto found = value_at(value, at);
    const std::string expected = sub ? expected_types(*sub) : std::string();
    const std::string found_text = found ? found_phrase(*found) : "a value of another type";
    if (at.steps.empty()) {
      f.message = fmt::format("{} must be {}, found {}", noun,
                              expected.empty() ? "of another type" : expected, found_text);
    } else {
      f.message = fmt::format("{} must be {}, found {}", where(at),
                              expected.empty() ? "of another type" : expected, found_text);
    }
    if (found && found->is_string() && (expected == "an integer" || expected == "a number")) {
      f.help = "remove the quotes around the number";
    } else if (found && !found->is_string() && expected == "a string") {
      f.help = "put the value in double quotes";
    }
    return f;
  }

  Finding invalid_value(const json::JsonPointer& at, std::string_view description) const {
    Finding f;
    f.rule = diag::RuleId::invalid_value;
    f.at = {at, json::TokenPart::value};
    const auto sub = subschema_at(schema, at);
    const auto found = value_at(value, at);
    const std::string subject = where(at);
    const std::string found_text = found ? json_text(*found) : std::string("?");
    if (starts_with(description, "Failed to match against any enum values") ||
        starts_with(description, "Failed to match expected value set by 'const'")) {
      std::string allowed;
      if (sub) {
        if (const auto c = member(*sub, "const")) allowed = json_text(*c);
        if (const auto e = member(*sub, "enum"); e && e->is_array()) {
          for (element option : json::as_array(*e)) {
            if (!allowed.empty()) allowed += ", ";
            allowed += json_text(option);
          }
        }
      }
      f.message = allowed.empty()
                      ? fmt::format("{} has a value that is not allowed: {}", subject, found_text)
                      : fmt::format("{} must be {}, found {}", subject, allowed, found_text);
      return f;
    }
    if (found && found->is_string() && sub && member(*sub, "minLength") &&
        found->get_string().value_unsafe().empty()) {
      f.message = fmt::format("{} must not be empty", subject);
      return f;
    }
    // Bounds: the limit is read from the schema, not from valijson's text.
    struct Bound {
      std::string_view prefix;
      std::string_view keyword;
      std::string_view phrase;
    };
    static constexpr Bound bounds[] = {
        {"String should be no fewer than", "minLength", "must be at least {} characters long"},
        {"String should be no more than", "maxLength", "must be at most {} characters long"},
        {"Array should contain no fewer than", "minItems", "must have at least {} elements"},
        {"Array should contain no more than", "maxItems", "must have at most {} elements"},
        {"Object should have no fewer than", "minProperties", "must have at least {} fields"},
        {"Object should have no more than", "maxProperties", "must have at most {} fields"},
        {"Expected number greater than or equal to", "minimum", "must be at least {}"},
        {"Expected number greater than", "exclusiveMinimum", "must be greater than {}"},
        {"Expected number less than or equal to", "maximum", "must be at most {}"},
        {"Expected number less than", "exclusiveMaximum", "must be less than {}"},
    };
    for (const auto& bound : bounds) {
      if (!description.starts_with(bound.prefix)) continue;
      const auto limit = sub ? member(*sub, bound.keyword) : std::nullopt;
      if (!limit) break;
      std::string actual = found_text;
      if (found && found->is_string()) {
        std::size_t code_points = 0;
        for (const char c : json::as_string(*found)) {
          code_points += (static_cast<unsigned char>(c) & 0xC0U) == 0x80U ? 0 : 1;
        }
        actual = count_of(code_points, "character");
      } else if (found && found->is_array()) {
        actual = count_of(found->get_array().value_unsafe().size(), "element");
      } else if (found && found->is_object()) {
        actual = count_of(found->get_object().value_unsafe().size(), "field");
      }
      f.message = fmt::format("{} {}, found {}", subject,
                              fmt::format(fmt::runtime(bound.phrase), json_text(*limit)), actual);
      break;
    }
    if (!f.message.empty()) {
      // said by a bound above
    } else if (starts_with(description, "Failed to match regex")) {
      f.message = fmt::format("{} is not in the expected format: {}", subject, found_text);
    } else {
      f.message = fmt::format("{} is not allowed: {}, found {}", subject,
                              lower_first(std::string(description)), found_text);
    }
    if (sub && starts_with(description, "Failed to match regex")) {
      if (const auto d = member(*sub, "description"); d && d->is_string()) {
        f.help = fmt::format("expected: {}", lower_first(std::string(d->get_string().value_unsafe())));
      }
    }
    return f;
  }

  Finding other(const json::JsonPointer& at, std::string_view description) const {
    Finding f;
    f.rule = diag::RuleId::schema_violation;
    f.at = {at, json::TokenPart::value};
    f.message = fmt::format("{}: {}", at.steps.empty() ? std::string(noun) : where(at),
                            lower_first(std::string(description)));
    return f;
  }
};

bool is_invalid_value(std::string_view d) {
  static constexpr std::string_view prefixes[] = {
      "Failed to match against any enum values", "Failed to match expected value set by 'const'",
      "String should be", "Array should contain", "Expected number", "Failed to match regex",
      "Object should have", "Value should be a multiple of", "Elements at indexes",
  };
  return std::any_of(std::begin(prefixes), std::end(prefixes),
                     [&](std::string_view p) { return d.starts_with(p); });
}

}  // namespace

std::string_view suggest_name(std::string_view name, const std::vector<std::string_view>& candidates) {
  const std::string camel = snake_to_camel(name);
  for (const auto candidate : candidates) {
    if (candidate == camel && candidate != name) return candidate;
  }
  // Words people use for a field of another name (a members file's items
  // have `username`; a user's is `name`). Suggested only where the field
  // they stand for is one of the candidates.
  static constexpr std::pair<std::string_view, std::string_view> synonyms[] = {
      {"username", "name"}, {"userName", "name"},   {"sender", "user"},  {"from", "user"},
      {"text", "body"},     {"message", "body"},    {"content", "body"}, {"channel", "channelId"},
      {"avatar", "displayPicture"}, {"picture", "displayPicture"}, {"tag", "groupTag"},
  };
  for (const auto& [word, field] : synonyms) {
    if (name == word && std::find(candidates.begin(), candidates.end(), field) != candidates.end()) {
      return field;
    }
  }
  std::string_view best;
  std::size_t best_distance = 0;
  for (const auto candidate : candidates) {
    if (candidate == name) continue;
    const std::size_t d = std::min(edit_distance(name, candidate), edit_distance(camel, candidate));
    const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, candidate.size() / 3));
    if (d <= limit && (best.empty() || d < best_distance)) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

std::vector<std::string_view> field_names(const CompiledSchema& schema, const json::JsonPointer& pointer) {
  return property_names(subschema_at(schema, pointer));
}

std::string describe_location(const json::JsonPointer& pointer, std::string_view noun) {
  if (pointer.steps.empty()) return std::string(noun);
  std::string out = "`";
  for (const auto& step : pointer.steps) {
    if (step.is_index) {
      out += fmt::format("[{}]", step.index);
    } else {
      if (out.size() > 1) out += '.';
      out += diag::shown(step.key);
    }
  }
  out += '`';
  return out;
}

void ValueValidator::validate(const CompiledSchema& schema, element value, std::string_view noun,
                              std::vector<Finding>& out) {
  const SimdjsonAdapter target(value);
  valijson::ValidationResults results;
  try {
    // Fast path: most items are valid, and valijson stops at the first
    // failure when it is not asked for results.
    if (validator_.validate(schema.compiled, target, nullptr)) return;
    validator_.validate(schema.compiled, target, &results);
  } catch (const std::exception& e) {
    // valijson compiles `pattern`s while validating and throws on one
    // std::regex cannot take, or on a `format` applied to a non-string: a
    // fault of the schema (only user schemas, with `validate`), reported
    // where it struck rather than ending the run.
    Finding f;
    f.rule = diag::RuleId::schema_violation;
    f.at = {json::JsonPointer{}, json::TokenPart::value};
    f.message = fmt::format("the schema cannot be applied to {}: {}", noun, e.what());
    out.push_back(std::move(f));
    return;
  }
  if (results.numErrors() == 0) {
    // A `false` schema or `propertyNames` fails without saying why.
    Finding f;
    f.rule = diag::RuleId::schema_violation;
    f.at = {json::JsonPointer{}, json::TokenPart::value};
    f.message = fmt::format("{} does not match the schema", noun);
    out.push_back(std::move(f));
    return;
  }

  // Keep root causes only: drop cascades, and under anyOf/oneOf keep the
  // summary rather than every branch's complaints.
  std::vector<valijson::ValidationResults::Error> errors(results.begin(), results.end());
  std::vector<valijson::ValidationResults::Error> kept;
  for (auto& error : errors) {
    if (is_alternatives_summary(error.description)) {
      while (!kept.empty() && is_prefix(error.context, kept.back().context)) kept.pop_back();
    }
    kept.push_back(std::move(error));
  }
  std::erase_if(kept, [&](const auto& e) { return is_cascade(e.description) && kept.size() > 1; });

  const Explainer explain{schema, value, noun};
  // For the merge below: the object and field each finding is about.
  struct FieldNote {
    std::string object;
    std::string missing;    // missing-field: the required field
    std::string suggested;  // unknown-field: the field it probably meant
  };
  std::vector<Finding> found;
  std::vector<FieldNote> notes;
  for (const auto& error : kept) {
    const auto pointer = context_to_pointer(value, error.context).value_or(json::JsonPointer{});
    const std::string_view d = error.description;
    FieldNote note{pointer.to_string(), {}, {}};
    if (auto name = between(d, "Object contains a property that could not be validated using "
                               "'properties' or 'additionalProperties' constraints: '", "'.")) {
      // valijson names the first unknown key only: every one is a problem.
      const auto subschema = subschema_at(schema, pointer);
      const auto names = property_names(subschema);
      for (const auto& key : unknown_keys(subschema, value, pointer, *name)) {
        found.push_back(explain.unknown_field(pointer, key));
        notes.push_back(FieldNote{note.object, {}, std::string(suggest_name(key, names))});
      }
      continue;
    } else if (auto required = between(d, "Missing required property '", "'.")) {
      found.push_back(explain.missing_field(pointer, *required));
      note.missing = *required;
    } else if (d.starts_with("Value type not permitted by 'type' constraint")) {
      found.push_back(explain.wrong_type(pointer));
    } else if (is_invalid_value(d)) {
      found.push_back(explain.invalid_value(pointer, d));
    } else {
      found.push_back(explain.other(pointer, d));
    }
    notes.push_back(std::move(note));
  }

  // A misspelled key that hides a required field is one problem: the
  // unknown key's "did you mean" already names the missing field.
  for (std::size_t i = 0; i < found.size(); ++i) {
    const bool hidden =
        !notes[i].missing.empty() &&
        std::any_of(notes.begin(), notes.end(), [&](const FieldNote& other) {
          return other.object == notes[i].object && other.suggested == notes[i].missing;
        });
    if (!hidden) out.push_back(std::move(found[i]));
  }
}

}  // namespace ckimport::schema
