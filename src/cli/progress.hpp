#pragma once
// A progress line on a terminal for long checks: "checking messages.json:
// 512.0 MB of 1.5 GB (34%), 210.3 MB/s", redrawn in place on stderr at most
// ten times a second, for files over 50 MB, and erased when the file is done.
// The CLI enables it only when stderr is a terminal and the output is text,
// so pipes, CI logs and json/sarif/github output never see it.
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace ckimport::cli {

class TerminalProgress {
 public:
  explicit TerminalProgress(std::ostream& terminal) : terminal_(terminal) {}
  void operator()(const std::string& path, std::uint64_t done, std::optional<std::uint64_t> total);

  static constexpr std::uint64_t min_file_bytes = std::uint64_t{50} * 1000 * 1000;

 private:
  using Clock = std::chrono::steady_clock;
  std::ostream& terminal_;
  std::string path_;
  Clock::time_point started_;
  Clock::time_point last_draw_;
  bool drawn_ = false;
};

// "1.5 GB", "512.0 MB", "900 B": decimal units, as file managers show sizes.
std::string human_bytes(std::uint64_t bytes);

}  // namespace ckimport::cli
