#include "rules/duplicate_finder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <functional>
#include <stdexcept>
#include <utility>

namespace ckimport::rules {
namespace {

using Place = DuplicateFinder::Place;

constexpr unsigned offset_bits = 40;
constexpr std::uint64_t offset_mask = (std::uint64_t{1} << offset_bits) - 1;

std::uint64_t pack(Place place) { return (std::uint64_t{place.file_id} << offset_bits) | place.offset; }

Place unpack(std::uint64_t packed) {
  return {static_cast<std::uint32_t>(packed >> offset_bits), packed & offset_mask};
}

// Partitions take the top bits of a hash and table slots the bottom bits, so
// a caller's hash that varies in a few bits only (a counter, a weak hash)
// would crowd one partition or one run of slots. splitmix64's finalizer
// spreads every bit over all of them, and is a bijection: two keys share a
// mixed hash exactly when they share a hash. 0 marks an empty slot, so it
// becomes 1: one more possible collision, which comparing keys resolves.
std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h == 0 ? 1 : h;
}

// A duplicate as stored until the end: packed places, ordered by the
// duplicate's place, the order reports are made in.
struct Found {
  std::uint64_t place;
  std::uint64_t first;
  friend bool operator<(const Found& a, const Found& b) { return a.place < b.place; }
};

// Sorts more fixed-size records than fit in `budget` bytes, as GNU sort does:
// sorted runs of a budget each in a temporary file, merged `fan_in` at a time
// until one merge can stream them all. Every run but the last has exactly
// run_length_ records, so where each starts is arithmetic: nothing is kept
// per run, and memory is the budget whatever the number of records.
template <typename Record>
class RunSorter {
 public:
  RunSorter(std::size_t budget, std::string folder)
      : capacity_(std::max<std::size_t>(budget / sizeof(Record), 3)), folder_(std::move(folder)) {}

  void push(const Record& record) {
    if (buffer_.size() == capacity_) write_run();
    // Reserved, not filled: pages cost memory only once records land on them.
    if (buffer_.capacity() == 0) buffer_.reserve(capacity_);
    buffer_.push_back(record);
  }

  // Calls each(record) in order, then forgets them all.
  template <typename Each>
  void drain(Each&& each) {
    if (!runs_) {
      std::sort(buffer_.begin(), buffer_.end());
      for (const Record& record : buffer_) each(record);
      std::vector<Record>().swap(buffer_);
      return;
    }
    if (!buffer_.empty()) write_run();
    std::vector<Record>().swap(buffer_);
    // A read buffer per run and one for output. Up to 64 runs at a time (a
    // default budget merges gigabytes in one pass, in 128 KiB+ reads); with a
    // tiny budget, fewer passes matter more than bigger reads, down to 16
    // records a read.
    const std::size_t fan_in = std::clamp<std::size_t>(capacity_ / 16, 3, 65) - 1;
    const std::size_t chunk = capacity_ / (fan_in + 1);
    std::vector<Record> memory(chunk * (fan_in + 1));
    while (run_count() > fan_in) {
      source::TempFile merged(folder_, "ckimport-sort-");
      Record* out = memory.data() + fan_in * chunk;
      std::size_t buffered = 0;
      const auto put = [&](const Record& record) {
        out[buffered++] = record;
        if (buffered == chunk) {
          merged.write(out, buffered * sizeof(Record));
          buffered = 0;
        }
      };
      for (std::uint64_t first = 0; first < run_count(); first += fan_in) {
        merge(first, std::min<std::uint64_t>(fan_in, run_count() - first), memory.data(), chunk, put);
      }
      merged.write(out, buffered * sizeof(Record));
      runs_ = std::move(merged);
      run_length_ *= fan_in;
    }
    merge(0, run_count(), memory.data(), chunk, each);
    runs_.reset();
    records_ = 0;
  }

 private:
  std::uint64_t run_count() const { return (records_ + run_length_ - 1) / run_length_; }

  void write_run() {
    std::sort(buffer_.begin(), buffer_.end());
    if (!runs_) {
      runs_.emplace(folder_, "ckimport-sort-");
      run_length_ = capacity_;
    }
    runs_->write(buffer_.data(), buffer_.size() * sizeof(Record));
    records_ += buffer_.size();
    buffer_.clear();
  }

