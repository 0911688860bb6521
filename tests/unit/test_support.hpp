#pragma once
// Helpers shared by unit tests that touch the file system: a temporary
// folder removed at the end of the test, and writing files into it.
//
// Every TempDir is a fresh mkdtemp() folder, so test cases that ctest runs in
// parallel (one process per case) never see each other's files.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace ckimport::test {

class TempDir {
 public:
  TempDir() {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / "ckimport-unit-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    // Files made unreadable by a test must not stop the clean-up.
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(
             path_, std::filesystem::directory_options::skip_permission_denied, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_symlink(ec)) {
        ::chmod(it->path().c_str(), it->is_directory(ec) ? 0700 : 0600);
      }
    }
    std::filesystem::remove_all(path_, ec);
  }

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // An absolute path inside the folder, as a string.
  std::string operator/(std::string_view relative) const { return (path_ / relative).string(); }

  // Writes `content` to `relative`, creating the folders on the way.
  std::string write(std::string_view relative, std::string_view content = "[]") const {
    const std::filesystem::path file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("cannot write " + file.string());
    return file.string();
  }

  std::string mkdir(std::string_view relative) const {
    const std::filesystem::path dir = path_ / relative;
    std::filesystem::create_directories(dir);
    return dir.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace ckimport::test
