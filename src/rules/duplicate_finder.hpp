#pragma once
// Exact duplicate detection over millions of keys in a fixed memory budget.
//
// The caller gives each item's key as a 64-bit hash with the item's place, in
// reading order; the finder never sees keys, it asks the caller to re-read
// them (64-bit hashes do collide at these counts, so every duplicate is
// confirmed by comparing keys).
//
// While the budget holds, an open-addressing table answers at add(), as each
// item is read: hash -> first place, one 16-byte slot per distinct key, at
// most half full (32 to 64 bytes a key), and never over 2/3 of the budget so
// that doubling it fits. When it would outgrow that, the finder spills, as
// GNU sort, DuckDB and DataFusion do: the table and every later entry (16
// bytes: hash and place) go to one temporary file, hash-partitioned by the
// top bits of the hash into up to 256 partitions, through one write buffer
// per partition (together, the budget). finish() reads each partition back,
// sorts it by (hash, place) (in memory if it fits half the budget, else
// externally, in merged runs) and reports, in place order, every item whose
// key equals an earlier item's, naming the earliest. Disk: 16 bytes an item
// after the spill, in TMPDIR or the folder given.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source/temp_files.hpp"

namespace ckimport::rules {

class DuplicateFinder {
 public:
  // Where an item is. File ids are given in reading order, so (file_id,
  // offset) order is the order items arrive in.
  struct Place {
    std::uint32_t file_id;
    std::uint64_t offset;
    friend auto operator<=>(const Place&, const Place&) = default;
  };
  // `place` holds the same key as `first`, the earliest item with that key.
  struct Duplicate {
    Place place;
    Place first;
    friend bool operator==(const Duplicate&, const Duplicate&) = default;
  };

  // A place packs into 64 bits: 24 for the file id, 40 for the offset (1 TiB).
  static constexpr std::uint32_t max_files = std::uint32_t{1} << 24;
  static constexpr std::uint64_t max_offset = std::uint64_t{1} << 40;
  // 32 MiB: the table (16 MiB at most) answers at add() for up to 512Ki
  // distinct keys, about 200 MB of messages, so the 150 MB bench file never
  // spills; past that, 256 partitions are written in 128 KiB blocks. With
  // the rest of a check (~33 MiB) that is ~49 MiB at 150 MB and ~65 MiB at
  // any larger size: half of issue 15's 128 MiB, and a 5 GB / 150 MB ratio
  // of ~1.33 (target: 1.5).
  static constexpr std::size_t default_memory_budget = std::size_t{32} << 20;
  static constexpr std::size_t min_memory_budget = std::size_t{4} << 10;

  // Uses at most `memory_budget` bytes (plus a few KiB, and the distinct keys
  // of one hash at a time at finish()) whatever the number of items; temporary
  // files go to `temp_folder`, created only when the budget fills. Throws
  // std::invalid_argument for a budget below min_memory_budget.
  explicit DuplicateFinder(std::size_t memory_budget = default_memory_budget,
                           std::string temp_folder = source::default_temp_folder());
  DuplicateFinder(const DuplicateFinder&) = delete;
  DuplicateFinder& operator=(const DuplicateFinder&) = delete;
  ~DuplicateFinder();

  // Adds one item. Places must increase from call to call, and stay below
  // max_files and max_offset (std::invalid_argument otherwise).
  //
  // Before spilling: the earlier places whose key has this hash, one per
  // distinct key seen (usually none; more than one only after a collision),
  // in one probe of the table. The caller re-reads their keys; if one equals
  // this item's key, this item is a duplicate of that place and the caller
  // reports it now; if none does, the caller calls add_distinct_key().
  // After spilling: always empty, and finish() reports instead.
  // The vector stays valid until the next call.
  //
  // Throws source::TempFileError when spilling fails (a full disk, a missing
  // folder); the finder must then be discarded, as its answer would be
  // incomplete.
  const std::vector<Place>& add(std::uint64_t key_hash, Place place);

  // The item just passed to add() got candidates but holds none of their
  // keys (a hash collision, or a candidate that could not be re-read): it is
  // the first item with its key, and later items are compared with it too.
  void add_distinct_key(std::uint64_t key_hash, Place place);

  // A hint that add(key_hash, ...) comes soon: fetches its slot of the
  // table into the cache. Changes nothing.
  void prefetch(std::uint64_t key_hash) const;

  // Whether add() has stopped answering.
  bool spilled() const { return spill_ != nullptr; }

  // The key of the item at a place, re-read; nullopt when it cannot be read
  // (then that item is neither reported nor named).
  using KeyAt = std::function<std::optional<std::string>(Place)>;
  using Report = std::function<void(const Duplicate&)>;

  // Ends the stream: reports, in place order, each duplicate that add() did
  // not answer for (none unless spilled), so every duplicate is reported
  // exactly once between add() and finish(). `key_at` is called for the
  // items whose hash is not unique. Removes the temporary files; the finder
  // is then empty and can take a new stream. Throws source::TempFileError.
  void finish(const KeyAt& key_at, const Report& report);

 private:
  // A table slot, and a spilled entry as written: 16 bytes.
  struct Entry {
    std::uint64_t hash = 0;    // mixed (see the .cpp); 0 only in an empty slot
    std::uint64_t packed = 0;  // file_id << 40 | offset: orders as Place does
    friend bool operator<(const Entry& a, const Entry& b) {
      return a.hash != b.hash ? a.hash < b.hash : a.packed < b.packed;
    }
  };
  struct Spill;
  void insert(std::uint64_t hash, std::uint64_t packed);
  void grow_or_spill();
  void start_spill();

  std::size_t budget_;
  std::string temp_folder_;
  std::vector<Entry> table_;  // hash 0: empty slot
  std::size_t table_size_ = 0;
  std::size_t max_table_slots_;
  std::unique_ptr<Spill> spill_;
  std::vector<Place> candidates_;
  bool any_added_ = false;
  std::uint64_t last_added_ = 0;     // packed place of the last add()
  std::uint64_t last_answered_ = 0;  // packed place of the last add() before spilling
};

}  // namespace ckimport::rules
