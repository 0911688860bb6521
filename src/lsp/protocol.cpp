#include "lsp/protocol.hpp"

#include <algorithm>

namespace ckimport::lsp {

std::string_view to_string(PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::utf8: return "utf-8";
    case PositionEncoding::utf16: return "utf-16";
    case PositionEncoding::utf32: return "utf-32";
  }
  return "utf-16";
}

source::ColumnUnit column_unit(PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::utf8: return source::ColumnUnit::bytes;
    case PositionEncoding::utf16: return source::ColumnUnit::utf16;
    case PositionEncoding::utf32: return source::ColumnUnit::code_points;
  }
  return source::ColumnUnit::utf16;
}

PositionEncoding choose_encoding(const std::optional<std::vector<std::string>>& offered) {
  if (offered && std::find(offered->begin(), offered->end(), "utf-8") != offered->end()) {
    return PositionEncoding::utf8;
  }
  return PositionEncoding::utf16;
}

LspPosition to_lsp(const source::Position& position, PositionEncoding encoding) {
  const auto line = position.line.value;
  const auto column = position.column_in(column_unit(encoding)).value;
  return {line > 0 ? line - 1 : 0, column > 0 ? column - 1 : 0};
}

LspPosition position_at(const source::LineIndex& index, std::uint64_t offset, PositionEncoding encoding) {
  return to_lsp(index.position_of(offset), encoding);
}

std::uint64_t offset_at(const source::LineIndex& index, std::string_view text, LspPosition position,
                        PositionEncoding encoding) {
  if (position.line >= index.line_count()) return text.size();
  // 1-based, saturating: a client can send any number.
  const std::uint64_t character =
      position.character == UINT64_MAX ? position.character : position.character + 1;
  std::uint64_t offset = index.offset_of(position.line + 1, character, column_unit(encoding));
  // The end of a line that ends in "\r\n" is before the "\r".
  if (offset > 0 && offset < text.size() && text[offset] == '\n' && text[offset - 1] == '\r') --offset;
  return offset;
}

LspRange range_at(const source::LineIndex& index, std::uint64_t begin, std::uint64_t end, PositionEncoding encoding) {
  return {position_at(index, begin, encoding), position_at(index, end, encoding)};
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> uri_to_path(std::string_view uri) {
  constexpr std::string_view scheme = "file://";
  if (uri.size() < scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    const char c = uri[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != scheme[i]) return std::nullopt;
  }
  std::string_view rest = uri.substr(scheme.size());
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view host = rest.substr(0, slash);
  if (!host.empty() && host != "localhost") return std::nullopt;
  rest = rest.substr(slash);
  // A query or fragment is not part of the path.
  rest = rest.substr(0, rest.find_first_of("?#"));
  std::string path;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && hex_value(rest[i + 1]) >= 0 && hex_value(rest[i + 2]) >= 0) {
      path += static_cast<char>(hex_value(rest[i + 1]) * 16 + hex_value(rest[i + 2]));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  if (path.find('\0') != std::string::npos) return std::nullopt;
  return path;
}

std::string path_to_uri(std::string_view path) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool keep = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
                      byte == '-' || byte == '.' || byte == '_' || byte == '~' || byte == '/';
    if (keep) {
      uri += c;
    } else {
      uri += '%';
      uri += hex[byte >> 4U];
      uri += hex[byte & 0xFU];
    }
  }
  return uri;
}

int lsp_severity(diag::Severity severity) {
  switch (severity) {
    case diag::Severity::error: return 1;
    case diag::Severity::warning: return 2;
    case diag::Severity::note: return 3;
  }
  return 1;
}

std::string lsp_message(const diag::Diagnostic& d) {
  std::string text = d.message;
  if (d.help) text += "\nhelp: " + *d.help;
  return text;
}

void write_position(JsonOut& out, LspPosition position) {
  out.begin_object();
  out.key("line").number(static_cast<std::int64_t>(std::min<std::uint64_t>(position.line, INT32_MAX)));
  out.key("character").number(static_cast<std::int64_t>(std::min<std::uint64_t>(position.character, INT32_MAX)));
  out.end_object();
}

void write_range(JsonOut& out, LspRange range) {
  out.begin_object();
  out.key("start");
  write_position(out, range.start);
  out.key("end");
  write_position(out, range.end);
  out.end_object();
}

}  // namespace ckimport::lsp
