#include "model/bundle.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace ckimport::model {
namespace {

namespace fs = std::filesystem;

// Every regular file under `root`, as root-relative paths with '/'. Symbolic
// links to folders are not followed (a link loop cannot hang the walk).
std::vector<std::string> list_files(const std::string& root) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      const auto name = entry.path().filename().string();
      if (entry.is_symlink(type_ec) || name.starts_with(".") || name == "node_modules" ||
          it.depth() > 16) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!entry.is_regular_file(type_ec)) continue;
    files.push_back(entry.path().lexically_relative(root).generic_string());
  }
  std::sort(files.begin(), files.end());
  return files;
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

}  // namespace

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

Bundle discover_bundle(const std::string& root, const BundleConfig* config) {
  Bundle bundle;
  bundle.root = root;
  std::error_code ec;
  if (fs::is_regular_file(fs::path(root) / bundle_config_name, ec)) {
    bundle.config_path = join_path(root, bundle_config_name);
  }
  if (config != nullptr) bundle.rule_settings = config->rules;

  const auto files = list_files(root);
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

  for (const auto& file : files) {
    const std::string shown = join_path(root, file);
    if (file == bundle_config_name) continue;
    if (matches_any(existing_channels, file)) {
      bundle.existing_channels.push_back(shown);
    } else if (matches_any(existing_users, file)) {
      bundle.existing_users.push_back(shown);
    } else if (matches_any(users, file)) {
      bundle.files.push_back({shown, ResourceKind::users, std::nullopt});
    } else if (matches_any(channels, file)) {
      bundle.files.push_back({shown, ResourceKind::channels, std::nullopt});
    } else if (matches_any(messages, file)) {
      bundle.files.push_back({shown, ResourceKind::messages, std::nullopt});
    } else if (c.members) {
      const auto found = std::find_if(c.members->begin(), c.members->end(),
                                      [&](const MembersFileConfig& m) { return m.path == file; });
      if (found != c.members->end()) {
        bundle.files.push_back({shown, ResourceKind::members, found->channel_id});
      } else {
        bundle.unmatched.push_back(shown);
      }
    } else if (matches("members/*.json", file)) {
      bundle.files.push_back({shown, ResourceKind::members, member_file_channel(file)});
    } else {
      bundle.unmatched.push_back(shown);
    }
  }
  return bundle;
}

}  // namespace ckimport::model
