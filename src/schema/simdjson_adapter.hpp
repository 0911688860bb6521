#pragma once
// valijson adapter over simdjson DOM values.
//
// Why an adapter and not a conversion: ckimport parses each item (and each
// schema) with simdjson's DOM parser. Converting that tree into another JSON
// library just so valijson can read it would double the work per item. The
// adapter reads simdjson's tape in place and allocates only where valijson's
// interface demands it (object keys are handed to valijson as std::string;
// string values are copied by getString).
//
// Private to schema/: valijson's headers stop here.
//
// Lifetime rules:
//  * SimdjsonAdapter, SimdjsonArray, SimdjsonObject and their iterators are
//    views: valid only while the dom::parser or dom::document that produced
//    the element is alive and has not parsed another document.
//  * SimdjsonFrozenValue (what valijson keeps for `enum` and `const`) owns a
//    private copy, so a valijson::Schema never points back into the schema's
//    document and may outlive it.
//  * A document handed to valijson by a fetch callback must stay alive until
//    valijson passes it to the matching free callback (the schema registry
//    keeps each one in a ParsedDocument for as long as its schema).
//
// Numbers follow JSON Schema's value model, not simdjson's lexical one
// (simdjson says int64, uint64 or double depending on spelling):
//  * isInteger(): the value has no fractional part. 1, 1.0, 1e300 and
//    18446744073709551615 are all integers (draft 6 and later).
//  * getInteger(): succeeds only when the value fits int64_t exactly.
//  * isDouble(): the value is NOT exactly an int64_t (fractional, or integral
//    beyond int64); getDouble() then gives the nearest double.
// Every number is therefore reachable through exactly one of getInteger and
// getDouble, which valijson's getNumber()/asDouble() rely on, and 1.0 behaves
// exactly like 1 everywhere. equalTo() between two simdjson values compares
// numbers exactly (no detour through double, so 2^53 + 1 != 2^53).
//
// Known limits of valijson with this model: `multipleOf` with an integer
// divisor reports an integral value beyond int64 (18446744073709551615, 1e300)
// as invalid ("could not be converted"), and SchemaParser rejects an integral
// `multipleOf` beyond int64. Both are safer than valijson's alternative path,
// which would cast such a double to int64 (undefined behaviour).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>  // before valijson: its exceptions.hpp includes it inside namespace valijson
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>
#include <valijson/exceptions.hpp>
#include <valijson/internal/adapter.hpp>
#include <valijson/internal/basic_adapter.hpp>
#include <valijson/internal/frozen_value.hpp>

// Without exceptions valijson calls abort() on a malformed schema or an
// unexpected value type; ckimport must report those instead of dying.
#if !defined(VALIJSON_USE_EXCEPTIONS) || !VALIJSON_USE_EXCEPTIONS
#error "ckimport requires valijson built with VALIJSON_USE_EXCEPTIONS=1"
#endif

namespace ckimport::schema {

class SimdjsonAdapter;

// An immutable JSON value that owns its storage (a dom::document of its own),
// shared by pointer because copies are never needed.
class OwnedJson {
 public:
  // Parses `json`. Returns nullptr and sets `error` when it is not valid JSON.
  static std::shared_ptr<const OwnedJson> parse(std::string_view json,
                                                simdjson::error_code& error);

  // Deep copy of `value`: serialised by simdjson, then parsed again into a
  // document that belongs to the copy. Throws std::runtime_error on failure.
  static std::shared_ptr<const OwnedJson> copy_of(const simdjson::dom::element& value);

  OwnedJson(const OwnedJson&) = delete;
  OwnedJson& operator=(const OwnedJson&) = delete;
  ~OwnedJson() = default;

  // Stable address for the owner's lifetime: suitable as a fetched document.
  const simdjson::dom::element& root() const noexcept { return m_root; }

 private:
  OwnedJson() = default;
  static std::shared_ptr<const OwnedJson> parse_with(simdjson::dom::parser& parser,
                                                     std::string_view json,
                                                     simdjson::error_code& error);

