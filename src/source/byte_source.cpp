#include "source/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ckimport::source {
namespace {

std::string describe_errno(int error) {
  switch (error) {
    case ENOENT: return "no such file or directory";
    case EACCES: return "permission denied";
    case EISDIR: return "is a directory";
    case ELOOP: return "too many levels of symbolic links";
    default: return std::strerror(error);
  }
}

// Why a path cannot be looked up: errno's reason, or for a symbolic link
// whose target is missing, that (ENOENT alone would say the link is missing).
std::string describe_stat_errno(const std::string& path, int error) {
  struct stat link {};
  if (error == ENOENT && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    return "a dangling symbolic link (its target does not exist)";
  }
  return describe_errno(error);
}

std::string file_type_name(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file or folder";
}

class FileSource final : public ByteSource {
 public:
  FileSource(int fd, std::string path, bool seekable, std::optional<std::uint64_t> size)
      : fd_(fd), path_(std::move(path)), seekable_(seekable), size_(size) {}
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  ~FileSource() override { ::close(fd_); }

  std::size_t read(char* buffer, std::size_t capacity) override {
    for (;;) {
      const ssize_t n = ::read(fd_, buffer, capacity);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EINTR) continue;
      throw InputError(path_ + ": cannot read: " + describe_errno(errno));
    }
  }

  bool read_at(std::uint64_t offset, std::size_t length, std::string& out) override {
    if (!seekable_) return false;
    out.resize(length);
    std::size_t done = 0;
    while (done < length) {
      const ssize_t n = ::pread(fd_, out.data() + done, length - done,
                                static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    out.resize(done);
    return true;
  }

  std::optional<std::uint64_t> size() const override { return size_; }

 private:
  int fd_;
  std::string path_;
  bool seekable_;
  std::optional<std::uint64_t> size_;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::shared_ptr<const std::string> bytes) : bytes_(std::move(bytes)) {}

  std::size_t read(char* buffer, std::size_t capacity) override {
    const std::size_t n = std::min(capacity, bytes_->size() - position_);
    std::memcpy(buffer, bytes_->data() + position_, n);
    position_ += n;
    return n;
  }

  bool read_at(std::uint64_t offset, std::size_t length, std::string& out) override {
    if (offset >= bytes_->size()) {
      out.clear();
      return true;
    }
    const auto start = static_cast<std::size_t>(offset);
    out.assign(*bytes_, start, std::min(length, bytes_->size() - start));
    return true;
  }

  std::optional<std::uint64_t> size() const override { return bytes_->size(); }

 private:
  std::shared_ptr<const std::string> bytes_;
  std::size_t position_ = 0;
};

}  // namespace

PathKind path_kind(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) throw InputError(path + ": " + describe_stat_errno(path, errno));
  if (S_ISDIR(info.st_mode)) return PathKind::directory;
  if (!S_ISREG(info.st_mode)) throw NotRegularFile(path, file_type_name(info.st_mode));
  return PathKind::regular_file;
}

std::unique_ptr<ByteSource> open_file(const std::string& path) {
  // Looked at before it is opened: opening a FIFO would release a writer
  // waiting for a reader, and a device may act on open.
  struct stat before {};
  if (::stat(path.c_str(), &before) != 0) {
    throw InputError(path + ": cannot open: " + describe_stat_errno(path, errno));
  }
  if (S_ISDIR(before.st_mode)) throw InputError(path + ": is a directory, not a file");
  if (!S_ISREG(before.st_mode)) throw NotRegularFile(path, file_type_name(before.st_mode));
  // O_NONBLOCK so that a path swapped for a FIFO since the stat() does not
  // hang the open; it is cleared again right after.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) throw InputError(path + ": cannot open: " + describe_errno(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    throw InputError(path + ": cannot open: " + describe_errno(error));
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    throw InputError(path + ": is a directory, not a file");
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    throw NotRegularFile(path, file_type_name(info.st_mode));
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return std::make_unique<FileSource>(fd, path, true, static_cast<std::uint64_t>(info.st_size));
}

