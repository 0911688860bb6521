#include "output/json_writer.hpp"

#include <stdexcept>

#include "source/utf8.hpp"

namespace ckimport::output {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20U && byte < 0x80U) {  // printable ASCII: the common case
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
      ++pos;
      continue;
    }
    if (byte < 0x20U) {
      out.push_back('\\');
      switch (c) {
        case '\b':
          out.push_back('b');
          break;
        case '\f':
          out.push_back('f');
          break;
        case '\n':
          out.push_back('n');
          break;
        case '\r':
          out.push_back('r');
          break;
        case '\t':
          out.push_back('t');
          break;
        default:
          out.append("u00");
          out.push_back(hex[byte >> 4U]);
          out.push_back(hex[byte & 0xFU]);
          break;
      }
      ++pos;
      continue;
    }
    const source::utf8::Unit unit = source::utf8::next_unit(text, pos);
    if (unit.valid()) {
      out.append(text.substr(pos, unit.length));
    } else {
      source::utf8::append(out, source::utf8::replacement_character);
    }
    pos += unit.length;
  }
  out.push_back('"');
}

std::string json_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_json_string(out, text);
  return out;
}

JsonWriter::JsonWriter(std::ostream& out, unsigned indent) : out_(out), indent_(indent) {}

void JsonWriter::newline(std::size_t depth) {
  if (indent_ == 0) return;
  out_.put('\n');
  for (std::size_t i = 0; i < depth * indent_; ++i) out_.put(' ');
}

void JsonWriter::before_value() {
  if (complete_) throw std::logic_error("JsonWriter: a second top-level value");
  if (stack_.empty()) return;
  Level& level = stack_.back();
  if (level.object) {
    if (!level.have_key) throw std::logic_error("JsonWriter: a value in an object needs a key");
    return;  // key() wrote the separator and the indentation
  }
  if (level.count > 0) out_.put(',');
  newline(stack_.size());
}

void JsonWriter::after_value() {
  if (stack_.empty()) {
    complete_ = true;
    return;
  }
  Level& level = stack_.back();
  ++level.count;
  level.have_key = false;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (stack_.empty() || !stack_.back().object) throw std::logic_error("JsonWriter: a key outside an object");
  Level& level = stack_.back();
  if (level.have_key) throw std::logic_error("JsonWriter: two keys in a row");
  if (level.count > 0) out_.put(',');
  newline(stack_.size());
  scratch_.clear();
  append_json_string(scratch_, name);
  out_ << scratch_ << (indent_ == 0 ? ":" : ": ");
  level.have_key = true;
  return *this;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_.put('{');
  stack_.push_back(Level{true, 0, false});
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_.put('[');
  stack_.push_back(Level{false, 0, false});
  return *this;
}

void JsonWriter::close(bool object) {
  if (stack_.empty() || stack_.back().object != object) {
    throw std::logic_error(object ? "JsonWriter: end_object without begin_object"
                                  : "JsonWriter: end_array without begin_array");
  }
  if (stack_.back().have_key) throw std::logic_error("JsonWriter: a key without a value");
  const bool empty = stack_.back().count == 0;
  stack_.pop_back();
  if (!empty) newline(stack_.size());
  out_.put(object ? '}' : ']');
  after_value();
}

JsonWriter& JsonWriter::end_object() {
  close(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  close(false);
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  before_value();
  scratch_.clear();
  append_json_string(scratch_, text);
  out_ << scratch_;
  after_value();
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ << (value ? "true" : "false");
  after_value();
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ << "null";
  after_value();
  return *this;
}

JsonWriter& JsonWriter::number(std::int64_t value) {
  before_value();
  out_ << std::to_string(value);
  after_value();
  return *this;
}

JsonWriter& JsonWriter::number(std::uint64_t value) {
  before_value();
  out_ << std::to_string(value);
  after_value();
  return *this;
}

}  // namespace ckimport::output
