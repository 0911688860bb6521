#include "output/paths.hpp"

#include <filesystem>

namespace ckimport::output::detail {

namespace {

namespace fs = std::filesystem;

bool escapes_upward(const fs::path& relative) { return relative.empty() || *relative.begin() == ".."; }

bool is_absolute_dir(std::string_view base_dir) {
  return !base_dir.empty() && fs::path(std::string(base_dir)).is_absolute();
}

// The path relative to the base directory when it lies inside it.
std::optional<std::string> inside_base(std::string_view file, std::string_view base_dir) {
  const fs::path path(std::string{file});
  if (path.is_absolute()) {
    if (!is_absolute_dir(base_dir)) return std::nullopt;
    const fs::path rel = path.lexically_normal().lexically_relative(fs::path(std::string(base_dir)).lexically_normal());
    if (escapes_upward(rel) || rel == ".") return std::nullopt;
    return rel.generic_string();
  }
  const fs::path normal = path.lexically_normal();
  if (escapes_upward(normal) || normal == "." || normal.has_root_path()) return std::nullopt;
  return normal.generic_string();
}

std::string absolute_file_uri(const fs::path& absolute) {
  return "file://" + percent_encode_path(absolute.lexically_normal().generic_string());
}

}  // namespace

std::string path_relative_to_base(std::string_view file, std::string_view base_dir) {
  if (auto rel = inside_base(file, base_dir)) return *rel;
  return std::string(file);
}

std::string percent_encode_path(std::string_view path) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved || c == '/') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(hex[byte >> 4U]);
      out.push_back(hex[byte & 0xFU]);
    }
  }
  return out;
}

ArtifactUri artifact_uri(std::string_view file, std::string_view base_dir) {
  if (auto rel = inside_base(file, base_dir)) return ArtifactUri{percent_encode_path(*rel), true};
  const fs::path path(std::string{file});
  if (path.is_absolute()) return ArtifactUri{absolute_file_uri(path), false};
  if (is_absolute_dir(base_dir)) return ArtifactUri{absolute_file_uri(fs::path(std::string(base_dir)) / path), false};
  return ArtifactUri{percent_encode_path(path.lexically_normal().generic_string()), true};
}

std::optional<std::string> directory_file_uri(std::string_view base_dir) {
  if (!is_absolute_dir(base_dir)) return std::nullopt;
  std::string uri = absolute_file_uri(fs::path(std::string(base_dir)));
  if (uri.back() != '/') uri.push_back('/');
  return uri;
}

}  // namespace ckimport::output::detail
