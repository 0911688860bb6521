#pragma once
// The tables behind BundleFacts, flat: open addressing over arrays, no node
// allocated per entry, strings back to back in one arena. A lookup is one
// probe (a slot holds a 32-bit tag of the hash, so a miss rarely touches the
// arena), which matters because every message looks up its sender (once:
// BundleFacts::resolve_references); the item's facts carry the hashes, and
// an IdMap's first slot can be prefetched.
//
//   hash_text   64 bits of a string (also what duplicate-idempotency-key
//               hashes keys with, on the thread that parsed the item)
//   NameTable   distinct strings numbered 0, 1, ... in the order added:
//               their bytes + 8 bytes (arena end) + 16-32 bytes of slots each
//   IdMap       64-bit key -> 32-bit value: 16-32 bytes an entry
//   LocationTable  diag::Locations by number: the file's name once, a token
//               on one line in 48 bytes (a Location is 112 and its name)
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"

namespace ckimport::rules {

// Words of 8 bytes through a multiply-rotate chain, then splitmix64's
// finaliser. For two strings of one length that differ in a single word
// every step is a bijection, so they never collide (keys like
// "msg-0000000001" differ in their last word only).
inline std::uint64_t hash_text(std::string_view text) {
  constexpr std::uint64_t multiplier = 0x9E3779B97F4A7C15ULL;
  const char* p = text.data();
  std::size_t n = text.size();
  std::uint64_t h = 0x243F6A8885A308D3ULL ^ (n * multiplier);
  const auto step = [&](std::uint64_t word) { h = std::rotl(h ^ word, 27) * multiplier; };
  if (n >= 8) {
    const char* last = p + n - 8;
    for (; p < last; p += 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      step(word);
    }
    std::uint64_t word;  // the last 8 bytes, overlapping the word before
    std::memcpy(&word, last, 8);
    step(word);
  } else {
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < n; ++i) word |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    step(word);
  }
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 31;
  return h;
}

// Distinct strings, each with a number: 0 for the first added, then 1, ...
class NameTable {
 public:
  static constexpr std::uint32_t none = 0xFFFFFFFFU;

  // The number of `name`, or none.
  std::uint32_t find(std::string_view name) const { return find(name, hash_text(name)); }
  std::uint32_t find(std::string_view name, std::uint64_t hash) const;
  // The number of `name`, which is added when it is not there yet
  // (`added` says which).
  std::uint32_t insert(std::string_view name, bool* added = nullptr) { return insert(name, hash_text(name), added); }
  std::uint32_t insert(std::string_view name, std::uint64_t hash, bool* added = nullptr);  // hash_text(name)

  std::string_view name(std::uint32_t id) const {
    const std::uint64_t begin = id == 0 ? 0 : ends_[id - 1];
    return std::string_view(arena_).substr(begin, ends_[id] - begin);
  }
  std::size_t size() const { return ends_.size(); }
  // Empties the table, keeping its memory for what comes next.
  void clear() {
    slots_.assign(slots_.size(), Slot{});
    arena_.clear();
    ends_.clear();
  }

 private:
  // Where the name is, in the slot: a probe whose tag matches compares the
  // name in the arena straight away, one cache miss fewer than through
  // ends_ (the sender of every message is looked up).
  static constexpr std::uint64_t size_bits = 24;
  static constexpr std::uint64_t long_name = (std::uint64_t{1} << size_bits) - 1;  // size: see ends_
  struct Slot {
    std::uint32_t id_plus_one = 0;  // 0: empty
    std::uint32_t tag = 0;          // the hash's top 32 bits
    std::uint64_t place = 0;        // begin in arena_ << size_bits | size (long_name: at least that)
  };
  static Slot slot_for(std::uint32_t id, std::uint64_t hash, std::uint64_t begin, std::size_t size) {
    return {id + 1, static_cast<std::uint32_t>(hash >> 32),
            begin << size_bits | std::min<std::uint64_t>(size, long_name)};
  }
  bool holds(const Slot& slot, std::string_view name) const;
  void grow();

  std::vector<Slot> slots_;  // a power of two, at most half full
  std::string arena_;
  std::vector<std::uint64_t> ends_;  // where each name ends in arena_
};

// 64-bit keys to 32-bit values; the first value given for a key stays.
class IdMap {
 public:
  static constexpr std::uint32_t none = 0xFFFFFFFFU;

  // The value of `key`, or none (a value may not be none).
  std::uint32_t find(std::uint64_t key) const {
    if (slots_.empty()) return none;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = spread(key) & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.value == none) return none;
      if (slot.key == key) return slot.value;
    }
  }
  bool contains(std::uint64_t key) const { return find(key) != none; }
  // A hint: fetches the slot find(key) starts at into the cache.
  void prefetch(std::uint64_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[spread(key) & (slots_.size() - 1)]);
  }
  // Adds key -> value unless the key is there; false when it was.
  bool insert(std::uint64_t key, std::uint32_t value);
  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = none;  // none: empty
  };
  static std::uint64_t spread(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xFF51AFD7ED558CCDULL;
    key ^= key >> 33;
    return key;
  }
  void grow();

  std::vector<Slot> slots_;  // a power of two, at most half full
  std::size_t size_ = 0;
};

// Locations kept by the hundred thousand (where each user is defined, each
// listed member): what BundleFacts would otherwise hold per entry as a whole
// Location. A location whose end is on its begin's line (a string token:
// nearly all) is packed, its end as the distance from its begin; any other
// is kept whole. at() gives back the Location that was added, field for
// field.
class LocationTable {
 public:
  // The number of the added location: 0, 1, ... in the order added.
  std::uint32_t add(const diag::Location& location);
  diag::Location at(std::uint32_t number) const;
  std::size_t size() const { return packed_.size(); }
  void clear() {
    packed_.clear();
    whole_.clear();
  }

 private:
  static constexpr std::uint32_t kept_whole = 0xFFFFFFFFU;
  struct Packed {
    std::uint64_t offset;       // begin.offset, or the index in whole_
    std::uint64_t line_offset;  // begin.line_offset (end's too: the same line)
    std::uint32_t line;
    std::uint32_t column;
    std::uint32_t utf16_column;
    std::uint32_t file;           // in files_, or kept_whole
    std::uint32_t bytes;          // end.offset - begin.offset
    std::uint32_t columns;        // end.column - begin.column
    std::uint32_t utf16_columns;  // end.utf16_column - begin.utf16_column
  };
  std::uint32_t file_number(const std::string& file);

  std::vector<Packed> packed_;
  std::vector<std::string> files_;  // a bundle has a few files: searched from the last
  std::vector<diag::Location> whole_;
};

}  // namespace ckimport::rules
