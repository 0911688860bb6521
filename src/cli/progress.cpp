#include "cli/progress.hpp"

#include <fmt/format.h>

#include <ostream>

#include "output/terminal_text.hpp"

namespace ckimport::cli {

std::string human_bytes(std::uint64_t bytes) {
  const auto value = static_cast<double>(bytes);
  if (bytes >= 1000ULL * 1000 * 1000) return fmt::format("{:.1f} GB", value / 1e9);
  if (bytes >= 1000ULL * 1000) return fmt::format("{:.1f} MB", value / 1e6);
  if (bytes >= 1000ULL) return fmt::format("{:.1f} kB", value / 1e3);
  return fmt::format("{} B", bytes);
}

void TerminalProgress::operator()(const std::string& path, std::uint64_t done,
                                  std::optional<std::uint64_t> total) {
  const auto now = Clock::now();
  if (path != path_) {
    path_ = path;
    started_ = now;
    drawn_ = false;
  }
  const bool finished = total && done >= *total;
  if (finished) {
    if (drawn_) terminal_ << "\r\x1b[K" << std::flush;
    drawn_ = false;
    return;
  }
  const bool large = total ? *total >= min_file_bytes : done >= min_file_bytes;
  if (!large || (drawn_ && now - last_draw_ < std::chrono::milliseconds(100))) return;
  const double seconds = std::chrono::duration<double>(now - started_).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string line = fmt::format("checking {}: {}", output::detail::sanitize(path), human_bytes(done));
  if (total) {
    line += fmt::format(" of {} ({}%)", human_bytes(*total),
                        static_cast<unsigned>(static_cast<double>(done) * 100.0 / static_cast<double>(*total)));
  }
  line += fmt::format(", {}/s", human_bytes(static_cast<std::uint64_t>(rate)));
  terminal_ << "\r\x1b[K" << line << std::flush;
  last_draw_ = now;
  drawn_ = true;
}

}  // namespace ckimport::cli
