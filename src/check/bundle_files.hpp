#pragma once
// The files of a bundle while it is checked: opened when their turn comes
// (through the overlay, so an editor's buffer or standard input stands in
// for a file), with few of them open at once, so a bundle of thousands of
// files checks under a small limit of open files. Also what rules use to
// read back an item read earlier (rules::ItemFetcher): positions are
// recovered from checkpoints (an item's start and index every MiB or so), so
// a re-read costs at most about a MiB, and nothing per item is kept.
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <vector>

#include "check/overlay.hpp"
#include "json/element_reader.hpp"
#include "rules/item_context.hpp"

namespace ckimport::check {

class BundleFiles final : public rules::ItemFetcher {
 public:
  BundleFiles(const Overlay& overlay, json::ReaderLimits limits) : overlay_(overlay), limits_(limits) {}

  // Numbers a file; ids are given in reading order.
  std::uint32_t add(std::string path);
  std::size_t size() const { return files_.size(); }

  // The file, opened if it is not; it stays open until more than
  // `max_open` others were used since. Throws source::InputError.
  source::ByteSource& source(std::uint32_t file_id);
  // The same by path, for a file of the bundle; nullptr for another path.
  source::ByteSource* source_of(const std::string& path);

  // Called for each item read, in order: keeps a checkpoint about every MiB.
  void saw_item(std::uint32_t file_id, source::Position start, std::uint64_t index);

  std::optional<Item> fetch(std::uint32_t file_id, std::uint64_t offset, bool with_position) override;
  const std::string& path(std::uint32_t file_id) const override { return files_[file_id].path; }

  static constexpr std::size_t max_open = 16;

 private:
  struct Checkpoint {
    source::Position start;
    std::uint64_t index;
  };
  struct File {
    std::string path;
    std::unique_ptr<source::ByteSource> source;  // null while closed
    std::vector<Checkpoint> checkpoints;
  };

  const Overlay& overlay_;
  json::ReaderLimits limits_;
  std::vector<File> files_;
  std::list<std::uint32_t> open_;  // most recently used first
};

}  // namespace ckimport::check
