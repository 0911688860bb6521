#include "fix/unified_diff.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <stdexcept>
#include <utility>

namespace ckimport::fix {
namespace {

constexpr std::string_view no_newline_marker = "\n\\ No newline at end of file\n";

[[noreturn]] void spool_failure(int error) {
  throw FixError(std::string("cannot write a temporary file for the diff: ") + std::strerror(error));
}

// An unlinked file in $TMPDIR (or /tmp): gone when closed, whatever happens.
int anonymous_file() {
  const char* env = std::getenv("TMPDIR");
  const std::string folder = env != nullptr && *env != '\0' ? env : "/tmp";
  int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string name = folder + "/ckimport-diff-XXXXXX";
  fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) spool_failure(errno);
  ::unlink(name.c_str());
  return fd;
}

// Bytes appended in order and read back in order: in memory up to `window`
// bytes, then in an anonymous temporary file with `window` bytes of buffer.
class Spool {
 public:
  explicit Spool(std::size_t window) : window_(window) {}
  Spool(Spool&& other) noexcept
      : window_(other.window_),
        memory_(std::move(other.memory_)),
        fd_(std::exchange(other.fd_, -1)),
        in_file_(std::exchange(other.in_file_, 0)),
        size_(std::exchange(other.size_, 0)),
        last_(std::exchange(other.last_, '\0')) {
    other.memory_.clear();
  }
  Spool& operator=(Spool&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) ::close(fd_);
      window_ = other.window_;
      memory_ = std::move(other.memory_);
      other.memory_.clear();
      fd_ = std::exchange(other.fd_, -1);
      in_file_ = std::exchange(other.in_file_, 0);
      size_ = std::exchange(other.size_, 0);
      last_ = std::exchange(other.last_, '\0');
    }
    return *this;
  }
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;
  ~Spool() {
    if (fd_ >= 0) ::close(fd_);
  }

  std::uint64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  char last() const { return last_; }

  void append(std::string_view bytes) {
    if (bytes.empty()) return;
    size_ += bytes.size();
    last_ = bytes.back();
    if (memory_.size() + bytes.size() <= window_) {
      memory_.append(bytes);
      return;
    }
    if (fd_ < 0) fd_ = anonymous_file();
    write_out(memory_);
    memory_.clear();
    if (bytes.size() >= window_) {
      write_out(bytes);
    } else {
      memory_.append(bytes);
    }
  }

  // Calls emit(std::string_view) with every byte in order, in pieces of at
  // most `window` bytes.
  template <typename Emit>
  void for_each_piece(Emit&& emit) const {
    if (in_file_ > 0) {
      const auto buffer = std::make_unique<char[]>(window_);
      std::uint64_t offset = 0;
      while (offset < in_file_) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(window_, in_file_ - offset));
        const ssize_t n = ::pread(fd_, buffer.get(), want, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) spool_failure(n < 0 ? errno : EIO);
        emit(std::string_view(buffer.get(), static_cast<std::size_t>(n)));
        offset += static_cast<std::uint64_t>(n);
      }
    }
    if (!memory_.empty()) emit(std::string_view(memory_));
  }

  void append(const Spool& other) {
    other.for_each_piece([this](std::string_view piece) { append(piece); });
  }

  // Empty again; keeps its temporary file for the next use.
  void clear() {
    if (in_file_ > 0 && ::ftruncate(fd_, 0) != 0) spool_failure(errno);
    in_file_ = 0;
    size_ = 0;
    last_ = '\0';
    memory_.clear();
    if (memory_.capacity() > window_) memory_.shrink_to_fit();
  }

 private:
  void write_out(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(in_file_));
      if (n < 0) {
        if (errno == EINTR) continue;
        spool_failure(errno);
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
      in_file_ += static_cast<std::uint64_t>(n);
    }
  }

  std::size_t window_;
  std::string memory_;
  int fd_ = -1;
  std::uint64_t in_file_ = 0;
  std::uint64_t size_ = 0;
  char last_ = '\0';
};

// One side of a change: its lines, each written with its marker ('-' or '+').
struct Side {
  Side(char line_marker, std::size_t window) : text(window), marker(line_marker) {}

  void add(std::string_view bytes) {
    while (!bytes.empty()) {
      if (at_line_start) {
        text.append(std::string_view(&marker, 1));
        at_line_start = false;
        ++lines;
      }
      const auto newline = bytes.find('\n');
      if (newline == std::string_view::npos) {
        text.append(bytes);
        return;
      }
      text.append(bytes.substr(0, newline + 1));
      bytes.remove_prefix(newline + 1);
      at_line_start = true;
    }
  }

  void add(const Spool& bytes) {
    bytes.for_each_piece([this](std::string_view piece) { add(piece); });
  }

  // The last line has no '\n' (end of file).
  void end_without_newline() {
    if (at_line_start) return;
    text.append(no_newline_marker);
    at_line_start = true;
  }

