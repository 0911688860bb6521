// source::open_file and source::memory_source: errors a user can act on,
// sequential reads, random reads and sizes.

#include "source/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <future>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "../test_support.hpp"

namespace {

using ckimport::source::ByteSource;
using ckimport::source::InputError;
using ckimport::source::memory_source;
using ckimport::source::NotRegularFile;
using ckimport::source::open_file;
using ckimport::source::path_kind;
using ckimport::source::PathKind;
using ckimport::test::TempDir;

// The message of the InputError that open_file(path) throws ("" when none).
std::string open_error(const std::string& path) {
  try {
    open_file(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// Everything `source` still has to give, read `piece` bytes at a time.
std::string read_rest(ByteSource& source, std::size_t piece) {
  std::string out;
  std::string buffer(piece, '\0');
  for (;;) {
    const std::size_t n = source.read(buffer.data(), piece);
    REQUIRE(n <= piece);
    if (n == 0) return out;
    out.append(buffer, 0, n);
  }
}

}  // namespace

TEST_CASE("open_file: a missing file says no such file", "[source][byte_source]") {
  const TempDir dir;
  const std::string path = dir / "missing.json";
  CHECK(open_error(path) == path + ": cannot open: no such file or directory");
}

TEST_CASE("open_file: a missing folder on the way says no such file", "[source][byte_source]") {
  const TempDir dir;
  const std::string path = dir / "nope/users.json";
  CHECK(open_error(path) == path + ": cannot open: no such file or directory");
}

TEST_CASE("open_file: a directory is refused as a directory", "[source][byte_source]") {
  const TempDir dir;
  const std::string path = dir.mkdir("users.json");
  CHECK(open_error(path) == path + ": is a directory, not a file");
}

TEST_CASE("open_file: an unreadable file says permission denied", "[source][byte_source]") {
  if (::geteuid() == 0) {
    WARN("running as root, which can read a mode 000 file: permission case skipped");
    return;
  }
  const TempDir dir;
  const std::string path = dir.write("users.json", "[]");
  REQUIRE(::chmod(path.c_str(), 0) == 0);
  CHECK(open_error(path) == path + ": cannot open: permission denied");
}

TEST_CASE("open_file: a symbolic link loop says too many levels of links", "[source][byte_source]") {
  const TempDir dir;
  const std::string a = dir / "a.json";
  const std::string b = dir / "b.json";
  REQUIRE(::symlink(b.c_str(), a.c_str()) == 0);
  REQUIRE(::symlink(a.c_str(), b.c_str()) == 0);
  CHECK(open_error(a) == a + ": cannot open: too many levels of symbolic links");
}

TEST_CASE("open_file: a regular file is read front to back in pieces", "[source][byte_source]") {
  const TempDir dir;
  const std::string text = "[{\"name\": \"a\"},\n {\"name\": \"b\"}]\n";
  const std::string path = dir.write("users.json", text);
  for (const std::size_t piece : {1U, 3U, 7U, 64U, 4096U}) {
    auto source = open_file(path);
    INFO("piece " << piece);
    CHECK(read_rest(*source, piece) == text);
    // At the end it stays at the end.
    char c = 0;
    CHECK(source->read(&c, 1) == 0);
  }
}

TEST_CASE("open_file: size() is the file size; an empty file reads nothing",
          "[source][byte_source]") {
  const TempDir dir;
  auto source = open_file(dir.write("users.json", "0123456789"));
  REQUIRE(source->size().has_value());
  CHECK(*source->size() == 10);

  auto empty = open_file(dir.write("empty.json", ""));
  REQUIRE(empty->size().has_value());
  CHECK(*empty->size() == 0);
  char buffer[8];
  CHECK(empty->read(buffer, sizeof buffer) == 0);
}

TEST_CASE("open_file: read_at reads at random, short at the end, empty past it",
          "[source][byte_source]") {
  const TempDir dir;
  auto source = open_file(dir.write("users.json", "hello world"));
  std::string out = "junk that must be replaced";
  REQUIRE(source->read_at(6, 5, out));
  CHECK(out == "world");
  REQUIRE(source->read_at(0, 5, out));
  CHECK(out == "hello");
  REQUIRE(source->read_at(6, 100, out));
  CHECK(out == "world");
  REQUIRE(source->read_at(10, 1, out));
  CHECK(out == "d");
  REQUIRE(source->read_at(11, 4, out));
  CHECK(out.empty());
  REQUIRE(source->read_at(1000, 4, out));
  CHECK(out.empty());
  REQUIRE(source->read_at(3, 0, out));
  CHECK(out.empty());
}

TEST_CASE("open_file: read_at does not move the sequential read position",
          "[source][byte_source]") {
  const TempDir dir;
  auto source = open_file(dir.write("users.json", "abcdefgh"));
  char buffer[3];
  REQUIRE(source->read(buffer, 3) == 3);
  CHECK(std::string(buffer, 3) == "abc");
  std::string out;
  REQUIRE(source->read_at(6, 2, out));
  CHECK(out == "gh");
  CHECK(read_rest(*source, 16) == "defgh");
}

TEST_CASE("open_file: a FIFO is refused without being opened", "[source][byte_source]") {
  const TempDir dir;
  const std::string path = dir / "pipe.json";
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  // Refused at once, with no writer: the open does not wait for one.
  auto opened = std::async(std::launch::async, [&path] { return open_error(path); });
  const bool finished = opened.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  if (!finished) {
    const int fd = ::open(path.c_str(), O_WRONLY);
    if (fd >= 0) ::close(fd);
  }
  CHECK(finished);
  CHECK(opened.get() == path + ": not a regular file (a FIFO)");
  // A writer waiting for a reader is not released by it either.
  const int writer = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
  CHECK(writer < 0);
  CHECK(errno == ENXIO);
  if (writer >= 0) ::close(writer);
}

TEST_CASE("open_file: a character device is refused, whatever it would give", "[source][byte_source]") {
  CHECK(open_error("/dev/null") == "/dev/null: not a regular file (a character device)");
  CHECK(open_error("/dev/zero") == "/dev/zero: not a regular file (a character device)");
  try {
    open_file("/dev/zero");
    FAIL("no exception");
  } catch (const NotRegularFile& e) {
    CHECK(e.path() == "/dev/zero");
  }
}

TEST_CASE("open_file: a dangling symbolic link says so", "[source][byte_source]") {
  const TempDir dir;
  const std::string link = dir / "users.json";
  REQUIRE(::symlink((dir / "gone.json").c_str(), link.c_str()) == 0);
  CHECK(open_error(link) == link + ": cannot open: a dangling symbolic link (its target does not exist)");
}

TEST_CASE("path_kind: files and folders pass; the rest is refused with its reason", "[source][byte_source]") {
  const TempDir dir;
  CHECK(path_kind(dir.write("users.json", "[]")) == PathKind::regular_file);
  CHECK(path_kind(dir.mkdir("bundle")) == PathKind::directory);
  const auto error = [](const std::string& path) -> std::string {
    try {
      path_kind(path);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  const std::string fifo = dir / "pipe.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(error(fifo) == fifo + ": not a regular file (a FIFO)");
  CHECK(error("/dev/null") == "/dev/null: not a regular file (a character device)");
  CHECK(error(dir / "missing.json") == (dir / "missing.json") + ": no such file or directory");
  const std::string a = dir / "a.json";
  const std::string b = dir / "b.json";
  REQUIRE(::symlink(b.c_str(), a.c_str()) == 0);
  REQUIRE(::symlink(a.c_str(), b.c_str()) == 0);
  CHECK(error(a) == a + ": too many levels of symbolic links");
}
TEST_CASE("memory_source: reads in pieces, then 0 at the end", "[source][byte_source]") {
  const std::string text = "[\"\xC3\xA9\", 1, null]";
  for (const std::size_t piece : {1U, 2U, 5U, 100U}) {
    auto source = memory_source(text);
    INFO("piece " << piece);
    CHECK(read_rest(*source, piece) == text);
    char c = 0;
    CHECK(source->read(&c, 1) == 0);
  }
}

TEST_CASE("memory_source: an empty source reads nothing and has size 0", "[source][byte_source]") {
  auto source = memory_source("");
  REQUIRE(source->size().has_value());
  CHECK(*source->size() == 0);
  char c = 0;
  CHECK(source->read(&c, 1) == 0);
  std::string out = "x";
  REQUIRE(source->read_at(0, 1, out));
  CHECK(out.empty());
}

TEST_CASE("memory_source: size, and read_at like a file's", "[source][byte_source]") {
  auto source = memory_source("hello world");
  REQUIRE(source->size().has_value());
  CHECK(*source->size() == 11);
  std::string out = "junk";
  REQUIRE(source->read_at(6, 5, out));
  CHECK(out == "world");
  REQUIRE(source->read_at(6, 100, out));
  CHECK(out == "world");
  REQUIRE(source->read_at(11, 3, out));
  CHECK(out.empty());
  REQUIRE(source->read_at(500, 3, out));
  CHECK(out.empty());
  REQUIRE(source->read_at(0, 0, out));
  CHECK(out.empty());
}

TEST_CASE("memory_source: read_at does not move the sequential read position",
          "[source][byte_source]") {
  auto source = memory_source("abcdefgh");
  char buffer[5];
  REQUIRE(source->read(buffer, 5) == 5);
  std::string out;
  REQUIRE(source->read_at(0, 2, out));
  CHECK(out == "ab");
  CHECK(read_rest(*source, 2) == "fgh");
}

TEST_CASE("memory_source: binary bytes, NUL included, come through unchanged",
          "[source][byte_source]") {
  const std::string text("a\0b\xFF", 4);
  auto source = memory_source(text);
  CHECK(read_rest(*source, 3) == text);
  std::string out;
  REQUIRE(source->read_at(1, 2, out));
  CHECK(out == std::string("\0b", 2));
}

TEST_CASE("read_standard_input: small input in memory, a larger one spilled whole to a temporary file",
          "[source][byte_source]") {
  TempDir dir;
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "line " + std::to_string(i) + "\n";  // ~200 KB: several reads
  const auto from_stdin = [&](const std::string& text, std::size_t limit) {
    // Standard input from a file holding `text`, for the call.
    const std::string path = dir.str() + "/stdin";
    {
      const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      REQUIRE(fd >= 0);
      REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
      ::close(fd);
    }
    const int saved = ::dup(STDIN_FILENO);
    const int fd = ::open(path.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    ::dup2(fd, STDIN_FILENO);
    ::close(fd);
    auto input = ckimport::source::read_standard_input(limit, dir.str());
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    return input;
  };

  auto small = from_stdin("[1, 2]", 1024);
  CHECK(small.bytes == "[1, 2]");
  CHECK(small.spilled == nullptr);

  auto spilled = from_stdin(big, 4096);
  CHECK(spilled.bytes.empty());
  REQUIRE(spilled.spilled != nullptr);
  CHECK(spilled.spilled->size() == big.size());
  auto source = ckimport::source::spilled_source(spilled.spilled);
  CHECK(source->size() == big.size());
  std::string out;
  REQUIRE(source->read_at(big.size() - 6, 100, out));  // fewer at the end
  CHECK(out == big.substr(big.size() - 6));
  CHECK(read_rest(*source, 4093) == big);  // read_at did not move it
  // The temporary file lives as long as a source or the input holds it.
  const std::string path = spilled.spilled->path();
  source.reset();
  CHECK(::access(path.c_str(), F_OK) == 0);
  spilled.spilled.reset();
  CHECK(::access(path.c_str(), F_OK) != 0);
}
