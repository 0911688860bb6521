#include "fix/apply.hpp"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <random>

namespace ckimport::fix {
namespace {

// ---- TEMPORARY: local signal clean-up hook ---------------------------------
// To be replaced by source/temp_files.hpp (written in parallel) on
// integration. While a temporary file is registered, SIGINT and SIGTERM
// unlink it, restore the disposition they had before and re-raise, so the
// process ends as the signal would have ended it. A signal that was ignored
// when the first file was registered stays ignored. At most `hook_slots`
// files at once; beyond that a file is only removed on ordinary failures.
namespace temp_hook {

constexpr int hook_slots = 16;
struct Slot {
  std::atomic<bool> used{false};
  char path[PATH_MAX] = {};
};
std::array<Slot, hook_slots> slots;
std::mutex mutex;  // registration only, never taken in the handler
int active = 0;
constexpr std::array<int, 2> hooked_signals = {SIGINT, SIGTERM};
std::array<struct sigaction, 2> previous{};
std::array<bool, 2> installed{};

void on_signal(int signal_number) {
  for (Slot& slot : slots) {
    if (slot.used.load(std::memory_order_acquire)) ::unlink(slot.path);
  }
  for (std::size_t i = 0; i < hooked_signals.size(); ++i) {
    if (hooked_signals[i] == signal_number) ::sigaction(signal_number, &previous[i], nullptr);
  }
  ::raise(signal_number);
}

// A slot number, or -1 when none is free or the path is too long.
int add(const std::string& path) {
  const std::lock_guard<std::mutex> lock(mutex);
  if (path.size() >= PATH_MAX) return -1;
  for (int i = 0; i < hook_slots; ++i) {
    Slot& slot = slots[static_cast<std::size_t>(i)];
    if (slot.used.load(std::memory_order_relaxed)) continue;
    std::memcpy(slot.path, path.c_str(), path.size() + 1);
    slot.used.store(true, std::memory_order_release);
    if (active++ == 0) {
      for (std::size_t s = 0; s < hooked_signals.size(); ++s) {
        struct sigaction action {};
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        installed[s] = ::sigaction(hooked_signals[s], nullptr, &previous[s]) == 0 &&
                       previous[s].sa_handler != SIG_IGN &&
                       ::sigaction(hooked_signals[s], &action, nullptr) == 0;
      }
    }
    return i;
  }
  return -1;
}

void remove(int slot_number) {
  if (slot_number < 0) return;
  const std::lock_guard<std::mutex> lock(mutex);
  slots[static_cast<std::size_t>(slot_number)].used.store(false, std::memory_order_release);
  if (--active == 0) {
    for (std::size_t s = 0; s < hooked_signals.size(); ++s) {
      if (installed[s]) ::sigaction(hooked_signals[s], &previous[s], nullptr);
      installed[s] = false;
    }
  }
}

}  // namespace temp_hook
// ---- end of the temporary hook ---------------------------------------------

// The input ended before the edits did: the file is not what was checked.
class InputShorter : public FixError {
 public:
  using FixError::FixError;
};

// A system call on one of the files failed; `what()` says which step.
class SystemFailure : public std::runtime_error {
 public:
  SystemFailure(const std::string& step, int error)
      : std::runtime_error(step.empty() ? std::strerror(error) : step + ": " + std::strerror(error)) {}
};

void check_edits(const std::vector<Edit>& edits) {
  for (std::size_t i = 0; i < edits.size(); ++i) {
    if (edits[i].begin > edits[i].end) {
      throw std::invalid_argument("edit " + std::to_string(i) + " begins after it ends");
    }
    if (i > 0 && edits[i].begin < edits[i - 1].end) {
      throw std::invalid_argument("edit " + std::to_string(i) +
                                  " overlaps or comes before the edit before it");
    }
  }
}

// Reads an open file descriptor; read errors are SystemFailure.
class FdSource final : public source::ByteSource {
 public:
  FdSource(int fd, std::uint64_t size) : fd_(fd), size_(size) {}

  std::size_t read(char* buffer, std::size_t capacity) override {
    for (;;) {
      const ssize_t n = ::read(fd_, buffer, capacity);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR) throw SystemFailure("cannot read it", errno);
    }
  }

  bool read_at(std::uint64_t, std::size_t, std::string&) override { return false; }
  std::optional<std::uint64_t> size() const override { return size_; }

 private:
  int fd_;
  std::uint64_t size_;
};

// Writes to a file descriptor through a buffer of apply_buffer_size bytes;
// write errors are SystemFailure with errno's reason alone ("No space left on
// device", "File too large").
class FdSink final : public ByteSink {
 public:
  explicit FdSink(int fd) : fd_(fd) { buffer_.reserve(apply_buffer_size); }

  void write(std::string_view bytes) override {
    if (buffer_.size() + bytes.size() > apply_buffer_size) flush();
    if (bytes.size() >= apply_buffer_size) {
      write_all(bytes);
    } else {
      buffer_.append(bytes);
    }
  }

  void flush() {
    write_all(buffer_);
    buffer_.clear();
  }