  void clear() {
    text.clear();
    at_line_start = true;
    lines = 0;
  }

  Spool text;
  char marker;
  bool at_line_start = true;
  std::uint64_t lines = 0;
};

void check_sorted(const std::vector<Edit>& edits) {
  for (std::size_t i = 0; i < edits.size(); ++i) {
    if (edits[i].begin > edits[i].end) {
      throw std::invalid_argument("edit " + std::to_string(i) + " begins after it ends");
    }
    if (i > 0 && edits[i].begin < edits[i - 1].end) {
      throw std::invalid_argument("edit " + std::to_string(i) + " overlaps or comes before the edit before it");
    }
  }
}

// "@@ -l,n" style range: ",1" left out as diff does; an empty range names
// the line before it.
std::string range(std::uint64_t first, std::uint64_t count) {
  if (count == 0) return std::to_string(first - 1) + ",0";
  if (count == 1) return std::to_string(first);
  return std::to_string(first) + "," + std::to_string(count);
}

// The diff as the original streams past. Lines outside changes wait in
// `held_` (the last `context` ones, or up to 2*context after a change, which
// decides whether the next change joins the hunk); a change ("group") starts
// at the line where an edit begins and ends at the first point where both
// the original and the fixed text are at the start of a line, past every
// edit that has begun.
class Differ {
 public:
  Differ(const std::vector<Edit>& edits, const std::string& path, ByteSink& out, const DiffOptions& options)
      : edits_(edits),
        path_(path),
        out_(out),
        context_(options.context),
        window_(std::max<std::size_t>(options.window, 1)),
        pending_(window_),
        body_(window_),
        old_('-', window_),
        new_('+', window_) {}

  void feed(std::string_view bytes) {
    for (;;) {
      start_edits_here();
      if (mode_ == Mode::in_group) maybe_end_group();
      if (bytes.empty()) return;
      std::size_t run = bytes.size();
      if (next_ < edits_.size()) {
        run = static_cast<std::size_t>(std::min<std::uint64_t>(run, edits_[next_].begin - pos_));
      }
      if (pos_ < skip_to_) run = static_cast<std::size_t>(std::min<std::uint64_t>(run, skip_to_ - pos_));
      const auto newline = bytes.substr(0, run).find('\n');
      if (newline != std::string_view::npos) run = newline + 1;
      const std::string_view piece = bytes.substr(0, run);
      if (mode_ == Mode::in_group) {
        old_.add(piece);
        if (pos_ >= skip_to_) new_.add(piece);
      } else {
        pending_.append(piece);
      }
      pos_ += run;
      bytes.remove_prefix(run);
      if (newline != std::string_view::npos) {
        ++line_;
        if (mode_ != Mode::in_group) line_complete();
      }
    }
  }

  void finish() {
    feed({});
    if (pos_ < skip_to_ || next_ < edits_.size()) {
      const std::uint64_t wanted = next_ < edits_.size() ? edits_[next_].begin : skip_to_;
      throw FixError("the input ended at byte " + std::to_string(pos_) + "; the edits reach byte " +
                     std::to_string(wanted));
    }
    if (mode_ == Mode::in_group) {
      old_.end_without_newline();
      new_.end_without_newline();
      end_group();
    }
    if (!pending_.empty()) held_.push_back(take_pending());
    if (mode_ == Mode::trailing) close_hunk();
  }

 private:
  enum class Mode { outside, in_group, trailing };

  void start_edits_here() {
    while (next_ < edits_.size() && edits_[next_].begin == pos_) {
      // Inserting nothing changes nothing: no change to show (at the start
      // of a line it would make a hunk without a changed line).
      if (edits_[next_].is_insertion() && edits_[next_].replacement.empty()) {
        ++next_;
        continue;
      }
      if (mode_ != Mode::in_group) start_group();
      new_.add(edits_[next_].replacement);
      skip_to_ = edits_[next_].end;
      ++next_;
    }
  }

  void start_group() {
    if (mode_ == Mode::outside) {
      hunk_old_start_ = line_ - held_.size();
      hunk_old_lines_ = 0;
      hunk_new_lines_ = 0;
      body_.clear();
    }
    for (const Spool& line : held_) add_context(line);
    release_held(held_.size());
    old_.clear();
    new_.clear();
    old_.add(pending_);
    new_.add(pending_);
    pending_.clear();
    mode_ = Mode::in_group;
  }

  void maybe_end_group() {
    if (pos_ >= skip_to_ && old_.at_line_start && new_.at_line_start) end_group();
  }

  void end_group() {
    body_.append(old_.text);
    body_.append(new_.text);
    hunk_old_lines_ += old_.lines;
    hunk_new_lines_ += new_.lines;
    mode_ = Mode::trailing;
  }

  // pending_ holds a whole line now (outside a change).
  void line_complete() {
    held_.push_back(take_pending());
    if (mode_ == Mode::outside) {
      if (held_.size() > context_) release_held(held_.size() - context_);
    } else if (held_.size() > 2 * context_) {
      close_hunk();
      release_held(held_.size() - context_);
      mode_ = Mode::outside;
    }
  }

