// source::TempFile and install_temp_file_cleanup: where files are made, that
// every way out removes them (destructor, signal, exit), and that a failed
// write is an error naming the file. Signals and resource limits are tried in
// forked children so the test process keeps its own.

#include "source/temp_files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"

namespace {

using ckimport::source::default_temp_folder;
using ckimport::source::install_temp_file_cleanup;
using ckimport::source::max_live_temp_files;
using ckimport::source::TempFile;
using ckimport::source::TempFileError;
using ckimport::test::TempDir;

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

std::size_t entries(const TempDir& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir.path()),
                                                std::filesystem::directory_iterator()));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Sets TMPDIR for one test and puts back what was there.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const char* value) {
    if (const char* old = std::getenv("TMPDIR")) old_ = old;
    if (value != nullptr) {
      ::setenv("TMPDIR", value, 1);
    } else {
      ::unsetenv("TMPDIR");
    }
  }
  ScopedTmpdir(const ScopedTmpdir&) = delete;
  ScopedTmpdir& operator=(const ScopedTmpdir&) = delete;
  ~ScopedTmpdir() {
    if (old_) {
      ::setenv("TMPDIR", old_->c_str(), 1);
    } else {
      ::unsetenv("TMPDIR");
    }
  }

 private:
  std::optional<std::string> old_;
};

// A forked child running `body`, which reports to the parent by writing to
// the fd it is given. The child ends with _exit(0) after `body`, or 99 when
// it throws, so nothing of Catch's runs twice.
class Child {
 public:
  explicit Child(const std::function<void(int)>& body) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    // Or the child's exit() prints what the parent has buffered a second time.
    std::cout.flush();
    std::fflush(nullptr);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::close(fds[0]);
      try {
        body(fds[1]);
      } catch (...) {
        ::_exit(99);
      }
      ::_exit(0);
    }
    ::close(fds[1]);
    from_child_ = fds[0];
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (from_child_ >= 0) ::close(from_child_);
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  pid_t pid() const { return pid_; }

  // Up to a newline, or to the end of what the child writes.
  std::string read_line() {
    std::string line;
    char c = 0;
    while (::read(from_child_, &c, 1) == 1 && c != '\n') line += c;
    return line;
  }

  int wait() {
    int status = 0;
    REQUIRE(::waitpid(pid_, &status, 0) == pid_);
    waited_ = true;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int from_child_ = -1;
  bool waited_ = false;
};

void send(int fd, const std::string& text) {
  const std::string line = text + "\n";
  if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(98);
}

}  // namespace

TEST_CASE("default_temp_folder: TMPDIR when set and not empty, else /tmp", "[temp]") {
  {
    const ScopedTmpdir tmpdir("/var/somewhere");
    CHECK(default_temp_folder() == "/var/somewhere");
  }
  {
    const ScopedTmpdir tmpdir("");
    CHECK(default_temp_folder() == "/tmp");
  }
  {
    const ScopedTmpdir tmpdir(nullptr);
    CHECK(default_temp_folder() == "/tmp");
  }
}

TEST_CASE("TempFile: made in TMPDIR with the prefix, private, removed by the destructor", "[temp]") {
  const TempDir dir;
  const ScopedTmpdir tmpdir(dir.str().c_str());
  std::string path;
  {
    const TempFile file;
    path = file.path();
    CHECK(path.rfind(dir.str() + "/ckimport-", 0) == 0);
    CHECK(path.size() == dir.str().size() + std::string("/ckimport-XXXXXX").size());
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(file.size() == 0);
  }
  CHECK_FALSE(exists(path));
  CHECK(entries(dir) == 0);
}

TEST_CASE("TempFile: a given folder and prefix; a trailing slash is not doubled", "[temp]") {
  const TempDir dir;
  const TempFile file(dir.str() + "/", "spill-");
  CHECK(file.path().rfind(dir.str() + "/spill-", 0) == 0);
}

TEST_CASE("TempFile: written bytes read back at any offset", "[temp]") {
  const TempDir dir;
  TempFile file(dir.str());
  file.write("hello ", 6);
  file.write("world", 5);
  CHECK(file.size() == 11);
  char out[5] = {};
  file.read_at(6, out, 5);
  CHECK(std::string(out, 5) == "world");
  CHECK(read_file(file.path()) == "hello world");
  CHECK_THROWS_WITH(file.read_at(8, out, 5),
                    "cannot read temporary file " + file.path() + ": it is shorter than written");
}

TEST_CASE("TempFile: a full disk is a TempFileError naming the file", "[temp]") {
  const TempDir dir;
  std::string path;
  {
    TempFile file(dir.str());
    path = file.path();
    // /dev/full fails every write with ENOSPC, as a full file system does.
    const int full = ::open("/dev/full", O_WRONLY);
    REQUIRE(full >= 0);
    REQUIRE(::dup2(full, file.fd()) == file.fd());
    ::close(full);
    CHECK_THROWS_MATCHES(file.write("x", 1), TempFileError,
                         Catch::Message("cannot write temporary file " + path +
                                        ": No space left on device"));
  }
  CHECK_FALSE(exists(path));
}

