#pragma once
// Paths for machine consumers (SARIF, GitHub annotations), which want them
// relative to the repository root, and as URIs for SARIF.
//
// RenderOptions::base_dir is the directory relative paths are relative to
// (normally the working directory; in CI the checkout). Everything here is
// lexical: nothing touches the file system, so symlinks are not resolved.
#include <optional>
#include <string>
#include <string_view>

namespace ckimport::output::detail {

// `file` relative to base_dir when it is an absolute path under base_dir, a
// relative path lexically normalised ("./a//b.json" -> "a/b.json") when it
// stays inside base_dir, and otherwise `file` as given.
std::string path_relative_to_base(std::string_view file, std::string_view base_dir);

// Percent-encodes every byte outside RFC 3986's unreserved set and '/'.
std::string percent_encode_path(std::string_view path);

struct ArtifactUri {
  std::string uri;       // a URI reference, ASCII only
  bool relative = true;  // true: relative to SRCROOT (uriBaseId "SRCROOT")
};
// The SARIF artifactLocation.uri of a diagnostic's file: relative to base_dir
// where the file is inside it, else an absolute file:// URI (when the path is
// absolute or base_dir is known), else the relative reference as is.
ArtifactUri artifact_uri(std::string_view file, std::string_view base_dir);

// "file:///abs/base/" for an absolute base_dir, with the trailing slash SARIF
// requires; nullopt when base_dir is empty or not absolute.
std::optional<std::string> directory_file_uri(std::string_view base_dir);

}  // namespace ckimport::output::detail