std::unique_ptr<ByteSource> memory_source(std::string bytes) {
  return memory_source(std::make_shared<const std::string>(std::move(bytes)));
}

std::unique_ptr<ByteSource> memory_source(std::shared_ptr<const std::string> bytes) {
  return std::make_unique<MemorySource>(std::move(bytes));
}

namespace {

class TailSource final : public ByteSource {
 public:
  TailSource(ByteSource& whole, std::uint64_t from) : whole_(whole), from_(from) {}

  std::size_t read(char* buffer, std::size_t capacity) override {
    if (!whole_.read_at(from_ + position_, capacity, scratch_)) {
      throw InputError("cannot read the file again from offset " + std::to_string(from_ + position_));
    }
    std::memcpy(buffer, scratch_.data(), scratch_.size());
    position_ += scratch_.size();
    return scratch_.size();
  }

  bool read_at(std::uint64_t offset, std::size_t length, std::string& out) override {
    return whole_.read_at(from_ + offset, length, out);
  }

  std::optional<std::uint64_t> size() const override {
    const auto whole = whole_.size();
    if (!whole) return std::nullopt;
    return *whole > from_ ? *whole - from_ : 0;
  }

 private:
  ByteSource& whole_;
  std::uint64_t from_;
  std::uint64_t position_ = 0;
  std::string scratch_;
};

}  // namespace

std::unique_ptr<ByteSource> tail_source(ByteSource& whole, std::uint64_t from) {
  return std::make_unique<TailSource>(whole, from);
}

std::string read_standard_input() {
  std::string data;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError("<stdin>: cannot read: " + describe_errno(errno));
    if (n == 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  return data;
}

StandardInput read_standard_input(std::size_t memory_limit, const std::string& temp_folder) {
  StandardInput input;
  std::shared_ptr<TempFile> spill;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError("<stdin>: cannot read: " + describe_errno(errno));
    if (n == 0) break;
    const auto got = static_cast<std::size_t>(n);
    if (!spill && input.bytes.size() + got > memory_limit) {
      // Over the limit: what was kept goes first, then the rest as it comes.
      spill = std::make_shared<TempFile>(temp_folder, "ckimport-stdin-");
      spill->write(input.bytes.data(), input.bytes.size());
      std::string().swap(input.bytes);
    }
    if (spill) {
      spill->write(buffer, got);
    } else {
      input.bytes.append(buffer, got);
    }
  }
  input.spilled = std::move(spill);
  return input;
}

namespace {

class SpilledSource final : public ByteSource {
 public:
  explicit SpilledSource(std::shared_ptr<const TempFile> file) : file_(std::move(file)) {}

  std::size_t read(char* buffer, std::size_t capacity) override {
    const std::size_t n = read_at_most(position_, buffer, capacity);
    position_ += n;
    return n;
  }

  bool read_at(std::uint64_t offset, std::size_t length, std::string& out) override {
    out.resize(length);
    out.resize(read_at_most(offset, out.data(), length));
    return true;
  }

  std::optional<std::uint64_t> size() const override { return file_->size(); }

 private:
  // Fewer than `capacity` bytes only at the end of the file.
  std::size_t read_at_most(std::uint64_t offset, char* out, std::size_t capacity) const {
    std::size_t done = 0;
    while (done < capacity) {
      const ssize_t n = ::pread(file_->fd(), out + done, capacity - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw InputError("<stdin>: cannot read its copy " + file_->path() + ": " + describe_errno(errno));
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    return done;
  }

  std::shared_ptr<const TempFile> file_;
  std::uint64_t position_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> spilled_source(std::shared_ptr<const TempFile> file) {
  return std::make_unique<SpilledSource>(std::move(file));
}

}  // namespace ckimport::source
