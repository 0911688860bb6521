// duplicate-idempotency-key: the same idempotencyKey twice among the items of
// one resource type (across all that type's files). The server treats the
// second as a retry of the first and drops it.
//
// A file of messages can hold tens of millions of keys, so the keys are not
// kept: each is hashed, and a DuplicateFinder per kind remembers hashes and
// where their items are, within a memory budget; a candidate duplicate is
// confirmed by re-reading the earlier item's key. While the budget holds,
// a duplicate is reported as its item is read; once the finder has spilled
// to disk, at the end of the kind's files.
#include <fmt/format.h>

#include <array>

#include "json/token_locator.hpp"
#include "rules/duplicate_finder.hpp"
#include "rules/rules.hpp"

namespace ckimport::rules {
namespace {

using Place = DuplicateFinder::Place;

const json::JsonPointer& key_pointer() {
  static const json::JsonPointer pointer = json::JsonPointer{}.with_key("idempotencyKey");
  return pointer;
}

class DuplicateIdempotencyKey final : public CrossFileRule {
 public:
  explicit DuplicateIdempotencyKey(const RuleEnvironment& environment)
      : CrossFileRule(diag::RuleId::duplicate_idempotency_key), environment_(environment) {}

  void check_item(const ItemContext& item, const BundleFacts&, std::vector<schema::Finding>& out) override {
    if (!item.facts.idempotency_key) return;
    // Items past 1 TiB into a file are not indexed (a place has 40 bits for
    // the offset); their duplicates go unreported rather than misplaced.
    if (item.start.offset.value >= DuplicateFinder::max_offset) return;
    const std::string_view key = item.facts.idempotency_key->value;
    const Place place{item.file_id, item.start.offset.value};
    const std::uint64_t hash = item.facts.idempotency_key->hash;  // hashed with the facts
    DuplicateFinder& finder = finder_for(item.facts.kind);
    const auto& candidates = finder.add(hash, place);
    if (candidates.empty()) return;
    for (const Place& earlier : candidates) {
      const auto item_there = environment_.fetcher.fetch(earlier.file_id, earlier.offset, true);
      if (!item_there || key_in(item_there->text) != key) continue;
      schema::Finding f = finding(key);
      f.at = {item.facts.idempotency_key->path.to_pointer(), json::TokenPart::value};
      f.related.push_back({{}, "first used", locate_key(earlier.file_id, *item_there)});
      out.push_back(std::move(f));
      return;
    }
    finder.add_distinct_key(hash, place);
  }

  void prefetch(const ItemFacts& item) const override {
    const auto& finder = finders_[static_cast<std::size_t>(item.kind)];
    if (finder && item.idempotency_key) finder->prefetch(item.idempotency_key->hash);
  }

  bool holds_findings(model::ResourceKind kind) const override {
    const auto& finder = finders_[static_cast<std::size_t>(kind)];
    return finder && finder->spilled();
  }

  void finish_kind(model::ResourceKind kind, const BundleFacts&, std::vector<diag::Diagnostic>& out) override {
    auto& finder = finders_[static_cast<std::size_t>(kind)];
    if (!finder) return;
    const auto key_at = [&](Place place) -> std::optional<std::string> {
      const auto item = environment_.fetcher.fetch(place.file_id, place.offset, false);
      if (!item) return std::nullopt;
      return key_in(item->text);
    };
    finder->finish(key_at, [&](const DuplicateFinder::Duplicate& duplicate) {
      const auto item = environment_.fetcher.fetch(duplicate.place.file_id, duplicate.place.offset, true);
      const auto first = environment_.fetcher.fetch(duplicate.first.file_id, duplicate.first.offset, true);
      if (!item || !first) return;
      const std::string key = key_in(item->text).value_or("");
      const schema::Finding f = finding(key);
      diag::Diagnostic d;
      d.rule = f.rule;
      d.message = f.message;
      d.help = f.help;
      d.location = locate_key(duplicate.place.file_id, *item);
      d.pointer = "/" + std::to_string(item->index) + key_pointer().to_string();
      d.related.push_back({locate_key(duplicate.first.file_id, *first), "first used"});
      out.push_back(std::move(d));
    });
    finder.reset();
  }

 private:
  DuplicateFinder& finder_for(model::ResourceKind kind) {
    auto& finder = finders_[static_cast<std::size_t>(kind)];
    if (!finder) finder = std::make_unique<DuplicateFinder>(environment_.memory_budget, environment_.temp_folder);
    return *finder;
  }

  static std::optional<std::string> key_in(std::string_view item_text) {
    const auto range = json::locate_token(item_text, key_pointer(), json::TokenPart::value);
    if (!range) return std::nullopt;
    return json::decode_string_token(item_text.substr(range->offset, range->length));
  }

  diag::Location locate_key(std::uint32_t file_id, const ItemFetcher::Item& item) const {
    return locate_in(environment_.fetcher.path(file_id), item.start, item.text, key_pointer());
  }

  schema::Finding finding(std::string_view key) const {
    schema::Finding f;
    f.rule = id();
    f.message = fmt::format("idempotency key `{}` is used twice; the server skips this item as a retry",
                            diag::shown(key));
    f.help = "give each item its own key";
    return f;
  }

  const RuleEnvironment& environment_;
  std::array<std::unique_ptr<DuplicateFinder>, 4> finders_;  // by resource kind, made when first needed
};

}  // namespace

std::unique_ptr<CrossFileRule> make_duplicate_idempotency_key(const RuleEnvironment& environment) {
  return std::make_unique<DuplicateIdempotencyKey>(environment);
}

}  // namespace ckimport::rules