  simdjson::dom::document m_document;
  simdjson::dom::element m_root;
};

namespace detail {

// simdjson stores container sizes in 24 bits and saturates at this value.
inline constexpr std::size_t kSaturatedCount = 0xFFFFFF;
inline constexpr double kTwoPow63 = 9223372036854775808.0;
inline constexpr double kTwoPow64 = 18446744073709551616.0;

template <typename Container>
std::size_t exact_size(const Container& container) noexcept {
  const std::size_t size = container.size();
  if (size < kSaturatedCount) return size;
  std::size_t count = 0;
  for (auto it = container.begin(); it != container.end(); ++it) ++count;
  return count;
}

inline bool is_number_type(simdjson::dom::element_type type) noexcept {
  using T = simdjson::dom::element_type;
  return type == T::INT64 || type == T::UINT64 || type == T::DOUBLE;
}

// A double converts to int64 only if it is integral and in [-2^63, 2^63).
inline bool double_to_int64(double value, std::int64_t& result) noexcept {
  if (value >= -kTwoPow63 && value < kTwoPow63 && std::trunc(value) == value) {
    result = static_cast<std::int64_t>(value);
    return true;
  }
  return false;
}

// Sign and magnitude of an integral number in (-2^64, 2^64): wide enough to
// hold int64, uint64 and integral doubles of that range without rounding.
struct ExactInteger {
  bool negative = false;
  std::uint64_t magnitude = 0;
  bool operator==(const ExactInteger&) const = default;
};

inline bool to_exact_integer(const simdjson::dom::element& value, ExactInteger& result) noexcept {
  using T = simdjson::dom::element_type;
  switch (value.type()) {
    case T::INT64: {
      const std::int64_t i = value.get_int64().value_unsafe();
      result.negative = i < 0;
      // Unsigned negation: well defined, including for INT64_MIN.
      result.magnitude = i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
      return true;
    }
    case T::UINT64:
      result.negative = false;
      result.magnitude = value.get_uint64().value_unsafe();
      return true;
    case T::DOUBLE: {
      const double d = value.get_double().value_unsafe();
      if (!(d > -kTwoPow64 && d < kTwoPow64) || std::trunc(d) != d) return false;
      result.negative = d < 0;  // -0.0 is zero, not negative
      result.magnitude = static_cast<std::uint64_t>(std::fabs(d));
      return true;
    }
    default:
      return false;
  }
}

// Numeric equality by value: 1 == 1.0, 2^64-1 != 2^64-2 (both uint64), and
// an integer equals a double only if the double holds exactly that integer.
inline bool numbers_equal(const simdjson::dom::element& a, const simdjson::dom::element& b) noexcept {
  ExactInteger ia;
  ExactInteger ib;
  const bool a_exact = to_exact_integer(a, ia);
  const bool b_exact = to_exact_integer(b, ib);
  if (a_exact && b_exact) return ia == ib;
  // An integral value in (-2^64, 2^64) never equals a double outside that
  // range or with a fraction.
  if (a_exact || b_exact) return false;
  return a.get_double().value_unsafe() == b.get_double().value_unsafe();
}

// Equality of two non-container values of types tx and ty.
inline bool scalars_equal(const simdjson::dom::element& x, simdjson::dom::element_type tx,
                          const simdjson::dom::element& y, simdjson::dom::element_type ty) noexcept {
  using T = simdjson::dom::element_type;
  if (is_number_type(tx) || is_number_type(ty)) {
    return is_number_type(tx) && is_number_type(ty) && numbers_equal(x, y);
  }
  if (tx != ty) return false;
  switch (tx) {
    case T::NULL_VALUE:
      return true;
    case T::BOOL: {
      bool p = false;
      bool q = false;
      return x.get_bool().get(p) == simdjson::SUCCESS && y.get_bool().get(q) == simdjson::SUCCESS &&
             p == q;
    }
    case T::STRING: {
      std::string_view p;
      std::string_view q;
      return x.get_string().get(p) == simdjson::SUCCESS &&
             y.get_string().get(q) == simdjson::SUCCESS && p == q;
    }
    default:
      return false;
  }
}

// Which members of an object a JSON reader keeps: of duplicate keys, only
// the last (JSON readers keep one value, most the last, and that is the one
// ckimport checks). shadowed_members() marks the others by position, and
// is null when no key repeats, as in almost every object.
using ShadowedMembers = std::shared_ptr<const std::vector<bool>>;

inline ShadowedMembers shadowed_members(const simdjson::dom::object& object) {
  constexpr std::size_t pairwise_limit = 8;
  std::array<std::string_view, pairwise_limit> few{};
  std::vector<std::string_view> many;
  std::size_t count = 0;
  for (auto it = object.begin(); it != object.end(); ++it, ++count) {
    if (count < pairwise_limit) {
      few[count] = it.key();
    } else {
      if (count == pairwise_limit) many.assign(few.begin(), few.end());
      many.push_back(it.key());
    }
  }
  bool repeats = false;
  if (count <= pairwise_limit) {
    for (std::size_t i = 0; i < count && !repeats; ++i) {
      for (std::size_t j = i + 1; j < count && !repeats; ++j) repeats = few[i] == few[j];
    }
    if (repeats) many.assign(few.begin(), few.begin() + static_cast<std::ptrdiff_t>(count));
  } else {
    std::vector<std::string_view> sorted = many;
    std::sort(sorted.begin(), sorted.end());
    repeats = std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
  }
  if (!repeats) return nullptr;
  std::vector<std::pair<std::string_view, std::size_t>> last;  // key -> its last position, sorted by key
  for (std::size_t i = 0; i < many.size(); ++i) last.emplace_back(many[i], i);
  std::stable_sort(last.begin(), last.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  auto shadowed = std::make_shared<std::vector<bool>>(many.size(), false);
  for (std::size_t i = 0; i + 1 < last.size(); ++i) {
    if (last[i].first == last[i + 1].first) (*shadowed)[last[i].second] = true;
  }
  return shadowed;
}

// The number of members a reader keeps (distinct keys).
inline std::size_t kept_size(const simdjson::dom::object& object, const ShadowedMembers& shadowed) {
  const std::size_t all = exact_size(object);
  return shadowed ? all - static_cast<std::size_t>(std::count(shadowed->begin(), shadowed->end(), true)) : all;
}

// Of duplicate keys, the last member's value.
inline std::optional<simdjson::dom::element> last_value(const simdjson::dom::object& object,
                                                        std::string_view key) {
  std::optional<simdjson::dom::element> found;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it.key() == key) found = it.value();
  }
  return found;
}

inline bool is_container_type(simdjson::dom::element_type type) noexcept {
  using T = simdjson::dom::element_type;
  return type == T::ARRAY || type == T::OBJECT;
}

// Structural equality with JSON Schema semantics: numbers by value, objects
// regardless of member order. Objects are compared as readers keep them: of
// duplicate keys, the last counts, as for SimdjsonObject::find, so a value
// always equals itself. Containers are compared with an explicit work
// list, not recursion, so nesting depth cannot overflow the stack.
// (Containers are fetched with get() and an error check rather than
// value_unsafe(): the latter leaves GCC a null-document path to warn about.)
inline bool json_equal(const simdjson::dom::element& a, const simdjson::dom::element& b) {
  using T = simdjson::dom::element_type;
  if (!is_container_type(a.type()) || !is_container_type(b.type())) {
    return scalars_equal(a, a.type(), b, b.type());
  }
  std::vector<std::pair<simdjson::dom::element, simdjson::dom::element>> pending{{a, b}};
  while (!pending.empty()) {
    const auto [x, y] = pending.back();
    pending.pop_back();
    const T tx = x.type();
    const T ty = y.type();
    simdjson::dom::array xa;
    simdjson::dom::array ya;
    simdjson::dom::object xo;
    simdjson::dom::object yo;
    if (tx == T::ARRAY && ty == T::ARRAY) {
      if (x.get_array().get(xa) != simdjson::SUCCESS || y.get_array().get(ya) != simdjson::SUCCESS) {
        return false;
      }
      auto ix = xa.begin();
      auto iy = ya.begin();
      for (; ix != xa.end() && iy != ya.end(); ++ix, ++iy) pending.emplace_back(*ix, *iy);
      if (ix != xa.end() || iy != ya.end()) return false;
    } else if (tx == T::OBJECT && ty == T::OBJECT) {
      if (x.get_object().get(xo) != simdjson::SUCCESS ||
          y.get_object().get(yo) != simdjson::SUCCESS) {
        return false;
      }
      const ShadowedMembers x_shadowed = shadowed_members(xo);
      if (kept_size(xo, x_shadowed) != kept_size(yo, shadowed_members(yo))) return false;
      std::size_t position = 0;
      for (auto ix = xo.begin(); ix != xo.end(); ++ix, ++position) {
        if (x_shadowed && (*x_shadowed)[position]) continue;
        const auto iy = last_value(yo, ix.key());
        if (!iy) return false;
        pending.emplace_back(ix.value(), *iy);
      }
    } else if (!scalars_equal(x, tx, y, ty)) {
      return false;  // also when only one of them is a container
    }
  }
  return true;
}

// What default-constructed adapters, arrays and objects refer to (valijson's
// adapters default to an empty object; asArray() on an empty object yields
// an empty array).
inline const simdjson::dom::element& empty_object();
inline const simdjson::dom::element& empty_array();

}  // namespace detail

