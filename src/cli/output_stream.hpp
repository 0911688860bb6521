#pragma once
// Where a command's product goes: standard output, or the file --output
// names. Either way a write that fails (a full disk, a closed pipe) is kept,
// with the system's reason, so the run can end in exit status 2 saying so:
// a report that was not written must never look like a clean run.
#include <cerrno>
#include <memory>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>

#include "source/temp_files.hpp"

namespace ckimport::cli {

// A streambuf over a file descriptor that remembers the first failed write
// (errno), and writes nothing more after it.
class FdBuffer final : public std::streambuf {
 public:
  explicit FdBuffer(int fd);
  FdBuffer(const FdBuffer&) = delete;
  FdBuffer& operator=(const FdBuffer&) = delete;
  ~FdBuffer() override;

  // The first write error's errno; 0 when every write succeeded.
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override;
  int sync() override;
  std::streamsize xsputn(const char* data, std::streamsize size) override;

 private:
  bool drain();
  bool write_all(const char* data, std::size_t size);
  int fd_;
  int error_ = 0;
  std::unique_ptr<char[]> buffer_;
};

// The stream a command writes to. finish() flushes it and, for --output,
// puts the file in place (temporary file beside it, then rename): a run
// that fails leaves the previous report, never half of a new one.
class CommandOutput {
 public:
  // Standard output.
  CommandOutput();
  // --output PATH; throws source::TempFileError when no temporary file can
  // be made beside it.
  explicit CommandOutput(const std::string& path);
  CommandOutput(const CommandOutput&) = delete;
  CommandOutput& operator=(const CommandOutput&) = delete;
  ~CommandOutput();

  std::ostream& stream() { return stream_; }

  // Flushes; with `keep` and an --output file, renames it over its target.
  // Returns why the output could not be written ("No space left on device",
  // "cannot rename ..."), or nullopt.
  std::optional<std::string> finish(bool keep);

 private:
  std::optional<source::TempFile> file_;
  std::string target_;
  FdBuffer buffer_;
  std::ostream stream_;
};

}  // namespace ckimport::cli