  // Streams runs [first, first + count) of runs_ in order into each(), with
  // `chunk` records of `memory` as each run's read buffer.
  template <typename Each>
  void merge(std::uint64_t first, std::uint64_t count, Record* memory, std::size_t chunk, Each&& each) {
    struct Cursor {
      std::uint64_t next;  // record index in runs_
      std::uint64_t end;
      Record* buffer;
      std::size_t at = 0;
      std::size_t size = 0;
    };
    std::vector<Cursor> cursors;
    const auto refill = [&](Cursor& c) {
      c.size = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, c.end - c.next));
      runs_->read_at(c.next * sizeof(Record), c.buffer, c.size * sizeof(Record));
      c.next += c.size;
      c.at = 0;
      return c.size > 0;
    };
    // A min-heap of the runs not yet drained, by their next record.
    std::vector<Cursor*> heap;
    const auto later = [](const Cursor* a, const Cursor* b) { return b->buffer[b->at] < a->buffer[a->at]; };
    cursors.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::uint64_t begin = (first + i) * run_length_;
      cursors.push_back({begin, std::min(begin + run_length_, records_), memory + i * chunk});
      if (refill(cursors.back())) heap.push_back(&cursors.back());
    }
    std::make_heap(heap.begin(), heap.end(), later);
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), later);
      Cursor& c = *heap.back();
      each(c.buffer[c.at]);
      if (++c.at < c.size || refill(c)) {
        std::push_heap(heap.begin(), heap.end(), later);
      } else {
        heap.pop_back();
      }
    }
  }

  std::size_t capacity_;  // records in memory
  std::string folder_;
  std::vector<Record> buffer_;
  std::optional<source::TempFile> runs_;
  std::uint64_t run_length_ = 1;
  std::uint64_t records_ = 0;  // in runs_
};

// Reads the spilled entries sorted by (hash, place): the items sharing a hash
// come together, earliest first, so the first item seen with a key is its
// first occurrence. Keys are re-read only for hashes that repeat, and only
// the distinct keys of the current hash are held.
class GroupScanner {
 public:
  GroupScanner(const DuplicateFinder::KeyAt& key_at, std::uint64_t answered, RunSorter<Found>& found)
      : key_at_(key_at), answered_(answered), found_(found) {}

  template <typename Entry>
  void add(const Entry& entry) {
    if (!open_ || entry.hash != hash_) {
      open_ = true;
      hash_ = entry.hash;
      first_ = entry.packed;
      first_read_ = false;
      keys_.clear();
      return;
    }
    if (!first_read_) {
      first_read_ = true;
      if (auto key = key_at_(unpack(first_))) keys_.emplace_back(std::move(*key), first_);
    }
    auto key = key_at_(unpack(entry.packed));
    if (!key) return;
    for (const auto& [seen, place] : keys_) {
      if (seen != *key) continue;
      // Up to the spill, add() answered and the caller reported.
      if (entry.packed > answered_) found_.push({entry.packed, place});
      return;
    }
    keys_.emplace_back(std::move(*key), entry.packed);
  }

 private:
  const DuplicateFinder::KeyAt& key_at_;
  std::uint64_t answered_;
  RunSorter<Found>& found_;
  bool open_ = false;
  bool first_read_ = false;
  std::uint64_t hash_ = 0;
  std::uint64_t first_ = 0;
  std::vector<std::pair<std::string, std::uint64_t>> keys_;  // distinct keys of this hash, first place
};

}  // namespace

// The spilled entries: one temporary file of blocks, each a header and up to
// block_entries entries of one partition. A partition's blocks are chained
// backwards from its last, so nothing per block is kept in memory.
struct DuplicateFinder::Spill {
  struct BlockHeader {
    std::uint64_t previous;  // offset + 1 of the partition's previous block; 0: none
    std::uint64_t count;
  };
  struct Partition {
    std::uint64_t last_block = 0;  // offset + 1; 0: none
    std::uint64_t entries = 0;     // on disk
    std::size_t buffered = 0;
  };

  Spill(std::size_t budget, const std::string& folder) : file(folder, "ckimport-keys-") {
    // Up to 256 partitions, fewer when blocks would be under 16 entries: the
    // write buffers, one block a partition, are the whole budget.
    while (partition_bits > 1 && (budget >> partition_bits) < 16 * sizeof(Entry)) --partition_bits;
    block_entries = (budget >> partition_bits) / sizeof(Entry);
    partitions.resize(std::size_t{1} << partition_bits);
  }

  std::size_t partition_of(std::uint64_t hash) const { return hash >> (64 - partition_bits); }