// Iterates the values of a JSON array; dereferences to a SimdjsonAdapter.
class SimdjsonArrayValueIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = SimdjsonAdapter;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = SimdjsonAdapter;  // a proxy, returned by value

  SimdjsonArrayValueIterator() noexcept = default;
  SimdjsonArrayValueIterator(const simdjson::dom::array& array,
                             const simdjson::dom::array::iterator& position) noexcept
      : m_array(array), m_position(position) {}

  SimdjsonAdapter operator*() const noexcept;
  valijson::adapters::DerefProxy<SimdjsonAdapter> operator->() const noexcept;

  bool operator==(const SimdjsonArrayValueIterator& other) const noexcept {
    return m_position == other.m_position;
  }
  bool operator!=(const SimdjsonArrayValueIterator& other) const noexcept {
    return !(*this == other);
  }

  SimdjsonArrayValueIterator& operator++() noexcept {
    ++m_position;
    return *this;
  }
  SimdjsonArrayValueIterator operator++(int) noexcept {
    SimdjsonArrayValueIterator before = *this;
    ++m_position;
    return before;
  }

  // valijson's uniqueItems steps back once from end(). simdjson's tape can
  // only be walked forward, so this walks again from the start: O(n). A step
  // back from begin() stays at begin().
  SimdjsonArrayValueIterator& operator--() noexcept {
    auto previous = m_array.begin();
    for (auto it = previous; it != m_position; previous = it, ++it) {
    }
    m_position = previous;
    return *this;
  }

  // valijson's JSON-pointer and tuple `items` code jumps to an index.
  void advance(std::ptrdiff_t n) noexcept {
    for (; n > 0; --n) ++m_position;
    for (; n < 0; ++n) --*this;
  }

 private:
  simdjson::dom::array m_array;  // only needed by operator--
  simdjson::dom::array::iterator m_position;
};

