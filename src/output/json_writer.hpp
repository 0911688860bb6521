#pragma once
// A small streaming JSON writer, shared by the json and sarif renderers.
//
// Why streaming: a run over a large bundle can report many diagnostics, and
// the renderers write each one as it arrives instead of building a document
// in memory.
//
// Why its own: the output must be valid UTF-8 JSON whatever bytes a user's
// file put into a path or a message, so every string goes through one
// escaper (RFC 8259) that replaces ill-formed UTF-8 with U+FFFD.
//
// Misuse (a value where a key is due, an unbalanced end_*) is a bug in the
// caller and throws std::logic_error.
#include <concepts>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ckimport::output {

// Appends `text` as a JSON string literal, quotes included: `"` and `\` are
// escaped, \b \f \n \r \t use their short forms, the other control characters
// U+0000..U+001F become \u00XX, and each ill-formed UTF-8 sequence becomes
// U+FFFD. Everything else, non-ASCII included, is copied as UTF-8.
void append_json_string(std::string& out, std::string_view text);
std::string json_string(std::string_view text);

class JsonWriter {
 public:
  // indent: spaces per level; 0 writes compact JSON on one line.
  explicit JsonWriter(std::ostream& out, unsigned indent = 2);

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);  // inside an object, before each value
  JsonWriter& string(std::string_view text);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  JsonWriter& number(std::int64_t value);
  JsonWriter& number(std::uint64_t value);
  template <std::integral T>
  requires(!std::same_as<T, bool>) JsonWriter& number(T value) {
    if constexpr (std::is_signed_v<T>) {
      return number(static_cast<std::int64_t>(value));
    } else {
      return number(static_cast<std::uint64_t>(value));
    }
  }

  // True once one whole top-level value has been written.
  [[nodiscard]] bool complete() const { return complete_; }

 private:
  struct Level {
    bool object = false;
    std::size_t count = 0;  // members or elements written so far
    bool have_key = false;  // an object's key is written and awaits its value
  };
  void before_value();
  void after_value();
  void newline(std::size_t depth);
  void close(bool object);

  std::ostream& out_;
  unsigned indent_;
  std::vector<Level> stack_;
  bool complete_ = false;
  std::string scratch_;
};

}  // namespace ckimport::output
