#pragma once
// Documents held in memory that stand for files: standard input named by
// --stdin-filename (or its copy in a temporary file, when it is large), an
// editor's unsaved buffers. Every file of a check is
// opened through the overlay, so a document in it is read instead of the
// file on disk wherever the file is needed (as an import file, a snapshot,
// ckimport.json, or context for another file), and a document whose file
// does not exist yet is a file of its bundle all the same.
//
// Paths are compared as the file system would resolve them (absolute, with
// symbolic links followed where they exist), so `./users.json`,
// `users.json` and `/abs/users.json` name one document.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "source/byte_source.hpp"

namespace ckimport::check {

class Overlay {
 public:
  // Adds or replaces the document at `path`.
  void add(const std::string& path, std::string bytes);
  // The same for standard input as source::read_standard_input() read it:
  // in memory, or spilled to a temporary file that the overlay keeps.
  void add(const std::string& path, source::StandardInput input);
  void remove(const std::string& path);

  bool contains(const std::string& path) const;
  // The bytes of the document at `path` when it is held in memory; nullptr
  // when there is none or it was spilled (open() reads both).
  const std::string* find(const std::string& path) const;

  // The document at `path`, else the file on disk (source::open_file, which
  // throws source::InputError for what cannot be read).
  std::unique_ptr<source::ByteSource> open(const std::string& path) const;

  // The paths of the documents, as they were added.
  std::vector<std::string> paths() const;
  bool empty() const { return documents_.empty(); }

 private:
  struct Document {
    std::string path;  // as added
    std::shared_ptr<const std::string> bytes;       // in memory, or
    std::shared_ptr<const source::TempFile> spilled;  // in a temporary file
  };
  std::map<std::string, Document> documents_;  // by resolved path
};

// `path` as the overlay compares paths: absolute, normalised, symbolic
// links of the part that exists followed.
std::string resolved_path(const std::string& path);

// A key that two paths share exactly when they name the same file: its
// device and inode when it exists, else its resolved_path() (an overlay
// document with no file yet). Computed once per path, it lets a bundle of
// 10,000 files match the files named on the command line in linear time.
std::string file_identity(const std::string& path);

// Whether two paths name the same file (or the same overlay document).
bool same_file(const std::string& a, const std::string& b);

}  // namespace ckimport::check
