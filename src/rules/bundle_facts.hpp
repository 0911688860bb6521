#pragma once
// What the bundle says about its users, channels and members: the facts that
// cross-file rules check references against. Files are read in dependency
// order (users, then channels, then members, then messages), and the bundle
// checker adds each item's facts after the rules have seen it, so when an
// item is checked everything it can refer to is here. Rules only read the
// facts; a rule that must remember items of its own kind (a duplicate
// check) keeps that memory itself.
//
// Scale: names of users and channels are kept as strings (their number is
// the number of users and channels); nothing is kept per message.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "diag/diagnostic.hpp"
#include "model/snapshot.hpp"
#include "rules/item_context.hpp"

namespace ckimport::rules {

class BundleFacts {
 public:
  // `users_known` / `channels_known`: whether a reference can be judged at
  // all (a users file or a snapshot read in full; a channel snapshot read in
  // full).
  BundleFacts(const model::PlatformSnapshot& snapshot, bool users_known, bool channels_known)
      : snapshot_(snapshot), users_known_(users_known), channels_known_(channels_known) {}

  const model::PlatformSnapshot& snapshot() const { return snapshot_; }

  // Usernames: defined in users files, or on the platform already.
  bool users_known() const { return users_known_; }
  bool channels_known() const { return channels_known_; }
  bool has_user(std::string_view name) const;
  // Where a users file defines `name`; nullptr for a user of the snapshot.
  const diag::Location* user_definition(std::string_view name) const;
  // A defined username that a person reads as `name`: equal by
  // text::name_key() (case, white space, invisible characters, Unicode
  // form), else by text::confusable_key() (look-alike letters: Cyrillic а
  // for Latin a). Only once the users files are read: the look-alike index
  // is built at the first call that needs it (thread-safe), from the users
  // of that moment.
  std::optional<std::string> similar_user(std::string_view name) const;

  // Where a channels file defines the channel `name`.
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

  // The bundle checker's: before the items of each file are read, and after
  // the rules have checked an item. Channels and members are final once
  // messages files begin: their members are then indexed by platform ID too.
  void start_file(model::ResourceKind kind);
  void add(const ItemContext& item);

 private:
  const model::PlatformSnapshot& snapshot_;
  bool users_known_;
  bool channels_known_;
  model::StringMap<diag::Location> users_;
  model::StringMap<std::string> users_by_folded_name_;
  // confusable_key -> the first user with it, bundle then snapshot; made
  // only when a reference matches no user by name_key (rare: an error).
  mutable std::once_flag confusable_index_made_;
  mutable model::StringMap<std::string> users_by_confusable_key_;
  model::StringMap<diag::Location> channels_;
  model::StringMap<model::StringMap<diag::Location>> listed_members_;
  model::StringMap<model::StringMap<diag::Location>> all_members_;
  std::unordered_map<std::uint64_t, const model::StringMap<diag::Location>*> members_by_channel_id_;
};

// text::name_key(): how two usernames that a person would read as the same
// are compared for "did you mean" (case folded, white space trimmed and made
// single spaces, invisible characters dropped, NFC).
std::string fold_name(std::string_view name);

}  // namespace ckimport::rules
