#pragma once
// What is already on the platform, from the bundle's existing/ files: the
// channels (with the IDs the server gave them, which messages and members
// files refer to) and the users.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace ckimport::model {

// Heterogeneous lookup: find a std::string_view without building a string.
struct StringHash {
  using is_transparent = void;
  // Not noexcept: libstdc++ caches hash codes in the nodes only for hashers
  // that may throw, and without the cache every lookup re-hashes neighbours.
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

struct KnownChannel {
  std::uint64_t id = 0;
  std::string name;
  std::string type;  // "PUBLIC", "PRIVATE", "DIRECT", or "" when the snapshot does not say
};

struct PlatformSnapshot {
  bool has_channels = false;  // at least one channel snapshot was read
  bool has_users = false;
  // Why the snapshot of each kind lists only part of what is on the platform
  // ("existing/channels.json could not be read in full (see its errors)",
  // "existing/users.json holds page 1 of 3"); "" when it is complete.
  // References are then not checked against it: the rest would be reported.
  std::string incomplete_channels;
  std::string incomplete_users;
  // Where the bundle keeps each snapshot ("existing/channels.json", or the
  // path ckimport.json maps): what help texts tell the user to edit.
  std::string channels_file = "existing/channels.json";
  std::string users_file = "existing/users.json";
  std::unordered_map<std::uint64_t, KnownChannel> channels;
  StringSet users;
};

}  // namespace ckimport::model
