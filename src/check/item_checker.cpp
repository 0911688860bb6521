#include "check/item_checker.hpp"
#include "json/dom.hpp"
#include "text/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>

namespace ckimport::check {
namespace {

using simdjson::dom::element;
using schema::Finding;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string type_list(const model::ResourceSpec& spec) {
  std::string out;
  for (std::size_t i = 0; i < spec.variants.size(); ++i) {
    if (i > 0) out += i + 1 == spec.variants.size() ? " or " : ", ";
    out += spec.variants[i].type_value;
  }
  return out;
}

std::string type_name_of(element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::ARRAY: return "an array";
    case simdjson::dom::element_type::OBJECT: return "an object";
    case simdjson::dom::element_type::STRING: return "a string";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: return "a number";
    case simdjson::dom::element_type::BOOL: return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

// An item's top-level fields, read once: a walk of a simdjson object costs
// about what the lookup it serves does, and the checks below look up to
// four fields each (a walk per lookup was 5% of a check).
using Fields = std::vector<simdjson::dom::key_value_pair>;

// The value of `key`; of duplicate keys, the last (as json::member).
std::optional<element> field_of(const Fields& fields, std::string_view key) {
  for (auto field = fields.rbegin(); field != fields.rend(); ++field) {
    if (field->key == key) return field->value;
  }
  return std::nullopt;
}

std::string noun_for(const model::ResourceSpec& spec) {
  return std::string(spec.item_noun);
}

// Picks the variant by the discriminator, or reports why it cannot.
const model::ItemVariant* dispatch(const model::ResourceSpec& spec, const Fields& item, std::vector<Finding>& out) {
  if (spec.discriminator.empty()) return &spec.variants[0];
  const json::JsonPointer root;
  const auto type = field_of(item, spec.discriminator);
  if (!type) {
    // A misspelled discriminator (`typ`, `Type`) is one problem, said at
    // the key: the missing field is what it hides.
    for (const auto& field : item) {
      if (schema::suggest_name(field.key, {spec.discriminator}) != spec.discriminator) continue;
      Finding f;
      f.rule = diag::RuleId::unknown_field;
      f.merged = {diag::RuleId::missing_field};  // it hides the missing `type`
      f.at = {root.with_key(field.key), json::TokenPart::key};
      f.message = fmt::format("`{}` is not a field of {}; did you mean `{}`?", diag::shown(field.key),
                              noun_for(spec), spec.discriminator);
      f.help = fmt::format("rename it to `{}`", spec.discriminator);
      f.fix = schema::rename_key_fix(f.at.pointer, spec.discriminator, diag::Applicability::unsafe);
      out.push_back(std::move(f));
      return nullptr;
    }
    Finding f;
    f.rule = diag::RuleId::missing_field;
    f.at = {root, json::TokenPart::opening_brace};
    f.message = fmt::format("missing required field `{}` in {}", spec.discriminator, noun_for(spec));
    f.help = fmt::format("add `\"{}\": ` with one of {}", spec.discriminator, type_list(spec));
    out.push_back(std::move(f));
    return nullptr;
  }
  const element value = *type;
  if (!value.is_string()) {
    Finding f;
    f.rule = diag::RuleId::wrong_type;
    f.at = {root.with_key(spec.discriminator), json::TokenPart::value};
    f.message = fmt::format("`{}` must be a string, found {}", spec.discriminator, type_name_of(value));
    f.help = fmt::format("use one of {}", type_list(spec));
    out.push_back(std::move(f));
    return nullptr;
  }
  const std::string_view name = value.get_string().value_unsafe();
  if (const auto* variant = model::find_variant(spec, name)) return variant;
  Finding f;
  f.rule = diag::RuleId::unknown_item_type;
  f.at = {root.with_key(spec.discriminator), json::TokenPart::value};
  const std::string_view kind_word = spec.kind == model::ResourceKind::channels ? "channel" : "message";
  f.message = fmt::format("`{}` is not a {} type; expected {}", diag::shown(name), kind_word, type_list(spec));
  if (const auto* variant = model::find_variant(spec, upper(name))) {
    f.help = fmt::format("types are upper case: use \"{}\"", variant->type_value);
  }
  out.push_back(std::move(f));
  return nullptr;
}

void check_ignored_fields(const model::ItemVariant& variant, const Fields& item, std::vector<Finding>& out) {
  for (const auto field : variant.ignored_fields) {
    if (!field_of(item, field)) continue;
    Finding f;
    f.rule = diag::RuleId::ignored_field;
    f.severity = diag::Severity::warning;
    f.at = {json::JsonPointer{}.with_key(field), json::TokenPart::key};
    f.message = fmt::format("`{}` is not a field of {}; the server ignores it", field, variant.noun);
    f.help = "remove it";
    // Unsafe: the server ignores it today, but the user wrote it meaning
    // something (a DIRECT channel's name, a system message's sender).
    f.fix = schema::removal_fix(f.at.pointer, fmt::format("remove `{}`", field), diag::Applicability::unsafe);
    out.push_back(std::move(f));
  }
}

// IMPORT-FORMAT.md: `isGuest` is canonical; `guest` is accepted with a
// warning; both with different values is an error; neither is missing.
// An int64 field (a message's channelId) holding an integer past int64's
// largest, 2^63 - 1. valijson compares a number with the schema's
// `maximum` as doubles, which cannot tell 2^63 - 1 from 2^63: past that the
// schema check fails too (and this stays quiet), below it only this catches
// the value.
void check_int64_field(const Fields& item, std::string_view field, std::vector<Finding>& out) {
  const auto value = field_of(item, field);
  if (!value || value->type() != simdjson::dom::element_type::UINT64) return;
  const std::uint64_t number = value->get_uint64().value_unsafe();
  constexpr auto largest = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (number <= largest) return;
  const json::JsonPointer at = json::JsonPointer{}.with_key(field);
  if (std::any_of(out.begin(), out.end(), [&](const Finding& f) { return f.at.pointer.to_string() == at.to_string(); })) {
    return;
  }
  Finding f;
  f.rule = diag::RuleId::invalid_value;
  f.at = {at, json::TokenPart::value};
  f.message = fmt::format("`{}` must be at most {}, found {}", field, largest, number);
  f.help = "channel IDs are 64-bit signed integers: take them from existing/channels.json (GET /v1/channels)";
  out.push_back(std::move(f));
}

// `fields` are the user's fields, for telling a misspelled `isGuest` (which
// unknown-field reports, with "did you mean") from a missing one.
void check_guest_flag(const Fields& user, const std::vector<std::string_view>& fields, std::vector<Finding>& out) {
  const auto is_guest = field_of(user, "isGuest");
  const auto guest = field_of(user, "guest");
  const json::JsonPointer root;
  if (!guest) {
    // A misspelt `isGuest` is reported by the schema check as an unknown
    // field with "did you mean": that diagnostic stands for the missing flag.
    bool misspelled = false;
    for (const auto& field : user) {
      if (std::find(fields.begin(), fields.end(), field.key) != fields.end() ||
          schema::suggest_name(field.key, fields) != "isGuest") {
        continue;
      }
      misspelled = true;
      const std::string at = root.with_key(field.key).to_string();
      for (auto& f : out) {
        if (f.rule == diag::RuleId::unknown_field && f.at.pointer.to_string() == at && f.merged.empty()) {
          f.merged.push_back(diag::RuleId::missing_field);
        }
      }
    }
    if (!is_guest && !misspelled) {
      Finding f;
      f.rule = diag::RuleId::missing_field;
      f.at = {root, json::TokenPart::opening_brace};
      f.message = "missing required field `isGuest` in a user";
      f.help = "add `\"isGuest\": false`";
      out.push_back(std::move(f));
    }
    return;
  }
  Finding f;
  f.at = {root.with_key("guest"), json::TokenPart::key};
  if (!is_guest) {
    f.rule = diag::RuleId::guest_field;
    f.severity = diag::Severity::warning;
    f.message = "`guest` is the old name of `isGuest`";
    f.help = "rename it to `isGuest`";
    f.fix = schema::rename_key_fix(f.at.pointer, "isGuest", diag::Applicability::safe);
  } else if (guest->is_bool() && is_guest->is_bool() &&
             guest->get_bool().value_unsafe() != is_guest->get_bool().value_unsafe()) {
    f.rule = diag::RuleId::guest_conflict;
    f.message = "`guest` and `isGuest` disagree; the server reads only one of them";
    f.help = "remove `guest` and keep the value you mean in `isGuest`";
    f.related.push_back({{root.with_key("isGuest"), json::TokenPart::key}, "`isGuest` is here", std::nullopt});
  } else {
    f.rule = diag::RuleId::guest_field;
    f.severity = diag::Severity::warning;
    f.message = "`guest` repeats `isGuest` under its old name";
    f.help = "remove `guest`";
    // Certain only when both are the same boolean; a `guest` of another
    // type may be what the user meant.
    const bool same = guest->is_bool() && is_guest->is_bool();
    f.fix = schema::removal_fix(f.at.pointer, "remove `guest`",
                                same ? diag::Applicability::safe : diag::Applicability::unsafe);
  }
  out.push_back(std::move(f));
}

// A username or channel name that shows nothing: only White_Space or
// invisible characters (text::is_blank). The schema's minLength catches ""
// ("must not be empty"); " ", U+00A0 or U+200B pass it, yet nobody can read
// or type such a name. Only where names are defined: a reference to a blank
// name is an unknown-user error already, unless such a user is defined,
// and then this reports the user.
void check_blank_name(const Fields& item, model::ResourceKind kind, std::vector<Finding>& out) {
  const auto value = field_of(item, "name");
  if (!value || !value->is_string()) return;
  const std::string_view name = json::as_string(*value);
  if (name.empty() || !text::is_blank(name)) return;
  const std::string_view holds = text::trim_white_space(name).empty() ? "only white space"
                                 : text::without_invisible(name).empty() ? "only invisible characters"
                                                                         : "only white space and invisible characters";
  Finding f;
  f.rule = diag::RuleId::invalid_value;
  f.at = {json::JsonPointer{}.with_key("name"), json::TokenPart::value};
  f.message = fmt::format("`name` must not be blank, found `{}` ({})", diag::shown(name), holds);
  f.help = kind == model::ResourceKind::users
               ? "a username must show something people can read and type: give the user a visible name"
               : "give the channel a visible name, or leave `name` out for a random one";
  out.push_back(std::move(f));
}

// One step of the path to the object being looked at; made into a
// JsonPointer only for a finding.
struct PathStep {
  std::string_view key;
  std::uint64_t index = 0;
  bool is_index = false;
};

json::JsonPointer pointer_of(const std::vector<PathStep>& path) {
  json::JsonPointer pointer;
  for (const auto& step : path) {
    if (step.is_index) {
      pointer.index(step.index);
    } else {
      pointer.key(step.key);
    }
  }
  return pointer;
}

}  // namespace

// Objects in import items are small: comparing every pair costs less than
// sorting, and allocates nothing; a large object is sorted (a copy, in
// `scratch`), so that huge `properties` stay linear-logarithmic.
bool has_duplicate_key(std::span<const std::string_view> keys, std::vector<std::string_view>& scratch) {
  constexpr std::size_t pairwise = 16;
  if (keys.size() <= pairwise) {
    // Each key as one word first, its length and up to 7 first bytes: keys
    // of one object rarely share both (`type`, `user` and `body` share a
    // length), so bytes are compared only for a likely duplicate.
    std::array<std::uint64_t, pairwise> words{};
    for (std::size_t i = 0; i < keys.size(); ++i) {
      std::uint64_t word = 0;
      if (!keys[i].empty()) std::memcpy(&word, keys[i].data(), std::min<std::size_t>(keys[i].size(), 7));
      words[i] = word ^ (std::uint64_t{keys[i].size()} << 56);
      for (std::size_t j = 0; j < i; ++j) {
        if (words[i] == words[j] && keys[i] == keys[j]) return true;
      }
    }
    return false;
  }
  scratch.assign(keys.begin(), keys.end());
  std::sort(scratch.begin(), scratch.end());
  return std::adjacent_find(scratch.begin(), scratch.end()) != scratch.end();
}

namespace {

// What the walk reuses from item to item (one per thread: a checker is).
struct DuplicateScratch {
  std::vector<PathStep> path;
  std::vector<std::vector<std::string_view>> keys;  // by depth
  std::vector<std::string_view> sorted;
};

void find_duplicates_in(element value, DuplicateScratch& scratch, std::size_t depth, std::vector<Finding>& out) {
  if (depth > 1024) return;  // simdjson's own depth limit is lower; defensive
  std::vector<PathStep>& path = scratch.path;
  if (value.is_array()) {
    std::uint64_t i = 0;
    for (element child : json::as_array(value)) {
      if (child.is_object() || child.is_array()) {
        path.push_back({{}, i, true});
        find_duplicates_in(child, scratch, depth + 1, out);
        path.pop_back();
      }
      ++i;
    }
    return;
  }
  if (!value.is_object()) return;
  const auto object = value.get_object().value_unsafe();
  if (scratch.keys.size() <= depth) scratch.keys.resize(depth + 1);
  std::vector<std::string_view>& keys = scratch.keys[depth];
  keys.clear();
  for (auto field : object) keys.push_back(field.key);
  const bool duplicates = keys.size() > 1 && has_duplicate_key(keys, scratch.sorted);
  if (duplicates) {
    const json::JsonPointer here = pointer_of(path);
    std::vector<std::pair<std::string_view, std::size_t>> seen;
    for (const auto key : keys) {
      const auto count = static_cast<std::size_t>(
          std::count_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; }));
      if (count > 0) {
        Finding f;
        f.rule = diag::RuleId::duplicate_key;
        f.severity = diag::Severity::warning;
        f.at = {here.with_key(key), json::TokenPart::key, count};
        f.message = fmt::format(
            "duplicate key `{}`; JSON readers keep only one of the values, most the last: "
            "ckimport checks the last",
            diag::shown(key));
        f.help = "remove one of the two";
        f.related.push_back({{here.with_key(key), json::TokenPart::key, 0}, "first defined", std::nullopt});
        out.push_back(std::move(f));
      }
      seen.emplace_back(key, 0);
    }
  }
  // Into the last of duplicate keys only: an earlier value is dropped by the
  // reader (the duplicate-key warning says so), and what is inside it cannot
  // be pointed at by a pointer, which goes through the last.
  std::size_t i = 0;
  for (auto field : object) {
    const auto& level = scratch.keys[depth];  // the deeper calls may have grown scratch.keys
    const bool shadowed =
        duplicates && std::find(level.begin() + static_cast<std::ptrdiff_t>(i) + 1, level.end(), field.key) != level.end();
    ++i;
    if (!shadowed && (field.value.is_object() || field.value.is_array())) {
      path.push_back({field.key, 0, false});
      find_duplicates_in(field.value, scratch, depth + 1, out);
      path.pop_back();
    }
  }
}

}  // namespace