// valijson's object member type; the key copy is forced by its interface.
using SimdjsonObjectMember = std::pair<std::string, SimdjsonAdapter>;

// Iterates the members of a JSON object. Dereferencing builds a
// SimdjsonObjectMember (copies the key); key() and value() do not allocate.
class SimdjsonObjectMemberIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = SimdjsonObjectMember;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = SimdjsonObjectMember;  // a proxy, returned by value

  SimdjsonObjectMemberIterator() noexcept = default;
  // Starts at `position` (member number `ordinal`), skipping the members
  // `shadowed` marks (null: none), up to `end`.
  SimdjsonObjectMemberIterator(const simdjson::dom::object::iterator& position,
                               const simdjson::dom::object::iterator& end, std::size_t ordinal,
                               detail::ShadowedMembers shadowed) noexcept
      : m_position(position), m_end(end), m_ordinal(ordinal), m_shadowed(std::move(shadowed)) {
    skip_shadowed();
  }

  SimdjsonObjectMember operator*() const;
  valijson::adapters::DerefProxy<SimdjsonObjectMember> operator->() const;

  std::string_view key() const noexcept { return m_position.key(); }
  SimdjsonAdapter value() const noexcept;

  bool operator==(const SimdjsonObjectMemberIterator& other) const noexcept {
    return m_position == other.m_position;
  }
  bool operator!=(const SimdjsonObjectMemberIterator& other) const noexcept {
    return !(*this == other);
  }

  SimdjsonObjectMemberIterator& operator++() noexcept {
    step();
    skip_shadowed();
    return *this;
  }
  SimdjsonObjectMemberIterator operator++(int) noexcept {
    SimdjsonObjectMemberIterator before = *this;
    ++*this;
    return before;
  }

 private:
  void step() noexcept {
    ++m_position;
    ++m_ordinal;
  }
  void skip_shadowed() noexcept {
    if (!m_shadowed) return;
    while (m_position != m_end && m_ordinal < m_shadowed->size() && (*m_shadowed)[m_ordinal]) step();
  }

  simdjson::dom::object::iterator m_position;
  simdjson::dom::object::iterator m_end;
  std::size_t m_ordinal = 0;
  detail::ShadowedMembers m_shadowed;
};

