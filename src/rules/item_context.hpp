#pragma once
// What a cross-file rule is given: the file being read, the item being
// checked (its bytes and its facts), and a way to read back an item read
// earlier, for the places a diagnostic names ("first used at ...").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/bundle.hpp"
#include "rules/item_facts.hpp"
#include "source/position.hpp"

namespace ckimport::rules {

// Reads back an item that was read earlier (the bundle checker keeps its
// files at hand for this).
class ItemFetcher {
 public:
  virtual ~ItemFetcher() = default;
  // The text of the item that starts at `offset` in file `file_id`, and,
  // with `with_position`, where it starts and its index in the file's array
  // (a re-read of up to a MiB, so only when a diagnostic needs it); nullopt
  // when it cannot be read again.
  struct Item {
    std::string text;
    source::Position start;
    std::uint64_t index = 0;
  };
  virtual std::optional<Item> fetch(std::uint32_t file_id, std::uint64_t offset,
                                    bool with_position) = 0;
  virtual const std::string& path(std::uint32_t file_id) const = 0;
};

// A file about to be read, or just read.
struct FileContext {
  const model::BundleFile& file;
  std::uint32_t file_id;  // files are numbered in reading order
};

// The item being checked, as rules see it.
struct ItemContext {
  const model::BundleFile& file;
  std::uint32_t file_id;
  std::uint64_t index;     // position in the file's array
  source::Position start;  // of the item's first byte
  std::string_view text;   // the item's bytes
  const ItemFacts& facts;
  // Where a fact's token is (its value).
  diag::Location locate(const FactPath& path) const;
  // Where each element of the array at /key is, in one pass.
  std::vector<diag::Location> locate_elements(std::string_view key) const;
};

// Where a file-level problem is shown: the file's first byte.
diag::Location file_start(const model::BundleFile& file);

// The location of the value at `pointer` in an item that starts at `start`.
diag::Location locate_in(const std::string& file, source::Position start, std::string_view text,
                         const json::JsonPointer& pointer);

}  // namespace ckimport::rules
