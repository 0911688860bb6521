#include "lsp/json_out.hpp"

#include "source/utf8.hpp"

namespace ckimport::lsp {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80U) {
      const auto unit = source::utf8::next_unit(text, i);
      if (unit.valid()) {
        out.append(text.substr(i, unit.length));
      } else {
        out += "\xEF\xBF\xBD";  // U+FFFD
      }
      i += unit.length;
      continue;
    }
    switch (byte) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20U) {
          out += "\\u00";
          out += hex[byte >> 4U];
          out += hex[byte & 0xFU];
        } else {
          out += static_cast<char>(byte);
        }
    }
    ++i;
  }
  out += '"';
}

void JsonOut::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_members_.empty()) {
    if (has_members_.back()) out_ += ',';
    has_members_.back() = true;
  }
}

JsonOut& JsonOut::begin_object() {
  before_value();
  out_ += '{';
  has_members_.push_back(false);
  return *this;
}

JsonOut& JsonOut::end_object() {
  out_ += '}';
  has_members_.pop_back();
  return *this;
}

JsonOut& JsonOut::begin_array() {
  before_value();
  out_ += '[';
  has_members_.push_back(false);
  return *this;
}

JsonOut& JsonOut::end_array() {
  out_ += ']';
  has_members_.pop_back();
  return *this;
}

JsonOut& JsonOut::key(std::string_view name) {
  before_value();
  append_json_string(out_, name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonOut& JsonOut::string(std::string_view text) {
  before_value();
  append_json_string(out_, text);
  return *this;
}

JsonOut& JsonOut::number(std::int64_t value) {
  before_value();
  out_ += std::to_string(value);
  return *this;
}

JsonOut& JsonOut::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonOut& JsonOut::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonOut& JsonOut::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

}  // namespace ckimport::lsp
