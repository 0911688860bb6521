#include "check/bundle_checker.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "check/bundle_files.hpp"
#include "check/bundle_loader.hpp"
#include "check/excerpt.hpp"
#include "rules/cross_file_rule.hpp"
#include "rules/duplicate_finder.hpp"
#include "source/temp_files.hpp"

static_assert(ckimport::check::SpillOptions::min_memory_budget ==
                  ckimport::rules::DuplicateFinder::min_memory_budget,
              "--memory-limit's least is the duplicate finder's");

namespace ckimport::check {
namespace {

int read_order(model::ResourceKind kind) {
  switch (kind) {
    case model::ResourceKind::users: return 0;
    case model::ResourceKind::channels: return 1;
    case model::ResourceKind::members: return 2;
    case model::ResourceKind::messages: return 3;
  }
  return 4;
}

diag::Diagnostic note(diag::RuleId rule, const std::string& file, std::string message) {
  diag::Diagnostic d;
  d.rule = rule;
  d.severity = diag::Severity::note;
  d.location = rules::file_start({file, model::ResourceKind::users, std::nullopt});
  d.message = std::move(message);
  return d;
}

// Says once which reference checks cannot be applied, at the first file
// they would have applied to, and which files and folders are not checked.
void add_notes(const model::Bundle& bundle, const std::vector<const model::BundleFile*>& order,
               const model::PlatformSnapshot& snapshot, bool users_known, bool channels_known,
               diag::DiagnosticSink& out) {
  const auto first_of = [&](std::initializer_list<model::ResourceKind> kinds) -> const model::BundleFile* {
    for (const auto* file : order) {
      if (std::find(kinds.begin(), kinds.end(), file->kind) != kinds.end()) return file;
    }
    return nullptr;
  };
  if (!users_known) {
    if (const auto* file = first_of({model::ResourceKind::channels, model::ResourceKind::members,
                                     model::ResourceKind::messages})) {
      out.add(note(diag::RuleId::unknown_user, file->path,
                   snapshot.incomplete_users.empty()
                       ? "usernames are not checked: the bundle has no users file and no "
                         "existing/users*.json snapshot"
                       : fmt::format("usernames are not checked: {}, so the platform's users are not known",
                                     snapshot.incomplete_users)));
    }
  }
  // Channel IDs are looked up in messages, and for members files that name
  // their channel; one that does not is an unknown-channel error anyway, and
  // a note beside it saying channels are not checked would contradict it.
  const auto first_with_channel_ids = [&]() -> const model::BundleFile* {
    for (const auto* file : order) {
      if (file->kind == model::ResourceKind::messages ||
          (file->kind == model::ResourceKind::members && file->channel_id)) {
        return file;
      }
    }
    return nullptr;
  };
  if (!channels_known) {
    if (const auto* file = first_with_channel_ids()) {
      out.add(note(diag::RuleId::unknown_channel, file->path,
                   snapshot.incomplete_channels.empty()
                       ? "channel IDs are not checked: the bundle has no existing/channels*.json "
                         "snapshot of the platform's channels"
                       : fmt::format("channel IDs are not checked: {}, so the platform's channels are not known",
                                     snapshot.incomplete_channels)));
    }
  }
  if (!bundle.unmatched.empty()) {
    out.add(note(diag::RuleId::unmatched_file, bundle.unmatched.front(),
                 fmt::format("not checked, the name matches no import file kind: {}",
                             fmt::join(bundle.unmatched, ", "))));
  }
  if (!bundle.folders_named_like_files.empty()) {
    out.add(note(diag::RuleId::unmatched_file, bundle.folders_named_like_files.front(),
                 fmt::format("not checked, named like an import file but a folder: {}",
                             fmt::join(bundle.folders_named_like_files, ", "))));
  }
}

}  // namespace

std::size_t BundleChecker::check(const model::Bundle& bundle, const Overlay& overlay, BundleOutput& output) {
  model::PlatformSnapshot snapshot;
  snapshot.channels_file = bundle.channels_snapshot_name;
  snapshot.users_file = bundle.users_snapshot_name;
  for (const auto& path : bundle.existing_channels) {
    load_channel_snapshot(path, *overlay.open(path), documents_, output, snapshot);
  }
  for (const auto& path : bundle.existing_users) {
    load_user_snapshot(path, *overlay.open(path), documents_, output, snapshot);
  }

  std::vector<const model::BundleFile*> order;
  for (const auto& file : bundle.files) order.push_back(&file);
  std::stable_sort(order.begin(), order.end(), [](const model::BundleFile* a, const model::BundleFile* b) {
    return read_order(a->kind) < read_order(b->kind);
  });
  if (order.size() >= rules::DuplicateFinder::max_files) {
    throw source::InputError(bundle.root + ": a bundle of more than 16 million files is not supported");
  }
  // Every file is opened once first: one that cannot be read stops the run
  // (exit 2) before any output about the others, or about the snapshots
  // (flushed after this). It is opened again when its turn comes.
  BundleFiles files(overlay, files_.options().reader);
  for (const auto* file : order) {
    (void)overlay.open(file->path);
    files.add(file->path);
  }

  const bool has_users = std::any_of(order.begin(), order.end(), [](const model::BundleFile* f) {
    return f->kind == model::ResourceKind::users;
  });
  // A snapshot that could not be read in full lists only some of what is on
  // the platform: checked against it, every reference to the rest would be
  // reported. Such a check is not applied, and a note says why.
  const bool users_known = (has_users || snapshot.has_users) && snapshot.incomplete_users.empty();
  const bool channels_known = snapshot.has_channels && snapshot.incomplete_channels.empty();
  rules::BundleFacts facts(snapshot, users_known, channels_known);
  add_notes(bundle, order, snapshot, users_known, channels_known, output);
  output.flush();

  const rules::RuleEnvironment environment{
      files, spill_.memory_budget,
      spill_.temp_folder.empty() ? source::default_temp_folder() : spill_.temp_folder};
  std::vector<std::unique_ptr<rules::CrossFileRule>> enabled;
  for (auto& rule : rules::make_cross_file_rules(environment)) {
    if (output.rule_enabled(rule->id())) enabled.push_back(std::move(rule));
  }
  const auto add_located = [&](std::vector<diag::Diagnostic>& diagnostics) {
    for (auto& d : diagnostics) {
      if (auto* source = files.source_of(d.location.file)) attach_excerpt(d, *source);
      output.add(std::move(d));
    }
    diagnostics.clear();
  };

  std::vector<std::string> held;  // files whose output waits for the end of their kind
  for (std::size_t i = 0; i < order.size(); ++i) {
    const model::BundleFile& file = *order[i];
    const auto file_id = static_cast<std::uint32_t>(i);
    std::vector<diag::Diagnostic> file_problems;
    for (const auto& rule : enabled) rule->start_file({file, file_id}, facts, file_problems);
    add_located(file_problems);

    ItemObserver observer;
    // Stage 1 (worker threads): the checks that read only what earlier
    // kinds put in the facts.
    observer.any_order = [&](const json::ArrayElement& element, const rules::ItemFacts& item_facts,
                             std::vector<schema::Finding>& findings) {
      const rules::ItemContext context{file, file_id, element.index, element.start, element.text, item_facts};
      for (const auto& rule : enabled) rule->check_item_any_order(context, facts, findings);
    };
    // Stage 2 (this thread, in file order): the checks against earlier
    // items of the same kind, then the item joins the facts.
    observer.in_order = [&](const json::ArrayElement& element, const rules::ItemFacts& item_facts,
                            std::vector<schema::Finding>& findings) {
      files.saw_item(file_id, element.start, element.index);
      const rules::ItemContext context{file, file_id, element.index, element.start, element.text, item_facts};
      for (const auto& rule : enabled) rule->check_item(context, facts, findings);
      facts.add(context);
    };
    observer.unreadable = [&](const diag::Location& item) { facts.add_unreadable(file, item); };
    observer.prefetch_in_order = [&](const rules::ItemFacts& item_facts) {
      for (const auto& rule : enabled) rule->prefetch(item_facts);
    };
    // Only a message's references are worth it (one sender, one channel, in
    // the largest files); the tables they are looked up in are final by then.
    if (file.kind == model::ResourceKind::messages) {
      observer.resolve_any_order = [&](rules::ItemFacts& item_facts) { facts.resolve_references(item_facts); };
    }
    facts.start_file(file.kind);
    // A message names one sender and one channel, so its references are
    // messages; a channel may name one user twice (creator and member).
    if (file.kind == model::ResourceKind::messages) output.name_items(file.path, "messages");
    files_.check(file.path, file.kind, files.source(file_id), output, observer);

    held.push_back(file.path);
    const bool kind_ends = i + 1 == order.size() || order[i + 1]->kind != file.kind;
    if (kind_ends) {
      for (const auto& rule : enabled) rule->finish_kind(file.kind, facts, file_problems);
      add_located(file_problems);
    } else if (std::any_of(enabled.begin(), enabled.end(),
                           [&](const auto& rule) { return rule->holds_findings(file.kind); })) {
      continue;
    }
    output.flush(held);
    held.clear();
  }
  return order.size();
}

}  // namespace ckimport::check
