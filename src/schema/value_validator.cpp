#include "schema/value_validator.hpp"
#include "json/dom.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include <valijson/validation_visitor.hpp>

#include "schema/constraint_failures.hpp"
#include "schema/fast_path.hpp"
#include "schema/simdjson_adapter.hpp"
#include "schema/valijson_schema.hpp"
#include "source/utf8.hpp"

namespace ckimport::schema {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

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

// The subschema that applies at `pointer`, following properties,
// additionalProperties and items. nullopt when it cannot be told (for
// instance under a combinator): messages then fall back to generic words.
std::optional<element> subschema_at(const CompiledSchema& schema, const json::JsonPointer& pointer) {
  auto node = resolve_ref(schema, schema.document.root);
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
    node = resolve_ref(schema, *next);
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
      if (t == "integer" || t == "number") {
        // A value the schema accepts: `"channelId": 0` would be refused.
        if (const auto least = member(*subschema, "minimum"); least && (least->is_int64() || least->is_uint64())) {
          return json_text(*least);
        }
        return "0";
      }
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

// "The file's name." -> "the file's name", but "MIME type" stays: a word of
// capitals is an acronym, not a sentence's start.
std::string lower_first(std::string text) {
  const bool acronym = text.size() > 1 && std::isupper(static_cast<unsigned char>(text[1])) != 0;
  if (!text.empty() && !acronym) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  while (!text.empty() && text.back() == '.') text.pop_back();
  return text;
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

// An integer as JSON writes it, that every reader reads as the same 64-bit
// integer: an optional minus, no leading zero, at most 18 digits (so below
// 2^63 without counting), not "-0".
bool is_plain_integer(std::string_view text) {
  std::string_view digits = text;
  if (digits.starts_with('-')) digits.remove_prefix(1);
  if (digits.empty() || digits.size() > 18) return false;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  if (digits.size() > 1 && digits.front() == '0') return false;
  return !(text.starts_with('-') && digits == "0");
}

// `"1001"` -> `1001`, `"false"` -> `false`: what the string holds, as the
// value the schema wants. Unsafe: a quoted value may be a string on
// purpose, for a schema that is wrong about it.
FindingFix unquote_fix(const json::JsonPointer& at, std::string_view text) {
  FindingFix fix;
  fix.message = fmt::format("replace \"{}\" with {}", text, text);
  fix.applicability = diag::Applicability::unsafe;
  fix.edits.push_back({TokenEdit::Action::replace, {at, json::TokenPart::value}, std::string(text)});
  return fix;
}

// The words for each kind of failure: what is wrong, at the token, naming
// the field and what was expected as the schema says it.
struct Explainer {
  const CompiledSchema& schema;
  element value;
  std::string_view noun;

  std::string where(const json::JsonPointer& p) const { return describe_location(p, noun); }
  std::string owner(const json::JsonPointer& object) const {
    return object.steps.empty() ? std::string(noun) : where(object);
  }

  Finding finding(diag::RuleId rule, const json::JsonPointer& at, json::TokenPart part = json::TokenPart::value) const {
    Finding f;
    f.rule = rule;
    f.at = {at, part};
    return f;
  }

  Finding unknown_field(const ConstraintFailure& failure) const {
    const json::JsonPointer& object = failure.at;
    const std::string& name = failure.property;
    Finding f = finding(diag::RuleId::unknown_field, object.with_key(name), json::TokenPart::key);
    const auto names = property_names(failure.schema);
    const std::string_view suggestion = suggest_name(name, names);
    if (!suggestion.empty()) {
      f.message = fmt::format("`{}` is not a field of {}; did you mean `{}`?", diag::shown(name), owner(object), suggestion);
      f.help = fmt::format("rename it to `{}`", suggestion);
      f.fix = rename_fix(object, name, suggestion);
    } else {
      f.message = fmt::format("`{}` is not a field of {}", diag::shown(name), owner(object));
      if (!names.empty()) f.help = fmt::format("the fields of {} are: {}", owner(object), join_names(names));
    }
    return f;
  }

  // Renaming `name` to `suggestion` in the object at `object`: safe when it
  // is the camelCase spelling of a snake_case name (the vendor's page writes
  // them so) and nothing else in the object is, or becomes, `suggestion`;
  // any other did-you-mean is a guess, an unsafe fix. No fix when
  // `suggestion` is there already: the rename would make a duplicate key.
  std::optional<FindingFix> rename_fix(const json::JsonPointer& object, const std::string& name,
                                       std::string_view suggestion) const {
    const auto found = value_at(value, object);
    if (!found || !found->is_object()) return std::nullopt;
    std::size_t becoming = 0;
    for (const auto field : json::as_object(*found)) {
      if (field.key == suggestion) return std::nullopt;
      if (field.key != name && snake_to_camel(field.key) == suggestion) ++becoming;
    }
    const bool snake = snake_to_camel(name) == suggestion && name != suggestion;
    const auto applicability =
        snake && becoming == 0 ? diag::Applicability::safe : diag::Applicability::unsafe;
    return rename_key_fix(object.with_key(name), suggestion, applicability);
  }

  Finding missing_field(const ConstraintFailure& failure) const {
    const std::string& name = failure.property;
    Finding f = finding(diag::RuleId::missing_field, failure.at, json::TokenPart::opening_brace);
    f.message = fmt::format("missing required field `{}` in {}", name, owner(failure.at));
    std::optional<element> field_schema;
    if (failure.schema) {
      if (const auto properties = member(*failure.schema, "properties")) {
        if (const auto field = member(*properties, name)) field_schema = resolve_ref(schema, *field);
      }
    }
    f.help = fmt::format("add `\"{}\": {}`", name, placeholder(field_schema));
    return f;
  }

  Finding wrong_type(const ConstraintFailure& failure) const {
    const json::JsonPointer& at = failure.at;
    Finding f = finding(diag::RuleId::wrong_type, at);
    const auto found = value_at(value, at);
    const std::string expected = failure.schema ? expected_types(*failure.schema) : std::string();
    const std::string found_text = found ? found_phrase(*found) : "a value of another type";
    f.message = fmt::format("{} must be {}, found {}", at.steps.empty() ? std::string(noun) : where(at),
                            expected.empty() ? "of another type" : expected, found_text);
    if (found && found->is_double()) f.shown_number = json_text(*found);
    if (found && found->is_string() && (expected == "an integer" || expected == "a number")) {
      f.help = "remove the quotes around the number";
      if (is_plain_integer(json::as_string(*found))) {
        f.fix = unquote_fix(at, json::as_string(*found));
      }
    } else if (found && found->is_string() && expected == "a boolean") {
      const std::string_view text = json::as_string(*found);
      if (text == "true" || text == "false") {
        f.help = "remove the quotes around the boolean";
        f.fix = unquote_fix(at, text);
      }
    } else if (found && !found->is_string() && expected == "a string") {
      f.help = "put the value in double quotes";
    }
    return f;
  }

  // The schema's own spelling of a limit, when the subschema is known.
  std::optional<std::string> limit(const ConstraintFailure& failure, std::string_view keyword) const {
    if (!failure.schema) return std::nullopt;
    const auto bound = member(*failure.schema, keyword);
    if (!bound || !bound->is_number()) return std::nullopt;
    return json_text(*bound);
  }

  std::string actual_size(element found) const {
    if (found.is_string()) {
      std::size_t code_points = 0;
      for (const char c : json::as_string(found)) {
        code_points += source::utf8::is_continuation(static_cast<unsigned char>(c)) ? 0U : 1U;
      }
      return count_of(code_points, "character");
    }
    if (found.is_array()) return count_of(found.get_array().value_unsafe().size(), "element");
    if (found.is_object()) return count_of(json::as_object(found).size(), "field");
    return json_text(found);
  }

  Finding invalid_value(const ConstraintFailure& failure) const {
    const json::JsonPointer& at = failure.at;
    Finding f = finding(diag::RuleId::invalid_value, at);
    const auto found = value_at(value, at);
    const std::string subject = where(at);
    const std::string found_text = found ? json_text(*found) : std::string("?");
    if (found && found->is_double()) f.shown_number = found_text;
    if (failure.kind == FailureKind::enum_value || failure.kind == FailureKind::const_value) {
      std::string allowed;
      if (failure.schema) {
        if (const auto c = member(*failure.schema, "const")) allowed = json_text(*c);
        if (const auto e = member(*failure.schema, "enum"); e && e->is_array()) {
          for (element option : json::as_array(*e)) {
            if (!allowed.empty()) allowed += ", ";
            allowed += json_text(option);
          }
        }
      }
      f.message = allowed.empty() ? fmt::format("{} has a value that is not allowed: {}", subject, found_text)
                                  : fmt::format("{} must be {}, found {}", subject, allowed, found_text);
      return f;
    }
    if (found && found->is_string() && json::as_string(*found).empty() && failure.schema &&
        member(*failure.schema, "minLength")) {
      f.message = fmt::format("{} must not be empty", subject);
      return f;
    }
    // Bounds, in the schema's words: the limit is read from the schema.
    const auto bound = [&](std::string_view keyword, std::string_view phrase) {
      const auto text = limit(failure, keyword);
      if (!text) return false;
      f.message = fmt::format("{} {}, found {}", subject, fmt::format(fmt::runtime(phrase), *text),
                              found ? actual_size(*found) : found_text);
      return true;
    };
    // Draft 7 gives exclusive bounds their own keyword; draft 4 a flag beside
    // the bound.
    const auto exclusive_keyword = [&](std::string_view own, std::string_view plain) {
      return limit(failure, own) ? own : plain;
    };
    bool bounded = false;
    switch (failure.kind) {
      case FailureKind::min_length: bounded = bound("minLength", "must be at least {} characters long"); break;
      case FailureKind::max_length: bounded = bound("maxLength", "must be at most {} characters long"); break;
      case FailureKind::min_items: bounded = bound("minItems", "must have at least {} elements"); break;
      case FailureKind::max_items: bounded = bound("maxItems", "must have at most {} elements"); break;
      case FailureKind::min_properties: bounded = bound("minProperties", "must have at least {} fields"); break;
      case FailureKind::max_properties: bounded = bound("maxProperties", "must have at most {} fields"); break;
      case FailureKind::minimum:
        bounded = failure.exclusive ? bound(exclusive_keyword("exclusiveMinimum", "minimum"), "must be greater than {}")
                                    : bound("minimum", "must be at least {}");
        break;
      case FailureKind::maximum:
        bounded = failure.exclusive ? bound(exclusive_keyword("exclusiveMaximum", "maximum"), "must be less than {}")
                                    : bound("maximum", "must be at most {}");
        break;
      case FailureKind::multiple_of:
        if (const auto divisor = limit(failure, "multipleOf")) {
          f.message = fmt::format("{} must be a multiple of {}, found {}", subject, *divisor, found_text);
          bounded = true;
        }
        break;
      default: break;
    }
    if (bounded) return f;
    switch (failure.kind) {
      case FailureKind::pattern:
        f.message = fmt::format("{} is not in the expected format: {}", subject, found_text);
        if (failure.schema) {
          if (const auto d = member(*failure.schema, "description"); d && d->is_string()) {
            f.help = fmt::format("expected: {}", lower_first(std::string(json::as_string(*d))));
          }
        }
        break;
      case FailureKind::format: {
        const auto format = failure.schema ? member(*failure.schema, "format") : std::nullopt;
        f.message = format && format->is_string()
                        ? fmt::format("{} is not a valid {}: {}", subject, json::as_string(*format), found_text)
                        : fmt::format("{} is not in the expected format: {}", subject, found_text);
        break;
      }
      case FailureKind::unique_items:
        f.message = fmt::format("{} must not repeat an element: [{}] and [{}] are equal", subject, failure.index,
                                failure.other_index);
        break;
      default:
        f.message = fmt::format("{} is out of the range the schema allows, found {}", subject,
                                found ? actual_size(*found) : found_text);
        break;
    }
    return f;
  }

  Finding violation(const ConstraintFailure& failure) const {
    const json::JsonPointer& at = failure.at;
    Finding f = finding(diag::RuleId::schema_violation, at);
    const std::string subject = at.steps.empty() ? std::string(noun) : where(at);
    switch (failure.kind) {
      case FailureKind::always_false:
        f.message = fmt::format("{} is not allowed: the schema for it is `false`", subject);
        break;
      case FailureKind::not_schema:
        f.message = fmt::format("{}: target should not validate against schema specified in 'not' constraint", subject);
        break;
      case FailureKind::any_of:
        f.message = fmt::format("{}: failed to validate against any schemas allowed by anyOf constraint", subject);
        break;
      case FailureKind::one_of_none:
        f.message = fmt::format("{}: failed to validate against any child schemas allowed by oneOf constraint", subject);
        break;
      case FailureKind::one_of_many:
        f.message = fmt::format("{}: failed to validate against exactly one child schema", subject);
        break;
      case FailureKind::contains:
        f.message = fmt::format("{} has no element that matches the schema of `contains`", subject);
        break;
      case FailureKind::additional_items:
        f.message = fmt::format("{} is not allowed: the array has more elements than `items` lists", subject);
        break;
      case FailureKind::dependency:
        f.at.part = json::TokenPart::opening_brace;
        f.message = fmt::format("{}: `{}` is required when `{}` is present", subject, failure.required_property,
                                failure.property);
        break;
      case FailureKind::property_names:
        f.at = {at.with_key(failure.property), json::TokenPart::key};
        f.message = fmt::format("key `{}` of {} does not match the schema of `propertyNames`",
                                diag::shown(failure.property), subject);
        break;
      default:
        f.message = fmt::format("{} does not match the schema", subject);
        break;
    }
    return f;
  }

  Finding explain(const ConstraintFailure& failure) const {
    switch (failure.kind) {
      case FailureKind::unknown_property: return unknown_field(failure);
      case FailureKind::required: return missing_field(failure);
      case FailureKind::type: return wrong_type(failure);
      case FailureKind::enum_value:
      case FailureKind::const_value:
      case FailureKind::min_length:
      case FailureKind::max_length:
      case FailureKind::minimum:
      case FailureKind::maximum:
      case FailureKind::multiple_of:
      case FailureKind::pattern:
      case FailureKind::format:
      case FailureKind::min_items:
      case FailureKind::max_items:
      case FailureKind::unique_items:
      case FailureKind::min_properties:
      case FailureKind::max_properties: return invalid_value(failure);
      default: return violation(failure);
    }
  }
};

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
      {"user", "username"},  // a members file's item: `user` is a message's word
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

struct ValueValidator::Impl {
  // Compiled `pattern`s, shared by the verdict and the explanation.
  std::unordered_map<std::string, std::regex> regexes;
};

ValueValidator::ValueValidator() : impl_(std::make_unique<Impl>()) {}
ValueValidator::~ValueValidator() = default;
ValueValidator::ValueValidator(ValueValidator&&) noexcept = default;
ValueValidator& ValueValidator::operator=(ValueValidator&&) noexcept = default;

void ValueValidator::validate(const CompiledSchema& schema, element value, std::string_view noun,
                              std::vector<Finding>& out) {
  // Most items are valid: a built-in schema's generated validator passes
  // them without valijson, which then only sees the failing ones.
  if (schema.fast != nullptr && schema.fast->valid(value)) return;
  std::vector<ConstraintFailure> failures;
  try {
    // The verdict first, as valijson's Validator would give it (strict
    // types, no results collected: it stops at the first failure). Most
    // items are valid; only a failing one is walked for its causes.
    valijson::ValidationVisitor<SimdjsonAdapter> verdict(SimdjsonAdapter(value), {"<root>"}, true, nullptr,
                                                          impl_->regexes);
    if (verdict.validateSchema(schema.compiled->schema)) return;
    failures = find_constraint_failures(schema, value, impl_->regexes);
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

  const Explainer explain{schema, value, noun};
  std::vector<Finding> found;
  for (const auto& failure : failures) {
    Finding f = explain.explain(failure);
    // Two constraints can fail the same way at the same place (minLength and
    // a pattern on an empty string): one problem.
    const bool repeated = std::any_of(found.begin(), found.end(), [&](const Finding& other) {
      return other.rule == f.rule && other.message == f.message && other.at.part == f.at.part &&
             other.at.pointer.to_string() == f.at.pointer.to_string();
    });
    if (!repeated) found.push_back(std::move(f));
  }

  // A misspelled key that hides a required field is one problem: the
  // unknown key's "did you mean" already names the missing field. It is one
  // diagnostic that stands for both findings (Finding::merged), so turning
  // unknown-field off or down leaves it an error as a missing field.
  std::vector<bool> hidden(found.size(), false);
  const auto find = [&](diag::RuleId rule, const json::JsonPointer& at, std::string_view message = {}) {
    for (std::size_t j = 0; j < found.size(); ++j) {
      if (found[j].rule == rule && found[j].at.pointer.to_string() == at.to_string() &&
          (message.empty() || found[j].message == message)) {
        return j;
      }
    }
    return found.size();
  };
  for (const auto& failure : failures) {
    if (failure.kind != FailureKind::required) continue;
    for (const auto& other : failures) {
      if (other.kind != FailureKind::unknown_property || other.at.to_string() != failure.at.to_string() ||
          suggest_name(other.property, property_names(other.schema)) != failure.property) {
        continue;
      }
      const std::size_t unknown = find(diag::RuleId::unknown_field, other.at.with_key(other.property));
      const std::size_t missing = find(diag::RuleId::missing_field, failure.at, explain.explain(failure).message);
      if (unknown == found.size() || missing == found.size()) continue;
      found[unknown].merged.push_back(diag::RuleId::missing_field);
      hidden[missing] = true;
      break;
    }
  }
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (!hidden[i]) out.push_back(std::move(found[i]));
  }

  // valijson said invalid, so something is wrong even when no constraint
  // could be named (a case the walk does not mirror): never "no problems".
  if (found.empty()) {
    Finding f;
    f.rule = diag::RuleId::schema_violation;
    f.at = {json::JsonPointer{}, json::TokenPart::value};
    f.message = fmt::format("{} does not match the schema", noun);
    out.push_back(std::move(f));
  }
}

}  // namespace ckimport::schema
