#pragma once
// Checks a bundle as one: loads its snapshots, reads its files in dependency
// order (users, channels, members, messages) so every reference can be
// resolved when it is read, runs each file's own checks and the cross-file
// rules, and says once which reference checks could not be applied.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "check/file_checker.hpp"
#include "diag/sink.hpp"
#include "model/bundle.hpp"

namespace ckimport::check {

// A bundle to check, with the source of each file (standard input can stand
// for one of them).
struct BundleInput {
  model::Bundle bundle;
  // Per bundle.files[i]: a source to read instead of the file (stdin), or null.
  std::vector<std::unique_ptr<source::ByteSource>> sources;
  // Bytes to read instead of the file at a path that is not an import file
  // (a snapshot given on standard input).
  std::map<std::string, std::string> replaced;

  // The file at `path`, or what replaces it.
  std::unique_ptr<source::ByteSource> open(const std::string& path) const {
    const auto found = replaced.find(path);
    return found == replaced.end() ? source::open_file(path) : source::memory_source(found->second);
  }
};

class BundleChecker {
 public:
  explicit BundleChecker(FileChecker& files) : files_(files) {}

  // Checks the bundle; `flush` is called after each file so output streams.
  // Returns the number of import files read.
  std::size_t check(BundleInput& input, diag::Sink& sink, const std::function<void()>& flush);

 private:
  FileChecker& files_;
};

}  // namespace ckimport::check
