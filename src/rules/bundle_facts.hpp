#pragma once
// What the bundle says about its users, channels and members: the facts that
// cross-file rules check references against. Files are read in dependency
// order (users, then channels, then members, then messages), and the bundle
// checker adds each item's facts after the rules have seen it, so when an
// item is checked everything it can refer to is here. Rules only read the
// facts; a rule that must remember items of its own kind (a duplicate
// check) keeps that memory itself.
//
// Scale: nothing is kept per message. Names are interned once each in flat
// tables (rules/flat_tables.hpp), and the places diagnostics name are kept
// packed (LocationTable: 48 bytes, the file's name once): a username (of a
// users file, the snapshot or a member list) costs its bytes and ~40 bytes;
// a user a users file defines its place and its folded name too (~90 bytes
// more, and the name's bytes again); a channel name its bytes, ~40 bytes and
// its place; a member of a channel 32 bytes at most, a listed member its
// place too.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/snapshot.hpp"
#include "rules/flat_tables.hpp"
#include "rules/item_context.hpp"

namespace ckimport::rules {

class BundleFacts {
 public:
  // `users_known` / `channels_known`: whether a reference can be judged at
  // all (a users file or a snapshot read in full; a channel snapshot read in
  // full).
  BundleFacts(const model::PlatformSnapshot& snapshot, bool users_known, bool channels_known);

  const model::PlatformSnapshot& snapshot() const { return snapshot_; }

  // Usernames: defined in users files, or on the platform already.
  bool users_known() const { return users_known_; }
  bool channels_known() const { return channels_known_; }
  bool has_user(const StringFact& name) const;
  // The first item of a users file that could not be read, or that has no
  // name that can be read: while there is one, the table of users is
  // partial, and a name missing from it may be that item's.
  const std::optional<diag::Location>& unreadable_user() const { return unreadable_user_; }
  // Where a users file defines `name`; nullopt for a user of the snapshot.
  std::optional<diag::Location> user_definition(std::string_view name) const;
  // A defined username that a person reads as `name`: equal by
  // text::name_key() (case, white space, invisible characters, Unicode
  // form), else by text::confusable_key() (look-alike letters: Cyrillic а
  // for Latin a). Only once the users files are read: the look-alike index
  // is built at the first call that needs it (thread-safe), from the users
  // of that moment.
  std::optional<std::string> similar_user(std::string_view name) const;

  // Where a channels file defines the channel `name`.
  std::optional<diag::Location> channel_definition(std::string_view name) const;
  // The channel a platform ID names, when the snapshot knows it.
  const model::KnownChannel* known_channel(std::uint64_t id) const;
  // Where the members[] of the channels file that defines `channel_name`
  // lists `user`; nullopt when it does not (for a members file repeating it).
  std::optional<diag::Location> listed_member(std::string_view channel_name, std::string_view user) const;
  // Whether `user` is a member of the channel a platform ID names, when its
  // members are known: the snapshot names the channel and a channels file
  // defines it (its members[] and its members files count). nullopt when
  // they are not known: nor when the channels file's `members` is not a
  // list of names. Only while messages files are read (see start_file).
  std::optional<bool> is_member(std::uint64_t channel_id, const StringFact& user) const;

  // From the thread that parsed a message, as soon as its facts are read:
  // looks its sender up once (noted in StringFact::user_number, which
  // has_user() and is_member() then read) and fetches the membership slot
  // is_member() will probe into the cache, while the item's own checks run.
  // Changes no answer.
  void resolve_references(ItemFacts& message) const;

  // The bundle checker's: before the items of each file are read, and after
  // the rules have checked an item. Channels and members are final once
  // messages files begin: their members are then indexed by platform ID too.
  void start_file(model::ResourceKind kind);
  void add(const ItemContext& item);
  // An item of `file` that could not be read, at `item`.
  void add_unreadable(const model::BundleFile& file, const diag::Location& item);

 private:
  // What is known of a username (by its number in names_).
  struct NameInfo {
    std::uint32_t definition = NameTable::none;  // in user_definitions_: defined by a users file
    bool on_platform = false;                    // in the snapshot
  };
  static std::uint64_t member_key(std::uint32_t channel, std::uint32_t name) {
    return (std::uint64_t{channel} << 32) | name;
  }
  std::uint32_t intern_name(std::string_view name, std::uint64_t hash);  // hash_text(name)
  // A member's number in members_' keys: a user's number in names_, or, for
  // a name that is no user's, its number in member_only_names_ with
  // member_only set. member_number() adds such a name; find_member_number()
  // gives none for a name never listed.
  static constexpr std::uint32_t member_only = 0x80000000U;
  std::uint32_t member_number(const StringFact& name);
  std::uint32_t find_member_number(const StringFact& name) const;
  // The number of `name` in names_, or none: its user_number once resolved.
  std::uint32_t user_number(const StringFact& name) const {
    return name.user_number != StringFact::unresolved ? name.user_number : names_.find(name.value, name.hash);
  }

  const model::PlatformSnapshot& snapshot_;
  bool users_known_;
  bool channels_known_;
  // The usernames of users files and the snapshot. Only users files add to
  // it: the rules of every later kind read it from worker threads (see
  // CrossFileRule::check_item_any_order), while the calling thread adds
  // that kind's items.
  NameTable names_;
  NameTable member_only_names_;  // listed members who are no user (unknown-user's to report)
  std::vector<NameInfo> name_info_;
  LocationTable user_definitions_;
  NameTable folded_names_;                  // fold_name() of the usernames users files define
  std::vector<std::uint32_t> folded_users_;  // by folded name: the first such username's number
  NameTable channel_names_;                  // channels defined by channels files: numbered in order
  LocationTable channel_definitions_;        // by channel number
  // By channel number: its `members` is not a list of names, or a members
  // file of it has an item that cannot be read.
  std::vector<bool> members_unknown_;
  std::optional<diag::Location> unreadable_user_;
  // (channel number, username number) -> the place in listed_members_, or
  // not_listed for a member added by a members file.
  IdMap members_;
  LocationTable listed_members_;
  static constexpr std::uint32_t not_listed = IdMap::none - 1;
  std::vector<const model::KnownChannel*> known_channels_;
  IdMap known_channel_ids_;  // platform ID -> index in known_channels_
  IdMap channel_ids_;        // platform ID -> channel number, once messages are read
  bool channel_ids_made_ = false;
  // confusable_key -> the first user with it, bundle then snapshot; made
  // only when a reference matches no user by name_key (rare: an error).
  mutable std::once_flag confusable_index_made_;
  mutable model::StringMap<std::string> users_by_confusable_key_;
};

// text::name_key(): how two usernames that a person would read as the same
// are compared for "did you mean" (case folded, white space trimmed and made
// single spaces, invisible characters dropped, NFC).
std::string fold_name(std::string_view name);

}  // namespace ckimport::rules