// A JSON array as an iterable container (valijson's ArrayType).
class SimdjsonArray {
 public:
  using const_iterator = SimdjsonArrayValueIterator;
  using iterator = SimdjsonArrayValueIterator;

  SimdjsonArray() noexcept {
    // empty_array() is an array: this cannot fail.
    [[maybe_unused]] const auto error = detail::empty_array().get_array().get(m_array);
  }
  // Throws std::runtime_error if `value` is not an array.
  explicit SimdjsonArray(const simdjson::dom::element& value) {
    if (value.get_array().get(m_array) != simdjson::SUCCESS) {
      valijson::throwRuntimeError("Value is not an array.");
    }
  }

  const_iterator begin() const noexcept { return {m_array, m_array.begin()}; }
  const_iterator end() const noexcept { return {m_array, m_array.end()}; }
  std::size_t size() const noexcept { return detail::exact_size(m_array); }

 private:
  simdjson::dom::array m_array;
};

// A JSON object as a container with lookup by key (valijson's ObjectType),
// as JSON readers keep it: of duplicate keys, only the last member is
// iterated, counted and found, so `required`, `properties`,
// `additionalProperties` and `minProperties` all judge the same object.
class SimdjsonObject {
 public:
  using const_iterator = SimdjsonObjectMemberIterator;
  using iterator = SimdjsonObjectMemberIterator;

  SimdjsonObject() noexcept {
    // empty_object() is an object: this cannot fail.
    [[maybe_unused]] const auto error = detail::empty_object().get_object().get(m_object);
  }
  // Throws std::runtime_error if `value` is not an object.
  explicit SimdjsonObject(const simdjson::dom::element& value) {
    if (value.get_object().get(m_object) != simdjson::SUCCESS) {
      valijson::throwRuntimeError("Value is not an object.");
    }
    m_shadowed = detail::shadowed_members(m_object);
  }

  const_iterator begin() const noexcept { return {m_object.begin(), m_object.end(), 0, m_shadowed}; }
  const_iterator end() const noexcept { return {m_object.end(), m_object.end(), 0, nullptr}; }
  std::size_t size() const noexcept { return detail::kept_size(m_object, m_shadowed); }

  // Linear scan comparing keys in place: no std::string is built, whether
  // valijson passes a std::string, a string literal or a c_str(). Of
  // duplicate keys, the last: JSON readers keep the last value, so that is
  // the one to validate.
  const_iterator find(std::string_view name) const noexcept {
    auto found = m_object.end();
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
      if (it.key() == name) found = it;
    }
    return {found, m_object.end(), 0, nullptr};
  }

 private:
  simdjson::dom::object m_object;
  detail::ShadowedMembers m_shadowed;
};

// Owned copy of a value for valijson's `enum` and `const` constraints.
class SimdjsonFrozenValue final : public valijson::adapters::FrozenValue {
 public:
  explicit SimdjsonFrozenValue(std::shared_ptr<const OwnedJson> value) noexcept
      : m_value(std::move(value)) {}

  // The copy is immutable, so clones share it.
  FrozenValue* clone() const override { return new SimdjsonFrozenValue(m_value); }
  bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override;

  const simdjson::dom::element& element() const noexcept { return m_value->root(); }

 private:
  std::shared_ptr<const OwnedJson> m_value;
};

// Typed access to one simdjson element (valijson's ValueType); BasicAdapter
// builds the Adapter interface, including its loose-typing casts, on top.
class SimdjsonValue {
 public:
  SimdjsonValue() noexcept : m_value(detail::empty_object()) {}
  explicit SimdjsonValue(const simdjson::dom::element& value) noexcept : m_value(value) {}

  valijson::adapters::FrozenValue* freeze() const {
    return new SimdjsonFrozenValue(OwnedJson::copy_of(m_value));
  }