  void start_buffering() { buffers = std::make_unique_for_overwrite<Entry[]>(partitions.size() * block_entries); }

  void append(const Entry& entry) {
    const std::size_t p = partition_of(entry.hash);
    Entry* buffer = &buffers[p * block_entries];
    buffer[partitions[p].buffered++] = entry;
    if (partitions[p].buffered == block_entries) {
      write_block(p, buffer, block_entries);
      partitions[p].buffered = 0;
    }
  }

  void write_block(std::size_t p, const Entry* entries, std::size_t count) {
    Partition& partition = partitions[p];
    const BlockHeader header{partition.last_block, count};
    const std::uint64_t at = file.size();
    file.write(&header, sizeof header);
    file.write(entries, count * sizeof(Entry));
    partition.last_block = at + 1;
    partition.entries += count;
  }

  // Writes what is buffered and frees the buffers.
  void flush() {
    for (std::size_t p = 0; p < partitions.size(); ++p) {
      if (partitions[p].buffered > 0) write_block(p, &buffers[p * block_entries], partitions[p].buffered);
      partitions[p].buffered = 0;
    }
    buffers.reset();
  }

  // Calls each(offset of the entries, count) for every block of partition p.
  template <typename Each>
  void for_each_block(std::size_t p, Each&& each) const {
    for (std::uint64_t at = partitions[p].last_block; at != 0;) {
      BlockHeader header{};
      file.read_at(at - 1, &header, sizeof header);
      if (header.count > block_entries || header.previous >= at) {
        throw source::TempFileError(fmt::format("temporary file {} is corrupt", file.path()));
      }
      each(at - 1 + sizeof header, static_cast<std::size_t>(header.count));
      at = header.previous;
    }
  }

  source::TempFile file;
  unsigned partition_bits = 8;
  std::size_t block_entries = 0;
  std::vector<Partition> partitions;
  std::unique_ptr<Entry[]> buffers;
};

DuplicateFinder::DuplicateFinder(std::size_t memory_budget, std::string temp_folder)
    : budget_(memory_budget), temp_folder_(std::move(temp_folder)) {
  if (budget_ < min_memory_budget) {
    throw std::invalid_argument(
        fmt::format("a memory budget of {} bytes is below the least, {}", budget_, min_memory_budget));
  }
  // Doubling from S/2 slots to S holds both tables at once: 1.5 S must fit.
  max_table_slots_ = std::bit_floor(budget_ / (sizeof(Entry) * 3 / 2));
}

DuplicateFinder::~DuplicateFinder() = default;

const std::vector<DuplicateFinder::Place>& DuplicateFinder::add(std::uint64_t key_hash, Place place) {
  candidates_.clear();
  if (place.file_id >= max_files || place.offset >= max_offset) {
    throw std::invalid_argument(fmt::format("DuplicateFinder: place ({}, {}) is out of range",
                                            place.file_id, place.offset));
  }
  const std::uint64_t packed = pack(place);
  // Exactly-once reporting across a spill rests on places increasing.
  if (any_added_ && packed <= last_added_) {
    throw std::invalid_argument("DuplicateFinder: places must increase from one add() to the next");
  }
  any_added_ = true;
  last_added_ = packed;
  const std::uint64_t hash = mix(key_hash);
  if (spill_) {
    spill_->append({hash, packed});
    return candidates_;
  }
  last_answered_ = packed;
  if (table_.empty()) table_.resize(std::min<std::size_t>(1024, max_table_slots_));
  // The slots holding this hash lie between its home slot and the next empty
  // one, where a new hash goes: find and insert in one probe.
  const std::size_t mask = table_.size() - 1;
  std::size_t i = hash & mask;
  for (; table_[i].hash != 0; i = (i + 1) & mask) {
    if (table_[i].hash == hash) candidates_.push_back(unpack(table_[i].packed));
  }
  if (candidates_.empty()) {
    table_[i] = {hash, packed};
    if (++table_size_ * 2 > table_.size()) grow_or_spill();
  } else if (candidates_.size() > 1) {
    std::sort(candidates_.begin(), candidates_.end());
  }
  return candidates_;
}

void DuplicateFinder::prefetch(std::uint64_t key_hash) const {
  if (spill_ || table_.empty()) return;
  __builtin_prefetch(&table_[mix(key_hash) & (table_.size() - 1)]);
}

