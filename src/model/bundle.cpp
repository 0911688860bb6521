#include "model/bundle.hpp"

#include "source/byte_source.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

namespace ckimport::model {
namespace {

namespace fs = std::filesystem;

// What is under a bundle folder, as root-relative paths with '/', sorted.
struct Listing {
  std::vector<std::string> files;    // regular files
  std::vector<std::string> folders;
  // Neither, once symbolic links are followed, or not looked up: dangling
  // links, link loops, FIFOs, devices, sockets.
  std::vector<std::string> others;
};

// A folder of the bundle that cannot be listed or entered stops the run, as
// an unreadable file does: its files would be skipped in silence, and a
// missing users file or snapshot turns whole checks off.
[[noreturn]] void unreadable_folder(const std::string& root, const fs::path& folder, const std::error_code& ec) {
  std::string shown = folder.lexically_relative(root).generic_string();
  shown = shown.empty() || shown == "." ? root : join_path(root, shown);
  std::string reason = ec.message();
  if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  throw source::InputError(shown + ": cannot read folder: " + reason);
}

// Everything under `root`. Symbolic links to folders are not followed (a
// link loop cannot hang the walk). Throws source::InputError for a folder
// that cannot be read.
Listing list_entries(const std::string& root) {
  Listing listing;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, ec);
  if (ec) unreadable_folder(root, root, ec);
  // What the next step of the walk reads: the folder just met (it is
  // entered next) or the one being listed. A failed step names it.
  fs::path reading = root;
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    std::error_code type_ec;
    const std::string relative = entry.path().lexically_relative(root).generic_string();
    reading = entry.path().parent_path();
    if (entry.is_directory(type_ec)) {
      const auto name = entry.path().filename().string();
      if (entry.is_symlink(type_ec) || name.starts_with(".") || name == "node_modules" ||
          it.depth() > 16) {
        it.disable_recursion_pending();
      } else {
        reading = entry.path();
      }
      listing.folders.push_back(relative);
      continue;
    }
    if (entry.is_regular_file(type_ec)) {
      listing.files.push_back(relative);
    } else {
      listing.others.push_back(relative);
    }
  }
  if (ec) unreadable_folder(root, reading, ec);
  std::sort(listing.files.begin(), listing.files.end());
  std::sort(listing.folders.begin(), listing.folders.end());
  std::sort(listing.others.begin(), listing.others.end());
  return listing;
}

bool matches(const std::string& pattern, const std::string& path) {
  return ::fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME) == 0;
}

bool matches_any(const std::vector<std::string>& patterns, const std::string& path) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return matches(p, path); });
}

std::string parent_of(const std::string& path) {
  const fs::path p(path);
  const auto parent = p.parent_path().string();
  return parent.empty() ? std::string(".") : parent;
}

// A folder the walks do not enter.
bool skipped_folder(const fs::directory_entry& entry) {
  std::error_code ec;
  const auto name = entry.path().filename().string();
  return entry.is_symlink(ec) || name.starts_with(".") || name == "node_modules";
}

// Whether `folder` has an entry other than a folder whose name matches
// `pattern` (a glob without '/').
bool has_entry_matching(const fs::path& folder, const char* pattern) {
  std::error_code ec;
  fs::directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_directory(type_ec)) continue;
    if (matches(pattern, it->path().filename().string())) return true;
  }
  return false;
}

// A folder that cannot be listed stops the run (list_entries says why): a
// bundle in it would go unchecked in silence.
void collect_bundle_folders(const std::string& root, const fs::path& folder, int depth,
                            std::vector<std::string>& out) {
  if (depth > 16) return;
  std::vector<fs::path> children;
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_directory(type_ec) && !skipped_folder(*it)) children.push_back(it->path().filename());
  }
  if (ec) unreadable_folder(root, folder, ec);
  std::sort(children.begin(), children.end());
  for (const auto& child : children) {
    // A bundle's members/ and existing/ are parts of it, never bundles of
    // their own (existing/users.json would look like one); below a folder
    // that is no bundle they hold no import files (it would be one).
    if (child == "members" || child == "existing") continue;
    if (is_bundle_folder((folder / child).string())) {
      out.push_back(join_path(root, (folder / child).lexically_relative(root).generic_string()));
    } else {
      collect_bundle_folders(root, folder / child, depth + 1, out);
    }
  }
}

}  // namespace

bool is_bundle_folder(const std::string& folder) {
  const fs::path root(folder);
  std::error_code ec;
  if (fs::is_regular_file(root / bundle_config_name, ec)) return true;
  for (const char* pattern : {"users*.json", "channels*.json", "messages*.json"}) {
    if (has_entry_matching(root, pattern)) return true;
  }
  return has_entry_matching(root / "members", "*.json") || has_entry_matching(root / "existing", "channels*.json") ||
         has_entry_matching(root / "existing", "users*.json");
}

std::vector<std::string> bundle_folders_below(const std::string& root) {
  std::vector<std::string> out;
  collect_bundle_folders(root, fs::path(root), 1, out);
  return out;
}