  std::optional<SimdjsonArray> getArrayOptional() const {
    if (!isArray()) return std::nullopt;
    return SimdjsonArray(m_value);
  }
  bool getArraySize(std::size_t& result) const noexcept {
    simdjson::dom::array array;
    if (m_value.get_array().get(array) != simdjson::SUCCESS) return false;
    result = detail::exact_size(array);
    return true;
  }

  std::optional<SimdjsonObject> getObjectOptional() const {
    if (!isObject()) return std::nullopt;
    return SimdjsonObject(m_value);
  }
  bool getObjectSize(std::size_t& result) const {
    simdjson::dom::object object;
    if (m_value.get_object().get(object) != simdjson::SUCCESS) return false;
    result = detail::kept_size(object, detail::shadowed_members(object));
    return true;
  }

  bool getBool(bool& result) const noexcept {
    return m_value.get_bool().get(result) == simdjson::SUCCESS;
  }

  bool getString(std::string& result) const {
    std::string_view view;
    if (m_value.get_string().get(view) != simdjson::SUCCESS) return false;
    result.assign(view);
    return true;
  }

  // See the number model at the top of this file.
  bool getInteger(std::int64_t& result) const noexcept {
    using T = simdjson::dom::element_type;
    switch (m_value.type()) {
      case T::INT64:
        result = m_value.get_int64().value_unsafe();
        return true;
      case T::DOUBLE:
        return detail::double_to_int64(m_value.get_double().value_unsafe(), result);
      default:  // UINT64 is always above INT64_MAX
        return false;
    }
  }
  bool getDouble(double& result) const noexcept {
    if (!isDouble()) return false;
    using T = simdjson::dom::element_type;
    if (m_value.type() == T::UINT64) {
      result = static_cast<double>(m_value.get_uint64().value_unsafe());
    } else {
      result = m_value.get_double().value_unsafe();
    }
    return true;
  }

  static bool hasStrictTypes() noexcept { return true; }

  bool isArray() const noexcept { return m_value.type() == simdjson::dom::element_type::ARRAY; }
  bool isBool() const noexcept { return m_value.type() == simdjson::dom::element_type::BOOL; }
  bool isNull() const noexcept { return m_value.type() == simdjson::dom::element_type::NULL_VALUE; }
  bool isNumber() const noexcept { return detail::is_number_type(m_value.type()); }
  bool isObject() const noexcept { return m_value.type() == simdjson::dom::element_type::OBJECT; }
  bool isString() const noexcept { return m_value.type() == simdjson::dom::element_type::STRING; }

  bool isInteger() const noexcept {
    using T = simdjson::dom::element_type;
    switch (m_value.type()) {
      case T::INT64:
      case T::UINT64:
        return true;
      case T::DOUBLE: {
        const double d = m_value.get_double().value_unsafe();
        return std::isfinite(d) && std::trunc(d) == d;
      }
      default:
        return false;
    }
  }
  bool isDouble() const noexcept {
    using T = simdjson::dom::element_type;
    switch (m_value.type()) {
      case T::UINT64:
        return true;
      case T::DOUBLE: {
        std::int64_t ignored = 0;
        return !detail::double_to_int64(m_value.get_double().value_unsafe(), ignored);
      }
      default:
        return false;
    }
  }

 private:
  simdjson::dom::element m_value;
};

// The adapter valijson's SchemaParser and Validator are instantiated with.
//
//   valijson::Schema schema;
//   valijson::SchemaParser(valijson::SchemaParser::kDraft7)
//       .populateSchema(SimdjsonAdapter(schema_root), schema);
//   valijson::Validator validator;
//   bool ok = validator.validate(schema, SimdjsonAdapter(document_root), &results);
class SimdjsonAdapter final
    : public valijson::adapters::BasicAdapter<SimdjsonAdapter, SimdjsonArray, SimdjsonObjectMember,
                                              SimdjsonObject, SimdjsonValue> {
 public:
  // An empty object, like valijson's own adapters.
  SimdjsonAdapter() noexcept : BasicAdapter(), m_element(detail::empty_object()) {}
  explicit SimdjsonAdapter(const simdjson::dom::element& value) noexcept
      : BasicAdapter(SimdjsonValue(value)), m_element(value) {}

  // The wrapped element (BasicAdapter keeps its copy private), e.g. to map a
  // validation failure back to a source location.
  const simdjson::dom::element& element() const noexcept { return m_element; }

  // Strict comparison of two simdjson values is exact (see json_equal);
  // anything else keeps valijson's semantics.
  bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override {
    if (strict) {
      if (const auto* same = dynamic_cast<const SimdjsonAdapter*>(&other)) {
        return detail::json_equal(m_element, same->m_element);
      }
    }
    return BasicAdapter::equalTo(other, strict);
  }

 private:
  simdjson::dom::element m_element;
};

