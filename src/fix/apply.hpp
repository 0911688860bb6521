#pragma once
// Turning a file's planned edits (fix/edit_plan.hpp) into the fixed file.
//
// Every byte outside an edit is copied as it is: line endings, escapes,
// invalid UTF-8, a BOM no edit removes. Files are read and written in one
// pass through a bounded buffer, whatever their size.
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fix/edit_plan.hpp"
#include "source/byte_source.hpp"

namespace ckimport::fix {

// Why a file could not be fixed. `what()` is one line, e.g.
// "cannot fix data/users.json: No space left on device". When it is thrown
// the file is as it was and no temporary file is left behind.
class FixError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The file changed between the moment its FileIdentity was taken and the
// moment it would have been replaced: "PATH changed while ckimport read it;
// not fixed". Checking again gives fixes that match what is there now.
class FileChanged : public FixError {
 public:
  explicit FileChanged(const std::string& path);
};

// Where fixed bytes go.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void write(std::string_view bytes) = 0;
};

// Appends to a string (in-memory documents, tests).
class StringSink final : public ByteSink {
 public:
  explicit StringSink(std::string& out) : out_(out) {}
  void write(std::string_view bytes) override { out_.append(bytes); }

 private:
  std::string& out_;
};

// Writes to a stream (standard output, for --diff).
class OstreamSink final : public ByteSink {
 public:
  explicit OstreamSink(std::ostream& out) : out_(out) {}
  void write(std::string_view bytes) override { out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); }

 private:
  std::ostream& out_;
};

// Size of the one buffer apply_edits reads into.
constexpr std::size_t apply_buffer_size = std::size_t{1} << 20;

// Copies `input` from where it is to its end into `out`, with `edits`
// applied. The edits must be sorted by (begin, end) and must not overlap
// (insertions at one point are applied in the order given), as plan_edits
// returns them; offsets count from the first byte `input` gives. Reads with
// `buffer_size`-byte reads only (never read_at), writes slices of that buffer
// and the replacements.
// Throws std::invalid_argument for edits out of order or reversed, FixError
// when the input ends before an edit does (it is shorter than planned), and
// lets the source's and sink's exceptions through.
void apply_edits(source::ByteSource& input, const std::vector<Edit>& edits, ByteSink& out,
                 std::size_t buffer_size = apply_buffer_size);

// The same for a document in memory (standard input, editors). Throws
// std::invalid_argument for bad edits, including one past the end of `text`.
std::string apply_edits(std::string_view text, const std::vector<Edit>& edits);

// What a file was when ckimport first looked at it. Taken BEFORE the file is
// opened for checking, so that any change during the check shows too.
// Changes are found by metadata, not content: a rewrite of the same size in
// the same timestamp tick (a few ms on some file systems) is not seen.
struct FileIdentity {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t mtime_sec = 0;
  std::int64_t mtime_nsec = 0;
  std::int64_t ctime_sec = 0;  // also changes on chmod, chown, link, and a
  std::int64_t ctime_nsec = 0; // write that puts mtime back (touch -d)
  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

// The identity of the file `path` names, symbolic links followed (what a
// check reads). Throws FixError ("cannot fix PATH: No such file or
// directory").
FileIdentity identify_file(const std::string& path);

// Replaces the file `path` with its bytes with `edits` applied (sorted as
// plan_edits returns them), atomically: the fixed bytes go to a temporary
// file in the same folder, which is fsynced, given the original's mode, then
// rename(2)d over the original, and the folder is fsynced. Readers see the
// old file or the new one, never a part; a crash leaves the old one.
// Nothing is written when `edits` is empty. Edits out of order or past the
// size in `read_identity` are a std::invalid_argument.
//
// Policies (each refusal is a FixError "cannot fix PATH: REASON"):
//  - a symbolic link is resolved and its final target is replaced in the
//    target's folder; the link stays a link (as ruff, black and prettier
//    write through links). A dangling link is an error;
//  - a file with more than one hard link is refused: a rename replaces one
//    name and the other names would silently keep the old bytes;
//  - anything but a regular file (FIFO, device, folder) is refused;
//  - owner: root gives the new file the original's owner and group; any
//    other user is refused for a file owned by someone else (the new file
//    would be theirs), and for a group they cannot give the new file;
//  - a folder in which no file can be created (read-only, no permission)
//    is refused, with the system's reason;
//  - if the file's identity is not `read_identity` any more, before or after
//    writing, FileChanged is thrown and nothing is replaced. Between that
//    last check and the rename there is a window of a few system calls that
//    no check can close without locks.
// Extended attributes and ACLs are not copied.
// On any failure (disk full, file size limit, read error, permission) the
// original is untouched and the temporary file removed; a SIGINT or SIGTERM
// while writing removes it too, then ends the process as the signal would.
// A failure to fsync the folder after the rename is reported, but the file is
// then already fixed.
void replace_file(const std::string& path, const FileIdentity& read_identity,
                  const std::vector<Edit>& edits);

}  // namespace ckimport::fix