void find_duplicate_keys(element value, std::vector<Finding>& out) {
  // Kept from call to call on each thread, so a walk allocates nothing once
  // the first items have sized it.
  thread_local DuplicateScratch scratch;
  scratch.path.clear();
  find_duplicates_in(value, scratch, 0, out);
}

const ItemChecker::VariantSchema& ItemChecker::schema_of(const model::ItemVariant& variant) {
  for (const auto& known : schema_by_variant_) {
    if (known.variant == &variant) return known;
  }
  const schema::CompiledSchema& schema = schemas_.get(variant.schema_file);  // compiled once, kept by the registry
  schema_by_variant_.push_back({&variant, &schema, schema::field_names(schema, {})});
  return schema_by_variant_.back();
}

bool ItemChecker::has_fast_path(model::ResourceKind kind) {
  const model::ResourceSpec& spec = model::resource_spec(kind);
  return std::all_of(spec.variants.begin(), spec.variants.end(),
                     [&](const model::ItemVariant& variant) { return schema_of(variant).schema->fast != nullptr; });
}

void ItemChecker::check(model::ResourceKind kind, element item, std::vector<Finding>& out) {
  find_duplicate_keys(item, out);
  const model::ResourceSpec& spec = model::resource_spec(kind);
  if (!item.is_object()) {
    Finding f;
    f.rule = diag::RuleId::wrong_type;
    f.at = {json::JsonPointer{}, json::TokenPart::value};
    f.message = fmt::format("{} must be an object, found {}", spec.item_noun, type_name_of(item));
    out.push_back(std::move(f));
    return;
  }
  const auto object = item.get_object().value_unsafe();
  fields_.clear();
  for (const auto field : object) fields_.push_back(field);
  const model::ItemVariant* variant = dispatch(spec, fields_, out);
  if (variant == nullptr) return;
  const VariantSchema& found = schema_of(*variant);
  const schema::CompiledSchema& schema = *found.schema;
  validator_.validate(schema, item, variant->noun, out);
  check_ignored_fields(*variant, fields_, out);
  if (kind == model::ResourceKind::messages) check_int64_field(fields_, "channelId", out);
  if (kind == model::ResourceKind::users) {
    check_guest_flag(fields_, found.fields, out);
  }
  // A direct channel's name is ignored-field's.
  if (kind == model::ResourceKind::users || (kind == model::ResourceKind::channels && variant->type_value != "DIRECT")) {
    check_blank_name(fields_, kind, out);
  }
}

}  // namespace ckimport::check
