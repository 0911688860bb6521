#pragma once
// What the cross-file rules know about the bundle so far. Files are read in
// dependency order (users, channels, members, messages), so when an item is
// checked, everything it can refer to has been indexed.
//
// Scale: names of users and channels are kept as strings (their number is
// the number of users and channels). Idempotency keys, one per item of files
// that can hold millions of items, are kept as 64-bit hashes with the byte
// offset of their item; a suspected duplicate is confirmed by re-reading the
// earlier item. Memory grows with the number of distinct keys, not with the
// size of the files.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/bundle.hpp"
#include "model/snapshot.hpp"
#include "rules/item_facts.hpp"
#include "source/position.hpp"

namespace ckimport::rules {

// Reads back an item that was indexed earlier (the bundle checker keeps the
// files open for this).
class ItemFetcher {
 public:
  virtual ~ItemFetcher() = default;
  // The text of the item that starts at `offset` in file `file_id`, and,
  // with `with_position`, where it starts (a re-read of up to a MiB, so
  // only when a diagnostic needs it); nullopt when it cannot be read again.
  struct Item {
    std::string text;
    source::Position start;
  };
  virtual std::optional<Item> fetch(std::uint32_t file_id, std::uint64_t offset,
                                    bool with_position) = 0;
  virtual const std::string& path(std::uint32_t file_id) const = 0;
};

// The item being checked, as rules see it.
struct ItemContext {
  const model::BundleFile& file;
  std::uint32_t file_id;
  std::uint64_t index;         // position in the file's array
  source::Position start;      // of the item's first byte
  std::string_view text;       // the item's bytes
  const ItemFacts& facts;
  // Where a fact's token is (its value, or its key).
  diag::Location locate(const FactPath& path) const;
  // Where each element of the array at /key is, in one pass.
  std::vector<diag::Location> locate_elements(std::string_view key) const;
};

// A hash set of 64-bit keys, each with where it was first seen (file and
// item offset), open addressing: 16 bytes a key.
class HashedKeyTable {
 public:
  struct Place {
    std::uint32_t file_id;
    std::uint64_t offset;
  };
  // Every earlier place whose key has this hash (usually none or one).
  std::vector<Place> find(std::uint64_t hash) const;
  // file_id < max_files and offset < max_offset (see BundleChecker).
  void insert(std::uint64_t hash, Place place);
  static constexpr std::uint32_t max_files = std::uint32_t{1} << 24;
  static constexpr std::uint64_t max_offset = std::uint64_t{1} << 40;
  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;    // 0: empty
    std::uint64_t packed = 0;  // file_id << 40 | offset
  };
  void grow();
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

class BundleIndex {
 public:
  BundleIndex(const model::PlatformSnapshot& snapshot, ItemFetcher& fetcher, bool users_known,
              bool channels_known)
      : snapshot_(snapshot), fetcher_(fetcher), users_known_(users_known), channels_known_(channels_known) {}

  const model::PlatformSnapshot& snapshot() const { return snapshot_; }

  // Usernames: defined in users files, or on the platform already.
  bool users_known() const { return users_known_; }  // false: no users file and no snapshot, or a broken one
  // Whether the platform's channels are known (a snapshot read in full).
  bool channels_known() const { return channels_known_; }
  bool has_user(std::string_view name) const;
  const diag::Location* user_definition(std::string_view name) const;
  // A defined username equal to `name` but for case and surrounding spaces.
  std::optional<std::string> similar_user(std::string_view name) const;

  // Channel names defined in channels files.
  const diag::Location* channel_definition(std::string_view name) const;
  // The channel a platform ID names, when the snapshot knows it.
  const model::KnownChannel* known_channel(std::uint64_t id) const;
  // Members of a channel, by name, when a channels file lists them: its
  // members[] and, once read, its members files. nullptr when unknown.
  const model::StringMap<diag::Location>* channel_members(std::string_view channel_name) const;
  // members[] only (for a members file repeating it).
  const model::StringMap<diag::Location>* listed_members(std::string_view channel_name) const;
  // channel_members() of the channel a platform ID names, when a channels
  // file lists its members; by ID in one lookup. Only while messages files
  // are read (see start_file).
  const model::StringMap<diag::Location>* members_of_channel_id(std::uint64_t id) const;

  // Called before the items of each file are read. Channels and members are
  // final once messages files begin: their members are then indexed by
  // platform ID too.
  void start_file(model::ResourceKind kind);

  // Where the members file being read added `username`, if it did already.
  const diag::Location* added_by_this_file(std::uint32_t file_id, std::string_view username) const;

  // The first DIRECT channel with this member set (sorted, joined), if any.
  const diag::Location* direct_channel(const std::string& member_set) const;

  // The earlier item of this kind with the same idempotency key, if any.
  std::optional<diag::Location> idempotency_duplicate(model::ResourceKind kind,
                                                      std::string_view key);

  // Records an item after the rules have checked it (and forgets the last
  // idempotency_duplicate() lookup, which it reuses when it was this item's).
  void add(const ItemContext& item);

  static std::string member_set_key(const std::vector<StringFact>& members);

 private:
  std::optional<std::string> fetch_key(const HashedKeyTable::Place& place, diag::Location* where);

  const model::PlatformSnapshot& snapshot_;
  ItemFetcher& fetcher_;
  bool users_known_;
  bool channels_known_;
  model::StringMap<diag::Location> users_;
  model::StringMap<std::string> users_by_folded_name_;
  model::StringMap<diag::Location> channels_;
  model::StringMap<model::StringMap<diag::Location>> listed_members_;
  model::StringMap<model::StringMap<diag::Location>> all_members_;
  std::unordered_map<std::uint64_t, const model::StringMap<diag::Location>*> members_by_channel_id_;
  model::StringMap<diag::Location> direct_channels_;
  std::uint32_t members_file_id_ = UINT32_MAX;  // the members file being read
  model::StringMap<diag::Location> members_file_usernames_;
  HashedKeyTable idempotency_[4];
  // The last idempotency_duplicate() lookup: add() reuses it for the same
  // item instead of probing a table of millions of keys (a cache miss) again.
  struct KeyLookup {
    const char* key;  // identity of the item's key (its facts' storage)
    std::size_t size;
    model::ResourceKind kind;
    std::uint64_t hash;
    bool seen;
  };
  std::optional<KeyLookup> last_key_lookup_;
};

// Lower case ASCII, surrounding spaces removed: how two usernames that a
// person would read as the same are compared for "did you mean".
std::string fold_name(std::string_view name);

}  // namespace ckimport::rules