TEST_CASE("TempFile: a file size limit stops a write part way with an error", "[temp]") {
  const TempDir dir;
  Child child([&](int out) {
    // Without SIGXFSZ ignored, the child would die instead of seeing EFBIG.
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{1000, 1000};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(97);
    try {
      TempFile file(dir.str());
      send(out, file.path());
      const std::string block(4096, 'x');
      file.write(block.data(), block.size());
    } catch (const TempFileError& e) {
      send(out, e.what());
    }
  });
  const std::string path = child.read_line();
  const std::string message = child.read_line();
  const int status = child.wait();
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(message == "cannot write temporary file " + path + ": File too large");
  CHECK(entries(dir) == 0);
}

TEST_CASE("TempFile: a folder that cannot hold files is an error", "[temp]") {
  const TempDir dir;
  const std::string missing = dir / "missing";
  CHECK_THROWS_MATCHES(TempFile(missing), TempFileError,
                       Catch::Message("cannot create a temporary file in " + missing +
                                      ": No such file or directory"));
  const std::string file = dir.write("plain.txt", "");
  CHECK_THROWS_MATCHES(TempFile(file), TempFileError,
                       Catch::Message("cannot create a temporary file in " + file + ": Not a directory"));
  CHECK_THROWS_AS(TempFile(std::string(5000, 'a')), TempFileError);
}

TEST_CASE("TempFile: moving hands over the file, removed once", "[temp]") {
  const TempDir dir;
  std::string path;
  {
    TempFile first(dir.str());
    path = first.path();
    TempFile second(std::move(first));
    CHECK(first.path().empty());  // NOLINT(bugprone-use-after-move): what a moved-from file says
    CHECK(second.path() == path);
    TempFile third(dir.str());
    const std::string replaced = third.path();
    third = std::move(second);
    CHECK_FALSE(exists(replaced));
    CHECK(third.path() == path);
    CHECK(exists(path));
  }
  CHECK(entries(dir) == 0);
}

TEST_CASE("TempFile: release keeps the file; commit_as renames it with a mode", "[temp]") {
  const TempDir dir;
  std::string kept;
  {
    TempFile file(dir.str());
    file.write("kept", 4);
    kept = file.release();
    CHECK(file.path().empty());
  }
  CHECK(read_file(kept) == "kept");

  const std::string target = dir.write("target.json", "old");
  {
    TempFile file(dir.str(), ".target.json.");
    const std::string temp = file.path();
    file.write("new", 3);
    file.commit_as(target, 0644);
    CHECK(file.path().empty());
    CHECK_FALSE(exists(temp));
  }
  CHECK(read_file(target) == "new");
  struct stat st {};
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);

  TempFile file(dir.str());
  CHECK_THROWS_AS(file.commit_as(dir / "no/such/folder/x", 0644), TempFileError);
  CHECK(exists(file.path()));
}

TEST_CASE("TempFile: at most max_live_temp_files at once, then an error", "[temp]") {
  const TempDir dir;
  std::vector<TempFile> files;
  try {
    for (std::size_t i = 0; i <= max_live_temp_files; ++i) files.emplace_back(dir.str());
    FAIL("no limit");
  } catch (const TempFileError& e) {
    CHECK_THAT(e.what(), Catch::EndsWith("more than 64 at once"));
  }
  CHECK(files.size() <= max_live_temp_files);
  REQUIRE_FALSE(files.empty());
  files.pop_back();
  files.emplace_back(dir.str());  // a freed slot is used again
  files.clear();
  CHECK(entries(dir) == 0);
}

TEST_CASE("install_temp_file_cleanup: a signal removes live files and still kills", "[temp]") {
  for (const int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
    const TempDir dir;
    Child child([&](int out) {
      install_temp_file_cleanup();
      const TempFile first(dir.str());
      const TempFile second(dir.str());
      send(out, first.path());
      for (;;) ::pause();
    });
    const std::string path = child.read_line();
    REQUIRE_FALSE(path.empty());
    CHECK(exists(path));
    CHECK(entries(dir) == 2);
    REQUIRE(::kill(child.pid(), signal_number) == 0);
    const int status = child.wait();
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == signal_number);
    CHECK(entries(dir) == 0);
  }
}

TEST_CASE("install_temp_file_cleanup: exit() without destructors removes live files", "[temp]") {
  const TempDir dir;
  Child child([&](int out) {
    install_temp_file_cleanup();
    const auto* leaked = new TempFile(dir.str());
    send(out, leaked->path());
    std::exit(3);
  });
  const std::string path = child.read_line();
  const int status = child.wait();
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);
  CHECK_FALSE(path.empty());
  CHECK(entries(dir) == 0);
}

TEST_CASE("install_temp_file_cleanup: an ignored SIGHUP stays ignored", "[temp]") {
  const TempDir dir;
  Child child([&](int out) {
    ::signal(SIGHUP, SIG_IGN);
    install_temp_file_cleanup();
    const TempFile file(dir.str());
    ::raise(SIGHUP);
    send(out, exists(file.path()) ? "survived" : "removed");
  });
  CHECK(child.read_line() == "survived");
  const int status = child.wait();
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
