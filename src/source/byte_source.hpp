#pragma once
// Where a file's bytes come from. Files are read front to back in chunks
// (they can be gigabytes); random access is only needed to show the source
// line of a diagnostic, and is optional (a pipe cannot seek).
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "source/temp_files.hpp"

namespace ckimport::source {

// A file that cannot be opened or read. The CLI turns it into exit status 2
// with `what()` as the one-line reason.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A path that names a FIFO, a device, a socket: not a file. Reading one may
// never end (/dev/zero), or take the data a writer meant for someone else,
// or leave a writer blocked; the CLI adds how to check a stream instead.
class NotRegularFile : public InputError {
 public:
  NotRegularFile(const std::string& path, const std::string& what)
      : InputError(path + ": not a regular file (" + what + ")"), path_(path) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

enum class PathKind { regular_file, directory };

// What `path` names once symbolic links are followed, looked at without
// opening it. Throws InputError when it cannot be looked up ("PATH: no such
// file or directory", "PATH: too many levels of symbolic links", "PATH: a
// dangling symbolic link") and NotRegularFile when it is neither a regular
// file nor a folder.
PathKind path_kind(const std::string& path);

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` bytes into `buffer`; 0 means end of input.
  // Throws InputError on a read error.
  virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
  // Copies up to `length` bytes at `offset` into `out` (fewer at the end of
  // the file). False when this source cannot read at random.
  virtual bool read_at(std::uint64_t offset, std::size_t length, std::string& out) = 0;
  // Total size when known in advance (regular files), for progress reports.
  virtual std::optional<std::uint64_t> size() const = 0;
};

// Opens a regular file for reading. Throws InputError with a reason a user can
// act on ("is a directory", "permission denied", "no such file"), and
// NotRegularFile for a FIFO, device or socket, which it does not open.
std::unique_ptr<ByteSource> open_file(const std::string& path);

// A source over bytes already in memory (standard input, tests).
std::unique_ptr<ByteSource> memory_source(std::string bytes);
// The same over bytes it shares (an overlay's document, read by several
// checks without a copy each).
std::unique_ptr<ByteSource> memory_source(std::shared_ptr<const std::string> bytes);

// The bytes of `whole` from `from` on, read at random from it (which must
// support read_at and outlive the result): for reading again from the middle
// of a file. Offsets of the result count from `from`.
std::unique_ptr<ByteSource> tail_source(ByteSource& whole, std::uint64_t from);

// Reads all of standard input.
std::string read_standard_input();

// Standard input read to its end through a bounded buffer: kept in memory
// while it is at most `memory_limit` bytes (`bytes`), else copied on to a
// temporary file in `temp_folder` as it is read (`spilled`, which then holds
// all of it, and `bytes` nothing), so that a 10 GB stream costs a buffer, not
// 10 GB. Throws InputError (reading) and TempFileError (the temporary file).
struct StandardInput {
  std::string bytes;
  std::shared_ptr<const TempFile> spilled;
};
StandardInput read_standard_input(std::size_t memory_limit, const std::string& temp_folder);

// A source over a spilled standard input (read_standard_input above), read
// again and at random from the temporary file, which it keeps alive.
std::unique_ptr<ByteSource> spilled_source(std::shared_ptr<const TempFile> file);

}  // namespace ckimport::source
