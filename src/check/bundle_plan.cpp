#include "check/bundle_plan.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "rules/item_context.hpp"
#include "source/byte_source.hpp"

namespace ckimport::check {
namespace {

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

bool is_under(const std::string& path, const std::string& folder) {
  return path.size() > folder.size() && path.starts_with(folder) && path[folder.size()] == '/';
}

// The bundles below a bundle that are not checked: its files there are not
// "unmatched" (they match, in a bundle of their own), and one note names
// them. A folder whose files the bundle reads itself (its ckimport.json
// names them) is the bundle's, not a bundle of its own.
void note_bundles_below(const BundleTarget& target, PreparedBundle& prepared) {
  model::Bundle& bundle = prepared.bundle;
  std::vector<std::string> folders;
  for (const auto& folder : target.bundles_below) {
    const auto in_folder = [&](const std::string& path) { return is_under(path, folder); };
    const bool read_here =
        std::any_of(bundle.files.begin(), bundle.files.end(),
                    [&](const model::BundleFile& file) { return in_folder(file.path); }) ||
        std::any_of(bundle.existing_channels.begin(), bundle.existing_channels.end(), in_folder) ||
        std::any_of(bundle.existing_users.begin(), bundle.existing_users.end(), in_folder);
    if (read_here) continue;
    folders.push_back(folder);
    auto& unmatched = bundle.unmatched;
    unmatched.erase(std::remove_if(unmatched.begin(), unmatched.end(), in_folder), unmatched.end());
  }
  if (folders.empty()) return;
  diag::Diagnostic d;
  d.rule = diag::RuleId::unmatched_file;
  d.severity = diag::Severity::note;
  d.location = rules::file_start({folders.front(), model::ResourceKind::users, std::nullopt});
  d.message = folders.size() == 1
                  ? fmt::format("not checked, a folder below this bundle that holds a bundle of its own: {}; "
                                "name it to check it",
                                folders.front())
                  : fmt::format("not checked, folders below this bundle that hold bundles of their own: {}; "
                                "name them to check them",
                                fmt::join(folders, ", "));
  prepared.notes.push_back(std::move(d));
}

}  // namespace

std::vector<BundleTarget> group_by_bundle(const std::vector<std::string>& paths, const Overlay& overlay) {
  std::vector<BundleTarget> targets;
  std::unordered_map<std::string, std::size_t> target_of_root;  // by file_identity
  std::unordered_map<std::string, std::string> root_of_folder;  // bundle_root_for, once per folder
  std::unordered_set<std::string> named_once;                   // by file_identity
  const auto target_for = [&](const std::string& root) -> BundleTarget& {
    const auto [at, added] = target_of_root.try_emplace(file_identity(root), targets.size());
    if (added) targets.push_back({root, false, {}, {}});
    return targets[at->second];
  };
  for (const auto& path : paths) {
    if (!overlay.contains(path) && source::path_kind(path) == source::PathKind::directory) {
      const std::string root = without_trailing_slash(path);
      const bool bundle = model::is_bundle_folder(root);
      std::vector<std::string> below = model::bundle_folders_below(root);
      if (!bundle && !below.empty()) {
        // Each is a bundle like one named, with the bundles below it noted.
        for (const auto& folder : below) {
          BundleTarget& target = target_for(folder);
          target.whole = true;
          target.bundles_below = model::bundle_folders_below(folder);
        }
        continue;
      }
      BundleTarget& target = target_for(root);
      target.whole = true;
      // A folder that holds no bundle either: prepare_bundle says so.
      if (bundle) target.bundles_below = std::move(below);
      continue;
    }
    // The same file named twice (`users.json ./users.json`) is one file.
    if (!named_once.insert(file_identity(path)).second) continue;
    const std::string folder = std::filesystem::path(path).parent_path().string();
    auto root = root_of_folder.find(folder);
    if (root == root_of_folder.end()) root = root_of_folder.emplace(folder, model::bundle_root_for(path)).first;
    target_for(root->second).named.push_back(path);
  }
  // A bundle below another that is checked as a target of its own is not
  // "not checked".
  for (auto& target : targets) {
    auto& below = target.bundles_below;
    below.erase(std::remove_if(below.begin(), below.end(),
                               [&](const std::string& folder) {
                                 return target_of_root.contains(file_identity(folder));
                               }),
                below.end());
  }
  return targets;
}

PreparedBundle prepare_bundle(const BundleTarget& target, const model::BundleConfig* config,
                              std::optional<model::ResourceKind> forced_kind) {
  // A folder's files take their kinds from their names: --type, which says
  // what one named file (or standard input) holds, cannot apply to them, and
  // ignoring it would check something else than was asked.
  if (forced_kind && target.whole) {
    throw RequestError(target.root +
                       ": --type applies to files named one by one or standard input, not to a folder, "
                       "whose files are told apart by their names (users*.json, members/<channelId>.json, ...)");
  }
  PreparedBundle prepared;
  model::Bundle& bundle = prepared.bundle;
  bundle = model::discover_bundle(target.root, config);
  auto& files = bundle.files;
  // Where each file of the bundle is, by file_identity: a named file is
  // matched in one lookup, not by comparing it with every file.
  std::unordered_map<std::string, std::size_t> file_at;
  for (std::size_t i = 0; i < files.size(); ++i) file_at.emplace(file_identity(files[i].path), i);
  std::unordered_map<std::string, std::string*> snapshot_at;
  for (auto* list : {&bundle.existing_channels, &bundle.existing_users}) {
    for (auto& path : *list) snapshot_at.emplace(file_identity(path), &path);
  }
  std::unordered_set<std::string> checked;  // named files that were unmatched
  const std::optional<std::string> config_identity =
      bundle.config_path ? std::optional(file_identity(*bundle.config_path)) : std::nullopt;
  for (const auto& named : target.named) {
    const std::string identity = file_identity(named);
    // The bundle's ckimport.json (checked before the bundle, always
    // reported) and its snapshots are not import files: report them as the
    // bundle reads them.
    if (config_identity == identity) {
      prepared.report_only.push_back(*bundle.config_path);
      continue;
    }
    if (const auto snapshot = snapshot_at.find(identity); snapshot != snapshot_at.end()) {
      *snapshot->second = named;
      prepared.report_only.push_back(named);
      continue;
    }
    const auto found = file_at.find(identity);
    const std::size_t at = found != file_at.end() ? found->second : files.size();
    const auto kind = forced_kind ? forced_kind
                                  : (at < files.size() ? std::optional(files[at].kind) : model::kind_from_path(named));
    if (!kind) {
      throw RequestError(named +
                         ": cannot tell which kind of import file this is from its name; name it "
                         "users*.json, channels*.json, messages*.json or members/<channelId>.json, "
                         "or pass --type");
    }
    if (at == files.size()) {
      files.push_back({named, *kind, model::member_file_channel(named)});
      file_at.emplace(identity, at);
      checked.insert(identity);
    }
    files[at].path = named;
    files[at].kind = *kind;
    prepared.report_only.push_back(named);
  }
  // Checked, so not unmatched: the note must not say it was skipped.
  if (!checked.empty()) {
    auto& unmatched = bundle.unmatched;
    unmatched.erase(std::remove_if(unmatched.begin(), unmatched.end(),
                                   [&](const std::string& path) { return checked.contains(file_identity(path)); }),
                    unmatched.end());
  }
  if (target.whole) prepared.report_only.clear();
  if (target.whole && files.empty() && bundle.existing_channels.empty() && bundle.existing_users.empty()) {
    throw RequestError(target.root + ": no import files in this directory, and no bundle folder below it");
  }
  note_bundles_below(target, prepared);
  return prepared;
}

}  // namespace ckimport::check