  // The first `context` held lines end the hunk, which is written out.
  void close_hunk() {
    const std::size_t trailing = std::min(context_, held_.size());
    for (std::size_t i = 0; i < trailing; ++i) add_context(held_[i]);
    if (!header_written_) {
      out_.write(diff_header(path_));
      header_written_ = true;
    }
    const std::uint64_t new_start = static_cast<std::uint64_t>(static_cast<std::int64_t>(hunk_old_start_) + delta_);
    out_.write("@@ -" + range(hunk_old_start_, hunk_old_lines_) + " +" + range(new_start, hunk_new_lines_) +
               " @@\n");
    body_.for_each_piece([this](std::string_view piece) { out_.write(piece); });
    body_.clear();
    delta_ += static_cast<std::int64_t>(hunk_new_lines_) - static_cast<std::int64_t>(hunk_old_lines_);
    mode_ = Mode::outside;
  }

  void add_context(const Spool& line) {
    body_.append(" ");
    body_.append(line);
    if (line.last() != '\n') body_.append(no_newline_marker);
    ++hunk_old_lines_;
    ++hunk_new_lines_;
  }

  Spool take_pending() {
    Spool line(std::move(pending_));
    if (!spare_.empty()) {
      // A released spool (and its temporary file, if it had one) is reused.
      pending_ = std::move(spare_.back());
      spare_.pop_back();
    }
    return line;
  }

  void release_held(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      held_.front().clear();
      if (spare_.size() < 2 * context_ + 2) spare_.push_back(std::move(held_.front()));
      held_.pop_front();
    }
  }

  const std::vector<Edit>& edits_;
  const std::string& path_;
  ByteSink& out_;
  std::size_t context_;
  std::size_t window_;

  std::uint64_t pos_ = 0;   // offset of the next byte
  std::uint64_t line_ = 1;  // 1-based line that byte is on
  std::size_t next_ = 0;    // first edit not started
  std::uint64_t skip_to_ = 0;
  Mode mode_ = Mode::outside;

  Spool pending_;  // the current line so far, outside a change
  std::deque<Spool> held_;
  std::vector<Spool> spare_;

  Spool body_;
  bool header_written_ = false;
  std::uint64_t hunk_old_start_ = 1;
  std::uint64_t hunk_old_lines_ = 0;
  std::uint64_t hunk_new_lines_ = 0;
  std::int64_t delta_ = 0;  // new minus old lines in the hunks written

  Side old_;
  Side new_;
};

bool needs_c_quotes(const std::string& path) {
  return std::any_of(path.begin(), path.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F || c == '"' || c == '\\';
  });
}

std::string c_quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\v': out += "\\v"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (byte < 0x20 || byte == 0x7F) {
          out += '\\';
          out += static_cast<char>('0' + ((byte >> 6U) & 7U));
          out += static_cast<char>('0' + ((byte >> 3U) & 7U));
          out += static_cast<char>('0' + (byte & 7U));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string header_name(const std::string& prefixed) {
  if (needs_c_quotes(prefixed)) return c_quoted(prefixed);
  if (prefixed.find(' ') != std::string::npos) return prefixed + "\t";
  return prefixed;
}

// Reads a string_view without copying it.
class ViewSource final : public source::ByteSource {
 public:
  explicit ViewSource(std::string_view text) : text_(text) {}
  std::size_t read(char* buffer, std::size_t capacity) override {
    const std::size_t n = std::min(capacity, text_.size());
    std::memcpy(buffer, text_.data(), n);
    text_.remove_prefix(n);
    return n;
  }
  bool read_at(std::uint64_t, std::size_t, std::string&) override { return false; }
  std::optional<std::uint64_t> size() const override { return text_.size(); }

 private:
  std::string_view text_;
};

}  // namespace

std::string diff_header(const std::string& path) {
  return "--- " + header_name("a/" + path) + "\n+++ " + header_name("b/" + path) + "\n";
}

void write_unified_diff(source::ByteSource& input, const std::vector<Edit>& edits, const std::string& path,
                        ByteSink& out, const DiffOptions& options) {
  check_sorted(edits);
  if (edits.empty()) return;
  Differ differ(edits, path, out, options);
  const std::size_t chunk = std::max<std::size_t>(options.window, 1);
  const auto buffer = std::make_unique<char[]>(chunk);
  for (;;) {
    const std::size_t n = input.read(buffer.get(), chunk);
    if (n == 0) break;
    differ.feed(std::string_view(buffer.get(), n));
  }
  differ.finish();
}

std::string unified_diff(std::string_view text, const std::vector<Edit>& edits, const std::string& path,
                         const DiffOptions& options) {
  std::string out;
  StringSink sink(out);
  ViewSource source(text);
  write_unified_diff(source, edits, path, sink, options);
  return out;
}

}  // namespace ckimport::fix
