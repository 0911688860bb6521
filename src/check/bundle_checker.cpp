#include "check/bundle_checker.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "check/bundle_loader.hpp"
#include "json/token_locator.hpp"
#include "rules/cross_file_rule.hpp"

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

// Gives rules the items they indexed earlier, by re-reading them. Positions
// are recovered from checkpoints (an item start every MiB or so), so a
// re-read costs at most about a MiB, and nothing per item is kept.
class Fetcher final : public rules::ItemFetcher {
 public:
  struct File {
    std::string path;
    source::ByteSource* source = nullptr;
    std::vector<source::Position> checkpoints;
  };

  std::uint32_t add(std::string path, source::ByteSource* source) {
    files_.push_back({std::move(path), source, {}});
    return static_cast<std::uint32_t>(files_.size() - 1);
  }

  void saw_item(std::uint32_t file_id, source::Position start) {
    auto& checkpoints = files_[file_id].checkpoints;
    constexpr std::uint64_t spacing = std::uint64_t{1} << 20;
    if (checkpoints.empty() || start.offset.value - checkpoints.back().offset.value >= spacing) {
      checkpoints.push_back(start);
    }
  }

  std::optional<Item> fetch(std::uint32_t file_id, std::uint64_t offset,
                            bool with_position) override {
    File& file = files_[file_id];
    Item item;
    if (with_position && !position_of(file, offset, item.start)) return std::nullopt;
    for (std::size_t window = 4096; window <= (std::size_t{1} << 30); window *= 4) {
      if (!file.source->read_at(offset, window, item.text)) return std::nullopt;
      if (const auto extent = json::value_extent(item.text)) {
        item.text.resize(*extent);
        return item;
      }
      if (item.text.size() < window) return std::nullopt;  // the file ended first
    }
    return std::nullopt;
  }

  const std::string& path(std::uint32_t file_id) const override { return files_[file_id].path; }

 private:
  static bool position_of(File& file, std::uint64_t offset, source::Position& out) {
    const auto after = std::upper_bound(
        file.checkpoints.begin(), file.checkpoints.end(), offset,
        [](std::uint64_t o, const source::Position& p) { return o < p.offset.value; });
    if (after == file.checkpoints.begin()) return false;
    const source::Position checkpoint = *(after - 1);
    std::string gap;
    if (!file.source->read_at(checkpoint.offset.value,
                              static_cast<std::size_t>(offset - checkpoint.offset.value), gap)) {
      return false;
    }
    out = source::advance(checkpoint, gap);
    return true;
  }

  std::vector<File> files_;
};

diag::Diagnostic note(diag::RuleId rule, const std::string& file, std::string message) {
  diag::Diagnostic d;
  d.rule = rule;
  d.severity = diag::Severity::note;
  d.location = rules::file_start({file, model::ResourceKind::users, std::nullopt});
  d.message = std::move(message);
  return d;
}

}  // namespace

