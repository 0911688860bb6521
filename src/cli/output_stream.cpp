#include "cli/output_stream.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

namespace ckimport::cli {
namespace {

constexpr std::size_t buffer_bytes = std::size_t{64} << 10;

std::string folder_of(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// The mode a new file gets from open(2) with 0666 under the umask, or the
// mode of the file being replaced: a report keeps the permissions its
// reader was given.
mode_t mode_for(const std::string& target) {
  struct stat existing {};
  if (::stat(target.c_str(), &existing) == 0) return existing.st_mode & 07777;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

FdBuffer::FdBuffer(int fd) : fd_(fd), buffer_(new char[buffer_bytes]) {
  setp(buffer_.get(), buffer_.get() + buffer_bytes);
}

FdBuffer::~FdBuffer() { drain(); }

bool FdBuffer::write_all(const char* data, std::size_t size) {
  while (size > 0 && error_ == 0) {
    const ssize_t written = ::write(fd_, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      break;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return error_ == 0;
}

bool FdBuffer::drain() {
  const bool ok = write_all(pbase(), static_cast<std::size_t>(pptr() - pbase()));
  setp(buffer_.get(), buffer_.get() + buffer_bytes);
  return ok;
}

FdBuffer::int_type FdBuffer::overflow(int_type c) {
  if (!drain()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

std::streamsize FdBuffer::xsputn(const char* data, std::streamsize size) {
  if (size <= 0) return 0;  // an empty string's data may be null: memcpy must not see it
  const auto room = epptr() - pptr();
  if (size <= room) {
    std::memcpy(pptr(), data, static_cast<std::size_t>(size));
    pbump(static_cast<int>(size));
    return size;
  }
  if (!drain() || !write_all(data, static_cast<std::size_t>(size))) return 0;
  return size;
}

int FdBuffer::sync() { return drain() ? 0 : -1; }

CommandOutput::CommandOutput() : buffer_(STDOUT_FILENO), stream_(&buffer_) {}

CommandOutput::CommandOutput(const std::string& path)
    : file_(source::TempFile(folder_of(path), "." + std::filesystem::path(path).filename().string() + ".")),
      target_(path),
      buffer_(file_->fd()),
      stream_(&buffer_) {}

CommandOutput::~CommandOutput() { stream_.flush(); }

std::optional<std::string> CommandOutput::finish(bool keep) {
  stream_.flush();
  if (buffer_.error() != 0) {
    const std::string reason = std::strerror(buffer_.error());
    return file_ ? "cannot write " + target_ + ": " + reason : reason;
  }
  if (file_ && keep) {
    try {
      file_->commit_as(target_, mode_for(target_));
    } catch (const source::TempFileError& e) {
      return e.what();
    }
  }
  return std::nullopt;
}

}  // namespace ckimport::cli