std::string join_path(const std::string& root, const std::string& relative) {
  if (root.empty() || root == ".") return relative;
  if (root.back() == '/') return root + relative;
  return root + "/" + relative;
}

std::string bundle_root_for(const std::string& path) {
  std::error_code ec;
  fs::path dir = fs::is_directory(path, ec) ? fs::path(path) : fs::path(parent_of(path));
  // Look for ckimport.json in the folder and its ancestors.
  const fs::path absolute = fs::absolute(dir, ec);
  fs::path probe = absolute;
  fs::path shown = dir;
  for (int up = 0; up < 64; ++up) {
    if (fs::is_regular_file(probe / bundle_config_name, ec)) {
      return up == 0 ? dir.string() : shown.lexically_normal().string();
    }
    if (!probe.has_parent_path() || probe.parent_path() == probe) break;
    probe = probe.parent_path();
    shown = shown / "..";
  }
  if (dir.filename() == "members" || dir.filename() == "existing") return parent_of(dir.string());
  return dir.string();
}

std::vector<bool> patterns_matched(const std::string& root, const std::vector<std::string>& patterns) {
  const auto listing = list_entries(root);
  std::vector<bool> matched(patterns.size(), false);
  for (const auto* entries : {&listing.files, &listing.others}) {
    for (const auto& entry : *entries) {
      for (std::size_t i = 0; i < patterns.size(); ++i) {
        if (!matched[i] && matches(patterns[i], entry)) matched[i] = true;
      }
    }
  }
  return matched;
}

Bundle discover_bundle(const std::string& root, const BundleConfig* config) {
  Bundle bundle;
  bundle.root = root;
  std::error_code ec;
  if (fs::is_regular_file(fs::path(root) / bundle_config_name, ec)) {
    bundle.config_path = join_path(root, bundle_config_name);
  }

  const auto listing = list_entries(root);
  const auto patterns = [&](const std::optional<std::vector<std::string>>& configured,
                            const char* convention) {
    return configured ? *configured : std::vector<std::string>{convention};
  };
  const BundleConfig none;
  const BundleConfig& c = config ? *config : none;
  const auto users = patterns(c.users, "users*.json");
  const auto channels = patterns(c.channels, "channels*.json");
  const auto messages = patterns(c.messages, "messages*.json");
  const auto existing_channels = patterns(c.existing_channels, "existing/channels*.json");
  const auto existing_users = patterns(c.existing_users, "existing/users*.json");
  if (c.existing_channels && !c.existing_channels->empty()) bundle.channels_snapshot_name = c.existing_channels->front();
  if (c.existing_users && !c.existing_users->empty()) bundle.users_snapshot_name = c.existing_users->front();

  // Puts `file` where its name says; false when it matches no kind.
  const auto place = [&](const std::string& file, Bundle& into) {
    const std::string shown = join_path(root, file);
    if (matches_any(existing_channels, file)) {
      into.existing_channels.push_back(shown);
    } else if (matches_any(existing_users, file)) {
      into.existing_users.push_back(shown);
    } else if (matches_any(users, file)) {
      into.files.push_back({shown, ResourceKind::users, std::nullopt});
    } else if (matches_any(channels, file)) {
      into.files.push_back({shown, ResourceKind::channels, std::nullopt});
    } else if (matches_any(messages, file)) {
      into.files.push_back({shown, ResourceKind::messages, std::nullopt});
    } else if (c.members) {
      const auto found = std::find_if(c.members->begin(), c.members->end(),
                                      [&](const MembersFileConfig& m) { return m.path == file; });
      if (found == c.members->end()) return false;
      into.files.push_back({shown, ResourceKind::members, found->channel_id});
    } else if (matches("members/*.json", file)) {
      into.files.push_back({shown, ResourceKind::members, member_file_channel(file)});
    } else {
      return false;
    }
    return true;
  };
  for (const auto& file : listing.files) {
    if (file == bundle_config_name) continue;
    if (!place(file, bundle)) bundle.unmatched.push_back(join_path(root, file));
  }
  // A dangling link, a link loop or a FIFO named like an import file is one
  // the user meant to import: it is listed like a file, and opening it
  // stops the run with the reason. One named like nothing is not listed.
  for (const auto& other : listing.others) {
    if (other != bundle_config_name) place(other, bundle);
  }
  // A folder named like an import file is not one: said in a note.
  for (const auto& folder : listing.folders) {
    Bundle scratch;
    if (place(folder, scratch)) bundle.folders_named_like_files.push_back(join_path(root, folder));
  }
  const auto by_path = [](const BundleFile& a, const BundleFile& b) { return a.path < b.path; };
  std::sort(bundle.files.begin(), bundle.files.end(), by_path);
  std::sort(bundle.existing_channels.begin(), bundle.existing_channels.end());
  std::sort(bundle.existing_users.begin(), bundle.existing_users.end());
  return bundle;
}

}  // namespace ckimport::model