// ---- definitions that need every class above to be complete ----

inline std::shared_ptr<const OwnedJson> OwnedJson::parse_with(simdjson::dom::parser& parser,
                                                             std::string_view json,
                                                             simdjson::error_code& error) {
  std::shared_ptr<OwnedJson> owned(new OwnedJson());
  // parse_into_document copies the text into a padded buffer and leaves the
  // result in our document, which then no longer needs the parser.
  error = parser.parse_into_document(owned->m_document, json.data(), json.size()).get(owned->m_root);
  if (error != simdjson::SUCCESS) return nullptr;
  return owned;
}

inline std::shared_ptr<const OwnedJson> OwnedJson::parse(std::string_view json,
                                                        simdjson::error_code& error) {
  simdjson::dom::parser parser;
  return parse_with(parser, json, error);
}

inline std::shared_ptr<const OwnedJson> OwnedJson::copy_of(const simdjson::dom::element& value) {
  const std::string text = simdjson::to_string(value);
  // The source may come from a parser configured deeper than the default
  // 1024 levels; each level takes at least two bytes of text.
  simdjson::dom::parser parser;
  simdjson::error_code error = parser.allocate(
      text.size(), std::max<std::size_t>(simdjson::DEFAULT_MAX_DEPTH, text.size() / 2 + 1));
  std::shared_ptr<const OwnedJson> copy;
  if (error == simdjson::SUCCESS) copy = parse_with(parser, text, error);
  if (!copy) {
    valijson::throwRuntimeError(std::string("cannot copy JSON value: ") +
                                simdjson::error_message(error));
  }
  return copy;
}

namespace detail {

inline std::shared_ptr<const OwnedJson> parse_constant(std::string_view json) {
  simdjson::error_code error = simdjson::SUCCESS;
  std::shared_ptr<const OwnedJson> value = OwnedJson::parse(json, error);
  if (!value) throw std::logic_error(simdjson::error_message(error));
  return value;
}

// Function-local statics: constructed before, and so destroyed after, any
// adapter that refers to them.
inline const simdjson::dom::element& empty_object() {
  static const std::shared_ptr<const OwnedJson> value = parse_constant("{}");
  return value->root();
}

inline const simdjson::dom::element& empty_array() {
  static const std::shared_ptr<const OwnedJson> value = parse_constant("[]");
  return value->root();
}

}  // namespace detail

inline SimdjsonAdapter SimdjsonArrayValueIterator::operator*() const noexcept {
  return SimdjsonAdapter(*m_position);
}

inline valijson::adapters::DerefProxy<SimdjsonAdapter> SimdjsonArrayValueIterator::operator->()
    const noexcept {
  return valijson::adapters::DerefProxy<SimdjsonAdapter>(**this);
}

inline SimdjsonObjectMember SimdjsonObjectMemberIterator::operator*() const {
  return SimdjsonObjectMember(std::string(m_position.key()), SimdjsonAdapter(m_position.value()));
}

inline valijson::adapters::DerefProxy<SimdjsonObjectMember>
SimdjsonObjectMemberIterator::operator->() const {
  return valijson::adapters::DerefProxy<SimdjsonObjectMember>(**this);
}

inline SimdjsonAdapter SimdjsonObjectMemberIterator::value() const noexcept {
  return SimdjsonAdapter(m_position.value());
}

inline bool SimdjsonFrozenValue::equalTo(const valijson::adapters::Adapter& other,
                                         bool strict) const {
  return SimdjsonAdapter(m_value->root()).equalTo(other, strict);
}

}  // namespace ckimport::schema

template <>
struct valijson::adapters::AdapterTraits<ckimport::schema::SimdjsonAdapter> {
  // What a SchemaParser fetch callback returns a pointer to.
  using DocumentType = simdjson::dom::element;

  static std::string adapterName() { return "SimdjsonAdapter"; }
};
