#pragma once
// An import bundle: the files of one import, each with its kind, and the
// snapshots of what is already on the platform. Found by convention in a
// folder, or as its ckimport.json says.
//
// Convention (at the bundle root): users*.json, channels*.json,
// messages*.json, members/<channelId>.json, existing/channels*.json and
// existing/users*.json. Other files are listed once as a note.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diag/sink.hpp"
#include "model/resource_kind.hpp"

namespace ckimport::model {

// ckimport.json, parsed (check/bundle_loader.hpp reads and checks it):
//
//   {
//     "files": {
//       "users": ["people/*.json"],            globs, relative to the bundle root
//       "channels": ["rooms.json"],
//       "messages": ["history/*.json"],
//       "members": [{"path": "members/general.json", "channelId": 1001}]
//     },
//     "existing": {"channels": ["platform/channels.json"], "users": ["platform/users.json"]},
//     "rules": {"sender-not-member": "off"}
//   }
//
// A kind the file does not mention keeps the convention.
struct MembersFileConfig {
  std::string path;
  std::uint64_t channel_id = 0;
};

struct BundleConfig {
  std::optional<std::vector<std::string>> users, channels, messages;
  std::optional<std::vector<MembersFileConfig>> members;
  std::optional<std::vector<std::string>> existing_channels, existing_users;
  diag::RuleSettings rules;
};

struct BundleFile {
  std::string path;  // as shown in diagnostics: root-relative paths joined to the root as given
  ResourceKind kind = ResourceKind::users;
  std::optional<std::uint64_t> channel_id;  // members files: the channel the file adds members to
};

struct Bundle {
  std::string root;                          // the folder, as given
  std::optional<std::string> config_path;    // root/ckimport.json when there is one
  std::vector<BundleFile> files;             // sorted by path
  std::vector<std::string> existing_channels;
  std::vector<std::string> existing_users;
  std::vector<std::string> unmatched;        // files that match no kind
  std::vector<std::string> folders_named_like_files;  // folders whose names match a kind
  // Where the platform snapshots go, for help texts: the convention, or the
  // first path ckimport.json gives for them.
  std::string channels_snapshot_name = "existing/channels.json";
  std::string users_snapshot_name = "existing/users.json";
};

// The folder a file belongs to: its nearest ancestor (itself included when a
// folder) holding ckimport.json, else the folder the file is in (for
// members/<id>.json, the folder above members/).
std::string bundle_root_for(const std::string& path);

// For each of `patterns` (root-relative, as in ckimport.json), whether it
// matches a file (or a link, FIFO...) under `root`. Throws
// source::InputError for a folder that cannot be read.
std::vector<bool> patterns_matched(const std::string& root, const std::vector<std::string>& patterns);

// Lists the bundle at `root` by convention, overridden by `config` (the
// parsed root/ckimport.json) where it says.
Bundle discover_bundle(const std::string& root, const BundleConfig* config);

// Whether `folder` is a bundle of its own: it holds a ckimport.json, or
// import files of its own by the convention (users*.json, channels*.json,
// messages*.json, members/*.json, existing/channels*.json,
// existing/users*.json; any entry so named but a folder, as
// discover_bundle() lists them).
bool is_bundle_folder(const std::string& folder);

// The folders below `root` (not `root` itself) that are bundles of their
// own (is_bundle_folder), joined to `root` as given, in path order. The walk
// does not go into a bundle it found (its folders are its own: members/,
// existing/, what its ckimport.json names), nor into folders named members
// or existing (the parts of a bundle), nor into hidden folders,
// node_modules or symbolic links to folders, nor deeper than 16 levels.
// Throws source::InputError for a folder it cannot list, as
// discover_bundle() does.
std::vector<std::string> bundle_folders_below(const std::string& root);

inline constexpr const char* bundle_config_name = "ckimport.json";

// Joins a root and a root-relative path the way paths are shown: "a/b" and
// "users.json" give "a/b/users.json"; "." gives "users.json".
std::string join_path(const std::string& root, const std::string& relative);

}  // namespace ckimport::model
