#pragma once
// Where a file's bytes come from. Files are read front to back in chunks
// (they can be gigabytes); random access is only needed to show the source
// line of a diagnostic, and is optional (a pipe cannot seek).
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace ckimport::source {

// A file that cannot be opened or read. The CLI turns it into exit status 2
// with `what()` as the one-line reason.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

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

// Opens a path for reading. Throws InputError with a reason a user can act on
// ("is a directory", "permission denied", "no such file").
std::unique_ptr<ByteSource> open_file(const std::string& path);

// A source over bytes already in memory (standard input, tests).
std::unique_ptr<ByteSource> memory_source(std::string bytes);

// Reads all of standard input.
std::string read_standard_input();

}  // namespace ckimport::source
