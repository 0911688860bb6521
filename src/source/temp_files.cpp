#include "source/temp_files.hpp"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace ckimport::source {
namespace {

// The paths a signal handler removes. A handler may run on any thread at any
// moment, so it only reads a slot it has claimed with a compare-and-swap:
//   free -> filling (a constructor owns it) -> live -> free (the destructor)
//                                                   -> unlinking (a handler)
// The constructor blocks the cleanup signals on its own thread while a slot is
// `filling`, so a handler that sees `filling` runs on another thread and can
// wait for it to become live (see remove_live_files).
enum SlotState : int { free_slot, filling, live, unlinking };

struct Slot {
  std::atomic<int> state{free_slot};
  char path[PATH_MAX]{};
};
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler needs lock-free atomics");

constinit Slot registry[max_live_temp_files];

constexpr int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

// Async-signal-safe: atomics, unlink and nanosleep only. A slot still being
// filled by another thread is waited for, up to about 100 ms, so a file
// created at the moment of the signal is not left behind.
void remove_live_files() {
  for (int round = 0; round < 100; ++round) {
    bool pending = false;
    for (Slot& slot : registry) {
      int expected = live;
      if (slot.state.compare_exchange_strong(expected, unlinking)) {
        ::unlink(slot.path);
      } else if (expected == filling) {
        pending = true;
      }
    }
    if (!pending) return;
    const timespec pause{0, 1'000'000};
    ::nanosleep(&pause, nullptr);
  }
}

void remove_live_files_and_die(int signal_number) {
  remove_live_files();
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  ::sigemptyset(&default_action.sa_mask);
  ::sigaction(signal_number, &default_action, nullptr);
  // Blocked while this handler runs; delivered, with the default action, as
  // soon as it returns.
  ::raise(signal_number);
}

sigset_t cleanup_signal_set() {
  sigset_t set;
  ::sigemptyset(&set);
  for (const int s : cleanup_signals) ::sigaddset(&set, s);
  return set;
}

// Keeps this thread's handlers out while a registry slot is half written.
class CleanupSignalsBlocked {
 public:
  CleanupSignalsBlocked() {
    const sigset_t set = cleanup_signal_set();
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  CleanupSignalsBlocked(const CleanupSignalsBlocked&) = delete;
  CleanupSignalsBlocked& operator=(const CleanupSignalsBlocked&) = delete;
  ~CleanupSignalsBlocked() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

std::string reason(int error) { return std::system_category().message(error); }

void forget_slot(int slot) {
  int expected = live;
  // Fails only when a handler has claimed the slot: the process is ending.
  registry[slot].state.compare_exchange_strong(expected, free_slot);
}

}  // namespace

std::string default_temp_folder() {
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
}

TempFile::TempFile(const std::string& folder, std::string_view prefix) {
  path_ = folder;
  if (path_.empty() || path_.back() != '/') path_ += '/';
  path_.append(prefix).append("XXXXXX");
  if (path_.size() >= PATH_MAX) {
    throw TempFileError(fmt::format("cannot create a temporary file in {}: the path is too long", folder));
  }
  const CleanupSignalsBlocked blocked;
  int slot = -1;
  for (std::size_t i = 0; i < max_live_temp_files && slot < 0; ++i) {
    int expected = free_slot;
    if (registry[i].state.compare_exchange_strong(expected, filling)) slot = static_cast<int>(i);
  }
  if (slot < 0) {
    throw TempFileError(fmt::format("cannot create a temporary file in {}: more than {} at once",
                                    folder, max_live_temp_files));
  }
  Slot& entry = registry[slot];
  // mkostemp fills in the name in the slot itself, so the file never exists
  // without a registered path.
  std::memcpy(entry.path, path_.c_str(), path_.size() + 1);
  const int fd = ::mkostemp(entry.path, O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    entry.state.store(free_slot);
    throw TempFileError(fmt::format("cannot create a temporary file in {}: {}", folder, reason(error)));
  }
  std::memcpy(path_.data(), entry.path, path_.size());
  fd_ = fd;
  slot_ = slot;
  entry.state.store(live);
}

TempFile::TempFile(TempFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      slot_(std::exchange(other.slot_, -1)),
      path_(std::move(other.path_)),
      size_(std::exchange(other.size_, 0)) {
  other.path_.clear();
}

TempFile& TempFile::operator=(TempFile&& other) noexcept {
  if (this != &other) {
    if (slot_ >= 0) ::unlink(path_.c_str());
    close_and_forget();
    fd_ = std::exchange(other.fd_, -1);
    slot_ = std::exchange(other.slot_, -1);
    path_ = std::move(other.path_);
    other.path_.clear();
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

TempFile::~TempFile() {
  // Unlinked before the slot is freed: a signal in between finds the path
  // still registered and removes nothing that exists.
  if (slot_ >= 0) ::unlink(path_.c_str());
  close_and_forget();
}

void TempFile::close_and_forget() {
  if (fd_ >= 0) ::close(fd_);
  if (slot_ >= 0) forget_slot(slot_);
  fd_ = -1;
  slot_ = -1;
  path_.clear();
  size_ = 0;
}

void TempFile::write(const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd_, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // A write of 0 bytes to a regular file means no room for more.
      throw TempFileError(fmt::format("cannot write temporary file {}: {}", path_,
                                      reason(n < 0 ? errno : ENOSPC)));
    }
    const auto written = static_cast<std::size_t>(n);
    bytes += written;
    size -= written;
    size_ += written;
  }
}

void TempFile::read_at(std::uint64_t offset, void* out, std::size_t size) const {
  char* bytes = static_cast<char*>(out);
  while (size > 0) {
    const ssize_t n = ::pread(fd_, bytes, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw TempFileError(fmt::format("cannot read temporary file {}: {}", path_, reason(errno)));
    if (n == 0) {
      throw TempFileError(fmt::format("cannot read temporary file {}: it is shorter than written", path_));
    }
    const auto got = static_cast<std::size_t>(n);
    bytes += got;
    size -= got;
    offset += got;
  }
}

void TempFile::commit_as(const std::string& target, mode_t mode) {
  if (::fchmod(fd_, mode) != 0 || ::fsync(fd_) != 0) {
    throw TempFileError(fmt::format("cannot write temporary file {}: {}", path_, reason(errno)));
  }
  if (::rename(path_.c_str(), target.c_str()) != 0) {
    throw TempFileError(fmt::format("cannot rename {} to {}: {}", path_, target, reason(errno)));
  }
  close_and_forget();
}

std::string TempFile::release() {
  std::string path = std::move(path_);
  close_and_forget();
  return path;
}

void install_temp_file_cleanup() {
  static const bool installed = [] {
    for (const int s : cleanup_signals) {
      struct sigaction old {};
      ::sigaction(s, nullptr, &old);
      if (old.sa_handler == SIG_IGN) continue;
      struct sigaction action {};
      action.sa_handler = remove_live_files_and_die;
      // One handler at a time: a second signal waits for the first's clean-up.
      action.sa_mask = cleanup_signal_set();
      ::sigaction(s, &action, nullptr);
    }
    std::atexit(remove_live_files);
    return true;
  }();
  static_cast<void>(installed);
}

}  // namespace ckimport::source