 private:
  void write_all(std::string_view bytes) const {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        throw SystemFailure("", errno);
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  int fd_;
  std::string buffer_;
};

FileIdentity identity_of(const struct stat& info) {
  FileIdentity id;
  id.device = static_cast<std::uint64_t>(info.st_dev);
  id.inode = static_cast<std::uint64_t>(info.st_ino);
  id.size = static_cast<std::uint64_t>(info.st_size);
  id.mtime_sec = static_cast<std::int64_t>(info.st_mtim.tv_sec);
  id.mtime_nsec = static_cast<std::int64_t>(info.st_mtim.tv_nsec);
  id.ctime_sec = static_cast<std::int64_t>(info.st_ctim.tv_sec);
  id.ctime_nsec = static_cast<std::int64_t>(info.st_ctim.tv_nsec);
  return id;
}

std::string file_type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

class Descriptor {
 public:
  explicit Descriptor(int fd = -1) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() { reset(); }
  int get() const { return fd_; }
  // Closes now; the result of close(2), which reports late write errors.
  int reset() {
    const int result = fd_ >= 0 ? ::close(fd_) : 0;
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

// The temporary file next to the target; removed unless committed.
class TempFile {
 public:
  TempFile(int dir_fd, std::string folder, const std::string& target_name) : dir_fd_(dir_fd) {
    // Hidden, named after the target (cut so the name stays under NAME_MAX),
    // with a random part; O_EXCL makes it ours alone.
    std::random_device entropy;
    const std::string base = "." + target_name.substr(0, 200) + ".ckimport-";
    for (int attempt = 0; attempt < 100; ++attempt) {
      name_ = base + std::to_string(entropy()) + std::to_string(entropy() % 100000U);
      path_ = folder + "/" + name_;
      slot_ = temp_hook::add(path_);
      const int fd = ::openat(dir_fd_, name_.c_str(),
                              O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
      if (fd >= 0) {
        fd_ = fd;
        return;
      }
      const int error = errno;
      temp_hook::remove(slot_);
      slot_ = -1;
      if (error != EEXIST) throw SystemFailure("cannot create a file in its folder " + folder, error);
    }
    throw SystemFailure("cannot create a file in its folder " + folder, EEXIST);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlinkat(dir_fd_, name_.c_str(), 0);
    temp_hook::remove(slot_);
  }

  int fd() const { return fd_; }
  const std::string& name() const { return name_; }
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }
  // The file now has the target's name: nothing to remove any more.
  void committed() {
    committed_ = true;
    temp_hook::remove(slot_);
    slot_ = -1;
  }

 private:
  int dir_fd_;
  std::string name_;
  std::string path_;
  int fd_ = -1;
  int slot_ = -1;
  bool committed_ = false;
};

}  // namespace

FileChanged::FileChanged(const std::string& path)
    : FixError(path + " changed while ckimport read it; not fixed") {}

void apply_edits(source::ByteSource& input, const std::vector<Edit>& edits, ByteSink& out,
                 std::size_t buffer_size) {
  check_edits(edits);
  if (buffer_size == 0) throw std::invalid_argument("apply_edits: buffer size 0");
  const auto buffer = std::make_unique<char[]>(buffer_size);
  std::uint64_t pos = 0;      // offset of the next byte of the input
  std::uint64_t skip_to = 0;  // bytes before this offset are being replaced
  std::size_t next = 0;       // the first edit not started
  const auto start_edits_here = [&] {
    while (next < edits.size() && edits[next].begin == pos) {
      out.write(edits[next].replacement);
      skip_to = edits[next].end;
      ++next;
    }
  };
  for (;;) {
    const std::size_t n = input.read(buffer.get(), buffer_size);
    if (n == 0) break;
    std::size_t i = 0;
    while (i < n) {
      if (pos >= skip_to) start_edits_here();
      const std::size_t left = n - i;
      if (pos < skip_to) {
        const auto skip = static_cast<std::size_t>(std::min<std::uint64_t>(left, skip_to - pos));
        i += skip;
        pos += skip;
        continue;
      }
      std::size_t copy = left;
      if (next < edits.size()) {
        copy = static_cast<std::size_t>(std::min<std::uint64_t>(left, edits[next].begin - pos));
      }
      out.write(std::string_view(buffer.get() + i, copy));
      i += copy;
      pos += copy;
    }
  }
  if (pos >= skip_to) start_edits_here();
  if (pos < skip_to || next < edits.size()) {
    const std::uint64_t wanted = next < edits.size() ? edits[next].begin : skip_to;
    throw InputShorter("the input ended at byte " + std::to_string(pos) + "; the edits reach byte " +
                       std::to_string(wanted));
  }
}

std::string apply_edits(std::string_view text, const std::vector<Edit>& edits) {
  check_edits(edits);
  if (!edits.empty() && edits.back().end > text.size()) {
    throw std::invalid_argument("an edit ends at byte " + std::to_string(edits.back().end) +
                                ", after the end of the text (" + std::to_string(text.size()) + ")");
  }
  std::size_t size = text.size();
  for (const Edit& edit : edits) size = size - (edit.end - edit.begin) + edit.replacement.size();
  std::string out;
  out.reserve(size);
  std::size_t copied_to = 0;
  for (const Edit& edit : edits) {
    out.append(text.substr(copied_to, edit.begin - copied_to));
    out.append(edit.replacement);
    copied_to = edit.end;
  }
  out.append(text.substr(copied_to));
  return out;
}

FileIdentity identify_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw FixError("cannot fix " + path + ": " + std::strerror(errno));
  }
  return identity_of(info);
}

void replace_file(const std::string& path, const FileIdentity& read_identity,
                  const std::vector<Edit>& edits) {
  check_edits(edits);
  if (edits.empty()) return;
  if (edits.back().end > read_identity.size) {
    throw std::invalid_argument("an edit ends at byte " + std::to_string(edits.back().end) +
                                ", after the end of the file as it was read (" +
                                std::to_string(read_identity.size) + ")");
  }
  const auto refuse = [&](const std::string& reason) {
    return FixError("cannot fix " + path + ": " + reason);
  };

  // Which file is replaced: the path itself, or what its links lead to.
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) throw refuse(std::strerror(errno));
  std::string target = path;
  if (S_ISLNK(info.st_mode)) {
    const std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr),
                                                                &std::free);
    if (!resolved) {
      if (errno == ENOENT) throw refuse("it is a symbolic link to a file that does not exist");
      throw refuse(std::string("cannot resolve its symbolic link: ") + std::strerror(errno));
    }
    target = resolved.get();
    if (::lstat(target.c_str(), &info) != 0) throw refuse(std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) throw refuse(file_type_name(info.st_mode) + ", not a regular file");
  if (info.st_nlink > 1) {
    throw refuse("it has " + std::to_string(info.st_nlink) +
                 " hard links; replacing it would leave the other names with the old content");
  }
  if (identity_of(info) != read_identity) throw FileChanged(path);
  const bool root = ::geteuid() == 0;
  if (!root && info.st_uid != ::geteuid()) {
    throw refuse("it belongs to another user (uid " + std::to_string(info.st_uid) +
                 "); the fixed file would belong to you");
  }

  const auto slash = target.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : target.substr(0, slash);
  const std::string name = slash == std::string::npos ? target : target.substr(slash + 1);

  try {
    const Descriptor original(
        ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY));
    if (original.get() < 0) throw SystemFailure("cannot read it", errno);
    struct stat opened {};
    if (::fstat(original.get(), &opened) != 0) throw SystemFailure("cannot read it", errno);
    if (identity_of(opened) != read_identity) throw FileChanged(path);

    const Descriptor dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0) throw SystemFailure("cannot open its folder " + folder, errno);
    TempFile temp(dir.get(), folder, name);

    // Owner first: chown clears set-user-ID and set-group-ID bits.
    struct stat made {};
    if (::fstat(temp.fd(), &made) != 0) throw SystemFailure("", errno);
    if (root) {
      if (::fchown(temp.fd(), info.st_uid, info.st_gid) != 0) {
        throw SystemFailure("cannot give the fixed file its owner", errno);
      }
    } else if (made.st_gid != info.st_gid && ::fchown(temp.fd(), static_cast<uid_t>(-1), info.st_gid) != 0) {
      throw SystemFailure("cannot give the fixed file its group (gid " + std::to_string(info.st_gid) + ")",
                          errno);
    }

    FdSource in(original.get(), static_cast<std::uint64_t>(opened.st_size));
    FdSink out(temp.fd());
    try {
      apply_edits(in, edits, out);
    } catch (const InputShorter&) {
      throw FileChanged(path);
    }
    out.flush();
    if (::fchmod(temp.fd(), info.st_mode & 07777) != 0) {
      throw SystemFailure("cannot give the fixed file its mode", errno);
    }
    if (::fsync(temp.fd()) != 0) throw SystemFailure("", errno);
    if (temp.close() != 0) throw SystemFailure("", errno);

    // Still the file that was checked, under the same name?
    struct stat now {};
    if (::fstat(original.get(), &now) != 0 || identity_of(now) != read_identity) throw FileChanged(path);
    if (::lstat(target.c_str(), &now) != 0 || identity_of(now) != read_identity) throw FileChanged(path);
    if (target != path) {
      const std::unique_ptr<char, decltype(&std::free)> again(::realpath(path.c_str(), nullptr), &std::free);
      if (!again || target != again.get()) throw FileChanged(path);
    }

    if (::renameat(dir.get(), temp.name().c_str(), dir.get(), name.c_str()) != 0) {
      throw SystemFailure("cannot replace it", errno);
    }
    temp.committed();
    if (::fsync(dir.get()) != 0 && errno != EINVAL) {
      throw FixError(path + ": fixed, but its folder could not be synced to disk: " + std::strerror(errno));
    }
  } catch (const SystemFailure& e) {
    throw refuse(e.what());
  }
}

}  // namespace ckimport::fix
