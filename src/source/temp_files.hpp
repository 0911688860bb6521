#pragma once
// Temporary files that do not outlive the run: removed by their destructor,
// and, once install_temp_file_cleanup() has run, when SIGINT, SIGTERM or
// SIGHUP ends the process (or exit() skips the destructors). Spilling a
// check's bookkeeping to disk must never leave gigabytes behind in $TMPDIR.
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ckimport::source {

// A temporary file that cannot be created, written, read or renamed (a full
// disk, a missing or read-only folder). Its what() is one line naming the
// file and the system's reason, for the CLI's `ckimport: ...` (exit 2).
class TempFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// $TMPDIR when it is set and not empty, else /tmp.
std::string default_temp_folder();

// How many temporary files can exist at once in a process: the signal
// handlers cannot allocate, so the paths they remove live in a fixed table
// (this many slots of PATH_MAX bytes, in static storage). TempFile throws
// TempFileError beyond it.
inline constexpr std::size_t max_live_temp_files = 64;

// An open temporary file, `FOLDER/PREFIXxxxxxx` (mode 0600, close-on-exec),
// registered for removal until destroyed, released or committed.
//
// For writing a file in place safely, create it beside the target
// (TempFile(folder_of(target), ".name.")), write, then commit_as(target,
// mode): readers see the old file or the new one, never a part.
class TempFile {
 public:
  explicit TempFile(const std::string& folder = default_temp_folder(),
                    std::string_view prefix = "ckimport-");
  TempFile(TempFile&& other) noexcept;
  TempFile& operator=(TempFile&& other) noexcept;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  // Closes and removes the file (unless released or committed).
  ~TempFile();

  // Appends all `size` bytes (retrying partial writes), or throws
  // TempFileError ("cannot write temporary file PATH: No space left on
  // device"); what was written before the failure stays until destruction.
  void write(const void* data, std::size_t size);
  // Reads exactly `size` bytes at `offset`; throws TempFileError on a read
  // error or when the file is shorter.
  void read_at(std::uint64_t offset, void* out, std::size_t size) const;
  // Bytes written so far (where the next write() goes).
  std::uint64_t size() const { return size_; }
  // Empty once moved from, released or committed.
  const std::string& path() const { return path_; }
  int fd() const { return fd_; }

  // Makes this file `target`: mode set to `mode`, data flushed (fsync), then
  // rename(2) over `target`, which is atomic within one file system (so
  // create the TempFile in target's folder). The folder itself is not
  // fsync'ed: after a power cut the rename may be undone, never half done.
  // Afterwards this object is empty. Throws TempFileError; the temporary
  // file is then still removed by the destructor.
  void commit_as(const std::string& target, mode_t mode);
  // Keeps the file: it is closed and no longer removed by anyone. Returns
  // its path; this object is then empty.
  std::string release();

 private:
  void close_and_forget();
  int fd_ = -1;
  int slot_ = -1;  // index in the cleanup registry, -1: not registered
  std::string path_;
  std::uint64_t size_ = 0;
};

// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove every live
// TempFile and then re-raise the signal with its default action, so the
// process still dies of it (a shell shows 128+N); and an atexit() hook for
// exit() calls that skip destructors. Signals that are ignored (nohup) stay
// ignored. Idempotent and thread-safe; call it early in main. A forked child
// inherits the registry, so it would also remove its parent's files.
void install_temp_file_cleanup();

}  // namespace ckimport::source