std::size_t BundleChecker::check(BundleInput& input, diag::Sink& sink,
                                 const std::function<void()>& flush) {
  const model::Bundle& bundle = input.bundle;

  model::PlatformSnapshot snapshot;
  for (const auto& path : bundle.existing_channels) {
    load_channel_snapshot(path, *input.open(path), files_, sink, snapshot);
  }
  for (const auto& path : bundle.existing_users) load_user_snapshot(path, *input.open(path), files_, sink, snapshot);

  std::vector<std::size_t> order(bundle.files.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return read_order(bundle.files[a].kind) < read_order(bundle.files[b].kind);
  });

  // Open every file first: one that cannot be read stops the run (exit 2)
  // before any output about the others, or about the snapshots (flushed
  // after this).
  if (bundle.files.size() >= rules::HashedKeyTable::max_files) {
    throw source::InputError(bundle.root + ": a bundle of more than 16 million files is not supported");
  }
  std::vector<std::unique_ptr<source::ByteSource>> opened(bundle.files.size());
  Fetcher fetcher;
  std::vector<std::uint32_t> file_ids(bundle.files.size());
  for (std::size_t i = 0; i < bundle.files.size(); ++i) {
    source::ByteSource* source = i < input.sources.size() ? input.sources[i].get() : nullptr;
    if (source == nullptr) {
      opened[i] = source::open_file(bundle.files[i].path);
      source = opened[i].get();
    }
    file_ids[i] = fetcher.add(bundle.files[i].path, source);
  }
  const auto source_of = [&](std::size_t i) -> source::ByteSource& {
    return i < input.sources.size() && input.sources[i] ? *input.sources[i] : *opened[i];
  };

  const bool has_users = std::any_of(bundle.files.begin(), bundle.files.end(), [](const auto& f) {
    return f.kind == model::ResourceKind::users;
  });
  // A snapshot that could not be read in full lists only some of what is on
  // the platform: checked against it, every reference to the rest would be
  // reported. Such a check is not applied, and the note below says why.
  const bool users_known = (has_users || snapshot.has_users) && snapshot.broken_users.empty();
  const bool channels_known = snapshot.has_channels && snapshot.broken_channels.empty();
  rules::BundleIndex index(snapshot, fetcher, users_known, channels_known);

  // Say once which reference checks cannot be applied, at the first file
  // they would have applied to.
  const auto first_of = [&](std::initializer_list<model::ResourceKind> kinds) -> const model::BundleFile* {
    for (const auto i : order) {
      if (std::find(kinds.begin(), kinds.end(), bundle.files[i].kind) != kinds.end()) return &bundle.files[i];
    }
    return nullptr;
  };
  if (!users_known) {
    if (const auto* file = first_of({model::ResourceKind::channels, model::ResourceKind::members,
                                     model::ResourceKind::messages})) {
      sink.add(note(diag::RuleId::unknown_user, file->path,
                    snapshot.broken_users.empty()
                        ? "usernames are not checked: the bundle has no users file and no "
                          "existing/users*.json snapshot"
                        : fmt::format("usernames are not checked: {} could not be read in full "
                                      "(see its errors), so the platform's users are not known",
                                      snapshot.broken_users)));
    }
  }
  // Channel IDs are looked up in messages, and for members files that name
  // their channel; one that does not is an unknown-channel error anyway, and
  // a note beside it saying channels are not checked would contradict it.
  const auto first_with_channel_ids = [&]() -> const model::BundleFile* {
    for (const auto i : order) {
      const auto& file = bundle.files[i];
      if (file.kind == model::ResourceKind::messages ||
          (file.kind == model::ResourceKind::members && file.channel_id)) {
        return &file;
      }
    }
    return nullptr;
  };
  if (!channels_known) {
    if (const auto* file = first_with_channel_ids()) {
      sink.add(note(diag::RuleId::unknown_channel, file->path,
                    snapshot.broken_channels.empty()
                        ? "channel IDs are not checked: the bundle has no existing/channels*.json "
                          "snapshot of the platform's channels"
                        : fmt::format("channel IDs are not checked: {} could not be read in full "
                                      "(see its errors), so the platform's channels are not known",
                                      snapshot.broken_channels)));
    }
  }
  if (!bundle.unmatched.empty()) {
    sink.add(note(diag::RuleId::unmatched_file, bundle.unmatched.front(),
                  fmt::format("not checked, the name matches no import file kind: {}",
                              fmt::join(bundle.unmatched, ", "))));
  }
  if (!bundle.folders_named_like_files.empty()) {
    sink.add(note(diag::RuleId::unmatched_file, bundle.folders_named_like_files.front(),
                  fmt::format("not checked, named like an import file but a folder: {}",
                              fmt::join(bundle.folders_named_like_files, ", "))));
  }

  flush();

  std::vector<const rules::CrossFileRule*> enabled;
  for (const auto* rule : rules::cross_file_rules()) {
    if (sink.rule_enabled(rule->id)) enabled.push_back(rule);
  }
  const rules::BundleIndex& read_only_index = index;

  for (const auto i : order) {
    const model::BundleFile& file = bundle.files[i];
    const std::uint32_t file_id = file_ids[i];
    std::vector<diag::Diagnostic> file_problems;
    for (const auto* rule : enabled) {
      if (rule->check_file != nullptr) rule->check_file({file, file_id}, index, file_problems);
    }
    for (auto& d : file_problems) {
      attach_excerpt(d, source_of(i));
      sink.add(std::move(d));
    }
    FileChecker::ItemObserver observer;
    // Worker threads: the checks that read only what earlier kinds indexed.
    observer.any_order = [&](const json::ArrayElement& element, const rules::ItemFacts& facts,
                             std::vector<schema::Finding>& findings) {
      const rules::ItemContext context{file, file_id, element.index, element.start, element.text, facts};
      for (const auto* rule : enabled) {
        if (rule->check_item_any_order != nullptr) {
          rule->check_item_any_order(context, read_only_index, findings);
        }
      }
    };
    // The calling thread, in file order: the checks against earlier items of
    // the same kind, then the item joins the index.
    observer.in_order = [&](const json::ArrayElement& element, const rules::ItemFacts& facts,
                            std::vector<schema::Finding>& findings) {
      fetcher.saw_item(file_id, element.start);
      const rules::ItemContext context{file, file_id, element.index, element.start, element.text, facts};
      for (const auto* rule : enabled) {
        if (rule->check_item != nullptr) rule->check_item(context, index, findings);
      }
      index.add(context);
    };
    index.start_file(file.kind);
    files_.check(file.path, file.kind, source_of(i), sink, observer);
    flush();
  }
  return bundle.files.size();
}

}  // namespace ckimport::check
