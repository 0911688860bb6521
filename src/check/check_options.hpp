#pragma once
// Options of a check that several of its parts take.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace ckimport::check {

// Told how far the reading of a file has come, about once per MiB read,
// and once with done == total at its end.
using ProgressCallback =
    std::function<void(const std::string& path, std::uint64_t done, std::optional<std::uint64_t> total)>;

// What rules that remember one entry per item (duplicate keys) may use, and
// standard input in memory (--memory-limit); past it, temporary files.
struct SpillOptions {
  // The least a duplicate finder works in (rules::DuplicateFinder's).
  static constexpr std::size_t min_memory_budget = std::size_t{4} << 10;
  std::size_t memory_budget = std::size_t{32} << 20;
  std::string temp_folder;  // empty: $TMPDIR, else /tmp
};

}  // namespace ckimport::check
