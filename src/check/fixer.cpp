#include "check/fixer.hpp"

#include <filesystem>
#include <system_error>

namespace ckimport::check {

namespace fs = std::filesystem;

fix::Fix to_plan_fix(const diag::Fix& fix) {
  fix::Fix planned;
  planned.applicability =
      fix.applicability == diag::Applicability::safe ? fix::Applicability::safe : fix::Applicability::unsafe;
  planned.edits.reserve(fix.edits.size());
  for (const diag::Edit& edit : fix.edits) {
    planned.edits.push_back({edit.begin.offset.value, edit.end.offset.value, edit.replacement});
  }
  return planned;
}

void FixCollector::report(diag::Diagnostic d) {
  const bool allowed =
      d.fix && (allowed_ == fix::Applicability::unsafe || d.fix->applicability == diag::Applicability::safe);
  if (allowed) {
    auto [it, inserted] = found_.by_file.try_emplace(d.location.file);
    if (inserted) found_.order.push_back(d.location.file);
    it->second.push_back(to_plan_fix(*d.fix));
  }
  next_.report(std::move(d));
}

FileIdentities identify_files(const CheckRequest& request) {
  FileIdentities identities;
  const auto add = [&](const std::string& path) {
    if (request.overlay.contains(path)) return;
    try {
      identities.emplace(resolved_path(path), fix::identify_file(path));
    } catch (const fix::FixError&) {
      // Not there: the check says so.
    }
  };
  for (const auto& path : request.paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      add(path);
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) add(it->path().string());
    }
  }
  return identities;
}

std::size_t apply_fixes(const FoundFixes& found, const FileIdentities& identities, Overlay& overlay,
                        fix::Applicability allowed) {
  std::size_t applied = 0;
  for (const auto& path : found.order) {
    const auto& fixes = found.by_file.at(path);
    if (const std::string* document = overlay.find(path)) {
      const fix::EditPlan plan = fix::plan_edits(fixes, document->size(), allowed);
      if (plan.edits.empty()) continue;
      std::string fixed = fix::apply_edits(*document, plan.edits);
      overlay.add(path, std::move(fixed));
      applied += plan.applied.size();
      continue;
    }
    const auto known = identities.find(resolved_path(path));
    // A file that appeared during the pass has no earlier identity: the one
    // it has now is the best there is.
    const fix::FileIdentity identity = known != identities.end() ? known->second : fix::identify_file(path);
    const fix::EditPlan plan = fix::plan_edits(fixes, identity.size, allowed);
    if (plan.edits.empty()) continue;
    fix::replace_file(path, identity, plan.edits);
    applied += plan.applied.size();
  }
  return applied;
}

std::vector<PlannedFile> plan_fixes(const FoundFixes& found, const Overlay& overlay, fix::Applicability allowed) {
  std::vector<PlannedFile> planned;
  for (const auto& path : found.order) {
    const auto& fixes = found.by_file.at(path);
    const std::string* document = overlay.find(path);
    const std::uint64_t size = document != nullptr ? document->size() : fix::identify_file(path).size;
    fix::EditPlan plan = fix::plan_edits(fixes, size, allowed);
    if (!plan.edits.empty()) planned.push_back({path, std::move(plan.edits), plan.applied.size()});
  }
  return planned;
}

}  // namespace ckimport::check
