#include "check/bundle_files.hpp"

#include <algorithm>

#include "json/token_locator.hpp"

namespace ckimport::check {

std::uint32_t BundleFiles::add(std::string path) {
  files_.push_back({std::move(path), nullptr, {}});
  return static_cast<std::uint32_t>(files_.size() - 1);
}

source::ByteSource& BundleFiles::source(std::uint32_t file_id) {
  File& file = files_[file_id];
  open_.remove(file_id);
  if (!file.source) {
    file.source = overlay_.open(file.path);
    if (open_.size() >= max_open) {
      files_[open_.back()].source.reset();
      open_.pop_back();
    }
  }
  open_.push_front(file_id);
  return *file.source;
}

source::ByteSource* BundleFiles::source_of(const std::string& path) {
  for (std::uint32_t i = 0; i < files_.size(); ++i) {
    if (files_[i].path == path) return &source(i);
  }
  return nullptr;
}

void BundleFiles::saw_item(std::uint32_t file_id, source::Position start, std::uint64_t index) {
  auto& checkpoints = files_[file_id].checkpoints;
  constexpr std::uint64_t spacing = std::uint64_t{1} << 20;
  if (checkpoints.empty() || start.offset.value - checkpoints.back().start.offset.value >= spacing) {
    checkpoints.push_back({start, index});
  }
}

std::optional<rules::ItemFetcher::Item> BundleFiles::fetch(std::uint32_t file_id, std::uint64_t offset,
                                                          bool with_position) {
  source::ByteSource& input = source(file_id);
  Item item;
  if (!with_position) {
    for (std::size_t window = 4096; window <= (std::size_t{1} << 30); window *= 4) {
      if (!input.read_at(offset, window, item.text)) return std::nullopt;
      if (const auto extent = json::value_extent(item.text)) {
        item.text.resize(*extent);
        return item;
      }
      if (item.text.size() < window) return std::nullopt;  // the file ended first
    }
    return std::nullopt;
  }
  // Read on from the last checkpoint before the item, splitting as the
  // first reading did, up to the item: its start and index come with it.
  const auto& checkpoints = files_[file_id].checkpoints;
  const auto after = std::upper_bound(checkpoints.begin(), checkpoints.end(), offset,
                                      [](std::uint64_t o, const Checkpoint& c) { return o < c.start.offset.value; });
  if (after == checkpoints.begin()) return std::nullopt;
  const Checkpoint& checkpoint = *(after - 1);
  const auto tail = source::tail_source(input, checkpoint.start.offset.value);
  json::ElementReader reader(*tail, limits_, {checkpoint.start, checkpoint.index});
  while (auto element = reader.next()) {
    if (element->start.offset.value < offset) continue;
    if (element->start.offset.value > offset) break;
    item.text = element->text;
    item.start = element->start;
    item.index = element->index;
    return item;
  }
  return std::nullopt;
}

}  // namespace ckimport::check
