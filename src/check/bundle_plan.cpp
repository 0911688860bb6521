#include "check/bundle_plan.hpp"

#include <algorithm>

#include "source/byte_source.hpp"

namespace ckimport::check {
namespace {

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

std::vector<BundleTarget> group_by_bundle(const std::vector<std::string>& paths, const Overlay& overlay) {
  std::vector<BundleTarget> targets;
  const auto target_for = [&](const std::string& root) -> BundleTarget& {
    for (auto& target : targets) {
      if (same_file(target.root, root)) return target;
    }
    targets.push_back({root, false, {}});
    return targets.back();
  };
  for (const auto& path : paths) {
    if (!overlay.contains(path) && source::path_kind(path) == source::PathKind::directory) {
      target_for(without_trailing_slash(path)).whole = true;
      continue;
    }
    target_for(model::bundle_root_for(path)).named.push_back(path);
  }
  return targets;
}

PreparedBundle prepare_bundle(const BundleTarget& target, const model::BundleConfig* config,
                              std::optional<model::ResourceKind> forced_kind) {
  PreparedBundle prepared;
  model::Bundle& bundle = prepared.bundle;
  bundle = model::discover_bundle(target.root, config);
  auto& files = bundle.files;
  for (const auto& named : target.named) {
    // The bundle's ckimport.json (checked before the bundle, always
    // reported) and its snapshots are not import files: report them as the
    // bundle reads them.
    if (bundle.config_path && same_file(*bundle.config_path, named)) {
      prepared.report_only.push_back(*bundle.config_path);
      continue;
    }
    bool snapshot = false;
    for (auto* list : {&bundle.existing_channels, &bundle.existing_users}) {
      for (auto& path : *list) {
        if (same_file(path, named)) {
          path = named;
          snapshot = true;
        }
      }
    }
    if (snapshot) {
      prepared.report_only.push_back(named);
      continue;
    }
    std::size_t at = files.size();
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (same_file(files[i].path, named)) at = i;
    }
    const auto kind = forced_kind ? forced_kind
                                  : (at < files.size() ? std::optional(files[at].kind) : model::kind_from_path(named));
    if (!kind) {
      throw RequestError(named +
                         ": cannot tell which kind of import file this is from its name; name it "
                         "users*.json, channels*.json, messages*.json or members/<channelId>.json, "
                         "or pass --type");
    }
    if (at == files.size()) files.push_back({named, *kind, model::member_file_channel(named)});
    files[at].path = named;
    files[at].kind = *kind;
    // Checked, so not unmatched: the note must not say it was skipped.
    auto& unmatched = bundle.unmatched;
    unmatched.erase(std::remove_if(unmatched.begin(), unmatched.end(),
                                   [&](const std::string& path) { return same_file(path, named); }),
                    unmatched.end());
    prepared.report_only.push_back(named);
  }
  if (target.whole) prepared.report_only.clear();
  if (target.whole && files.empty() && bundle.existing_channels.empty() && bundle.existing_users.empty()) {
    throw RequestError(target.root + ": no import files in this directory");
  }
  return prepared;
}

}  // namespace ckimport::check
