#include "check/overlay.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <system_error>

namespace ckimport::check {

namespace fs = std::filesystem;

std::string resolved_path(const std::string& path) {
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) resolved = fs::absolute(path, ec).lexically_normal();
  return resolved.string();
}

std::string file_identity(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    return "inode " + std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino);
  }
  return "path " + resolved_path(path);
}

bool same_file(const std::string& a, const std::string& b) { return a == b || file_identity(a) == file_identity(b); }

void Overlay::add(const std::string& path, std::string bytes) {
  documents_[resolved_path(path)] = {path, std::make_shared<const std::string>(std::move(bytes)), nullptr};
}

void Overlay::add(const std::string& path, source::StandardInput input) {
  if (input.spilled) {
    documents_[resolved_path(path)] = {path, nullptr, std::move(input.spilled)};
  } else {
    add(path, std::move(input.bytes));
  }
}

void Overlay::remove(const std::string& path) { documents_.erase(resolved_path(path)); }

bool Overlay::contains(const std::string& path) const {
  return !documents_.empty() && documents_.contains(resolved_path(path));
}

const std::string* Overlay::find(const std::string& path) const {
  if (documents_.empty()) return nullptr;
  const auto found = documents_.find(resolved_path(path));
  return found == documents_.end() ? nullptr : found->second.bytes.get();
}

std::unique_ptr<source::ByteSource> Overlay::open(const std::string& path) const {
  if (!documents_.empty()) {
    const auto found = documents_.find(resolved_path(path));
    if (found != documents_.end()) {
      const Document& document = found->second;
      if (document.spilled) return source::spilled_source(document.spilled);
      return source::memory_source(document.bytes);
    }
  }
  return source::open_file(path);
}

std::vector<std::string> Overlay::paths() const {
  std::vector<std::string> out;
  for (const auto& [key, document] : documents_) out.push_back(document.path);
  return out;
}

}  // namespace ckimport::check