void DuplicateFinder::add_distinct_key(std::uint64_t key_hash, Place place) {
  if (spill_ || candidates_.empty() || !any_added_ || pack(place) != last_added_) {
    throw std::logic_error("DuplicateFinder::add_distinct_key: not the item add() just gave candidates for");
  }
  insert(mix(key_hash), last_added_);
  candidates_.clear();
}

void DuplicateFinder::insert(std::uint64_t hash, std::uint64_t packed) {
  const std::size_t mask = table_.size() - 1;
  std::size_t i = hash & mask;
  while (table_[i].hash != 0) i = (i + 1) & mask;
  table_[i] = {hash, packed};
  if (++table_size_ * 2 > table_.size()) grow_or_spill();
}

void DuplicateFinder::grow_or_spill() {
  if (table_.size() * 2 > max_table_slots_) {
    start_spill();
    return;
  }
  std::vector<Entry> old(table_.size() * 2);
  old.swap(table_);
  const std::size_t mask = table_.size() - 1;
  for (const Entry& entry : old) {
    if (entry.hash == 0) continue;
    std::size_t i = entry.hash & mask;
    while (table_[i].hash != 0) i = (i + 1) & mask;
    table_[i] = entry;
  }
}

void DuplicateFinder::start_spill() {
  auto spill = std::make_unique<Spill>(budget_, temp_folder_);
  // The table holds the first place of each distinct key so far: all that
  // later items can be duplicates of. The duplicates add() answered for were
  // never inserted, so finish() cannot report them again.
  const auto end = std::remove_if(table_.begin(), table_.end(), [](const Entry& e) { return e.hash == 0; });
  std::sort(table_.begin(), end);  // by hash: each partition's entries together
  for (auto it = table_.begin(); it != end;) {
    const std::size_t p = spill->partition_of(it->hash);
    const auto stop = std::find_if(it, end, [&](const Entry& e) { return spill->partition_of(e.hash) != p; });
    while (it != stop) {
      const auto count = std::min<std::size_t>(spill->block_entries, static_cast<std::size_t>(stop - it));
      spill->write_block(p, &*it, count);
      it += static_cast<std::ptrdiff_t>(count);
    }
  }
  // Freed before the write buffers are made: never both in memory.
  std::vector<Entry>().swap(table_);
  table_size_ = 0;
  spill->start_buffering();
  spill_ = std::move(spill);
}

void DuplicateFinder::finish(const KeyAt& key_at, const Report& report) {
  std::unique_ptr<Spill> spill = std::move(spill_);
  const std::uint64_t answered = last_answered_;
  std::vector<Entry>().swap(table_);
  table_size_ = 0;
  candidates_.clear();
  any_added_ = false;
  last_added_ = last_answered_ = 0;
  if (!spill) return;

  spill->flush();
  // Half the budget for a partition, a quarter for the duplicates found, and
  // a block (at most a sixteenth) to read through.
  const std::size_t partition_budget = budget_ / 2;
  RunSorter<Found> found(budget_ / 4, temp_folder_);
  GroupScanner scan(key_at, answered, found);
  for (std::size_t p = 0; p < spill->partitions.size(); ++p) {
    const std::uint64_t count = spill->partitions[p].entries;
    if (count == 0) continue;
    if (count <= partition_budget / sizeof(Entry)) {
      std::vector<Entry> entries(static_cast<std::size_t>(count));
      std::size_t end = entries.size();
      spill->for_each_block(p, [&](std::uint64_t at, std::size_t n) {
        if (n > end) throw source::TempFileError(fmt::format("temporary file {} is corrupt", spill->file.path()));
        end -= n;
        spill->file.read_at(at, entries.data() + end, n * sizeof(Entry));
      });
      std::sort(entries.begin(), entries.end());
      for (const Entry& entry : entries) scan.add(entry);
    } else {
      RunSorter<Entry> sorter(partition_budget, temp_folder_);
      std::vector<Entry> block(spill->block_entries);
      spill->for_each_block(p, [&](std::uint64_t at, std::size_t n) {
        spill->file.read_at(at, block.data(), n * sizeof(Entry));
        for (std::size_t i = 0; i < n; ++i) sorter.push(block[i]);
      });
      sorter.drain([&](const Entry& entry) { scan.add(entry); });
    }
  }
  spill.reset();
  found.drain([&](const Found& f) { report({unpack(f.place), unpack(f.first)}); });
}

}  // namespace ckimport::rules
