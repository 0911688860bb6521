#include "check/message_lane.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>

#include "check/item_checker.hpp"
#include "schema/fast_path_support.hpp"

namespace ckimport::check {
namespace {

namespace ondemand = simdjson::ondemand;
using simdjson::SUCCESS;

// The properties of message-text.schema.json and
// message-system-text.schema.json (the same seven; a test compares them).
enum Field : unsigned { type, channel_id, body, user, group_tag, properties, idempotency_key, field_count };
constexpr std::array<std::string_view, field_count> field_names{"type",     "channelId",  "body",          "user",
                                                                "groupTag", "properties", "idempotencyKey"};

// Whether the raw string at `raw` is `name` (a literal, so that the
// comparison compiles to a few loads). Reads the name's length and one byte
// past it: within the item, or the padding after it.
template <std::size_t N>
bool raw_is(const char* raw, const char (&name)[N]) {
  return std::memcmp(raw, name, N - 1) == 0 && raw[N - 1] == '"';
}

// The field a key names, read raw (not unescaped: a key spelled with an
// escape names none here, and the DOM path reads it). The first byte picks
// the one name to compare with.
std::optional<Field> field_named(const ondemand::raw_json_string key) {
  const char* raw = key.raw();
  switch (*raw) {
    case 't': if (raw_is(raw, "type")) return type; break;
    case 'c': if (raw_is(raw, "channelId")) return channel_id; break;
    case 'b': if (raw_is(raw, "body")) return body; break;
    case 'u': if (raw_is(raw, "user")) return user; break;
    case 'g': if (raw_is(raw, "groupTag")) return group_tag; break;
    case 'p': if (raw_is(raw, "properties")) return properties; break;
    case 'i': if (raw_is(raw, "idempotencyKey")) return idempotency_key; break;
    default: break;
  }
  return std::nullopt;
}

// A key's text as written, when it has no escape (then it is also what it
// unescapes to); nullopt when it has one. `end`: the end of the item's text.
std::optional<std::string_view> plain_key(const ondemand::raw_json_string key, const char* end) {
  const char* begin = key.raw();
  const void* quote = std::memchr(begin, '"', static_cast<std::size_t>(end - begin));
  if (quote == nullptr) return std::nullopt;
  const std::string_view text(begin, static_cast<std::size_t>(static_cast<const char*>(quote) - begin));
  if (text.find('\\') != std::string_view::npos) return std::nullopt;
  return text;
}

constexpr unsigned bit(Field field) { return 1U << field; }

// The item's deepest objects read by this lane at most: real messages are
// a few levels deep, and past this the DOM path (and its depth limit)
// decides.
constexpr std::size_t lane_depth_limit = 64;

}  // namespace

MessageLane::MessageLane(std::size_t max_depth) : max_depth_(max_depth) {}

std::span<const std::string_view> MessageLane::fields() { return field_names; }

bool MessageLane::clean_object(ondemand::object object, std::size_t depth) {
  const std::size_t first = keys_.size();
  for (auto field : object) {
    ondemand::raw_json_string raw;
    if (field.key().get(raw) != SUCCESS) return false;
    const auto key = plain_key(raw, end_);
    if (!key) return false;  // an escaped key: its duplicates are compared unescaped, by the DOM path
    keys_.push_back(*key);  // in the item's text
    ondemand::value value;
    if (field.value().get(value) != SUCCESS || !clean_value(value, depth + 1)) return false;
  }
  const std::span<const std::string_view> keys(keys_.data() + first, keys_.size() - first);
  const bool duplicates = keys.size() > 1 && has_duplicate_key(keys, scratch_);
  keys_.resize(first);
  return !duplicates;
}

// Reads every part of `value`, as the DOM parser would: each string
// unescaped, each number parsed (with the DOM parser's ranges: an integer
// past uint64 or a double past its range fails both).
bool MessageLane::clean_value(ondemand::value value, std::size_t depth) {
  if (depth > lane_depth_limit || depth + 1 >= max_depth_) return false;
  ondemand::json_type kind;
  if (value.type().get(kind) != SUCCESS) return false;
  switch (kind) {
    case ondemand::json_type::object: {
      ondemand::object object;
      return value.get_object().get(object) == SUCCESS && clean_object(object, depth);
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      if (value.get_array().get(array) != SUCCESS) return false;
      for (auto element : array) {
        ondemand::value child;
        if (element.get(child) != SUCCESS || !clean_value(child, depth + 1)) return false;
      }
      return true;
    }
    case ondemand::json_type::string: {
      std::string_view text;
      return value.get_string().get(text) == SUCCESS;
    }
    case ondemand::json_type::number: {
      ondemand::number number;
      return value.get_number().get(number) == SUCCESS;
    }
    case ondemand::json_type::boolean: {
      bool flag = false;
      return value.get_bool().get(flag) == SUCCESS;
    }
    case ondemand::json_type::null: {
      bool null = false;
      return value.is_null().get(null) == SUCCESS && null;
    }
  }
  return false;
}

bool MessageLane::clean(std::string_view text, rules::ItemFacts& facts) {
  end_ = text.data() + text.size();
  ondemand::document document;
  if (parser_.capacity() < text.size() || parser_.max_depth() != max_depth_) {
    if (parser_.allocate(std::max<std::size_t>(text.size(), 4096), max_depth_) != SUCCESS) return false;
  }
  if (parser_.iterate(text.data(), text.size(), text.size() + simdjson::SIMDJSON_PADDING).get(document) != SUCCESS) {
    return false;
  }
  ondemand::object object;
  if (document.get_object().get(object) != SUCCESS) return false;
  keys_.clear();
  unsigned seen = 0;
  rules::MessageFields read;
  std::string_view user_name;
  for (auto member : object) {
    ondemand::raw_json_string key;
    if (member.key().get(key) != SUCCESS) return false;
    const auto field = field_named(key);
    // Not a field of a message (additionalProperties: false), or one twice
    // (duplicate-key): the DOM path's to report.
    if (!field || (seen & bit(*field)) != 0) return false;
    seen |= bit(*field);
    ondemand::value value;
    if (member.value().get(value) != SUCCESS) return false;
    switch (*field) {
      case type: {
        // Compared raw, as keys are: "T\u0045XT" is the DOM path's.
        ondemand::raw_json_string name;
        if (value.get_raw_json_string().get(name) != SUCCESS) return false;
        if (raw_is(name.raw(), "TEXT")) {
          read.type = "TEXT";
        } else if (raw_is(name.raw(), "SYSTEM_TEXT")) {
          read.type = "SYSTEM_TEXT";
        } else {
          return false;
        }
        break;
      }
      case channel_id: {
        // An integer from 1 to int64's largest: passes the schema's minimum
        // and maximum (compared as doubles) and the int64 check. 1.0 or 1e3
        // do not read as one: the DOM path decides them.
        std::uint64_t id = 0;
        if (value.get_uint64().get(id) != SUCCESS) return false;
        if (id < 1 || id > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
        read.channel_id = id;
        break;
      }
      case user:
        if (value.get_string().get(user_name) != SUCCESS) return false;
        break;
      case body:
      case group_tag: {
        std::string_view string;
        if (value.get_string().get(string) != SUCCESS) return false;
        break;
      }
      case idempotency_key: {
        std::string_view string;
        if (value.get_string().get(string) != SUCCESS) return false;
        read.idempotency_key = string;
        break;
      }
      case properties: {
        ondemand::object custom;
        if (value.get_object().get(custom) != SUCCESS || !clean_object(custom, 1)) return false;
        break;
      }
      case field_count: return false;
    }
  }
  // Nothing after the item: the DOM parser rejects `{...} x`, and an
  // iteration that stopped early is not at the end either.
  if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) return false;

  constexpr unsigned required = bit(type) | bit(channel_id) | bit(body);
  if ((seen & required) != required) return false;
  if (read.type == "TEXT") {
    // `user`: required, minLength 1 (as valijson counts: code points
    // before the first NUL).
    if ((seen & bit(user)) == 0) return false;
    const std::uint64_t length = schema::fast::utf8_length(user_name, 1);
    if (length == schema::fast::kUnknownLength || length < 1) return false;
    read.user = user_name;
  } else if (read.type == "SYSTEM_TEXT") {
    if ((seen & bit(user)) != 0) return false;  // ignored-field
  } else {
    return false;
  }
  rules::message_facts(read, facts);
  return true;
}

}  // namespace ckimport::check
