#include "rules/lookalike_names.hpp"

#include <fmt/format.h>

#include <functional>

#include "json/token_locator.hpp"
#include "text/name_differences.hpp"

namespace ckimport::rules {
namespace {

using Place = DuplicateFinder::Place;

std::uint64_t hash_key(std::string_view key) { return std::hash<std::string_view>{}(key); }

const json::JsonPointer& name_pointer() {
  static const json::JsonPointer pointer = json::JsonPointer{}.with_key("name");
  return pointer;
}

std::string backticked(std::string_view value) { return fmt::format("`{}`", diag::shown(value)); }

std::string_view form_of(std::string_view name) {
  return text::is_nfc(name) ? "NFC" : text::is_nfd(name) ? "NFD" : "neither NFC nor NFD";
}

std::string nfc_reason(std::string_view name, std::string_view first) {
  return fmt::format("is {} in another Unicode form ({})", backticked(first), form_of(name));
}

// "Cyrillic `а` for Latin `a`, ...": empty when no pair can be told.
std::string confusable_pairs_text(std::string_view name, std::string_view first) {
  std::string pairs;
  for (const auto& pair : text::confusable_pairs(name, first)) {
    if (!pairs.empty()) pairs += ", ";
    const bool scripts = !pair.name_script.empty() && !pair.like_script.empty() &&
                         pair.name_script != pair.like_script;
    pairs += scripts ? fmt::format("{} {} for {} {}", pair.name_script, backticked(pair.in_name), pair.like_script,
                                   backticked(pair.in_like))
                     : fmt::format("{} for {}", backticked(pair.in_name), backticked(pair.in_like));
  }
  return pairs;
}

std::string invisible_reason(std::string_view name, std::string_view first) {
  const std::vector<char32_t> differ = text::invisible_difference(name, first);
  if (differ.empty()) return fmt::format("differs from {} by where its invisible characters are", backticked(first));
  std::string labels;
  for (const char32_t cp : differ) {
    if (!labels.empty()) labels += ", ";
    labels += text::code_point_label(cp);
  }
  return fmt::format("differs from {} by {} ({})", backticked(first),
                     differ.size() == 1 ? "an invisible character" : "invisible characters", labels);
}

std::string white_space_reason(std::string_view name, std::string_view first) {
  const text::WhiteSpaceDifference d = text::white_space_difference(name, first);
  std::string where;
  if (d.start && d.end) {
    where = "at both ends";
  } else if (d.start) {
    where = "at its start";
  } else if (d.end) {
    where = "at its end";
  }
  if (d.inside) where += where.empty() ? "inside it" : " and inside it";
  if (where.empty()) return fmt::format("differs from {} only by white space", backticked(first));
  return fmt::format("differs from {} only by white space {}", backticked(first), where);
}

std::string confusable_reason(std::string_view name, std::string_view first) {
  const std::string pairs = confusable_pairs_text(name, first);
  if (pairs.empty()) return fmt::format("looks like {}", backticked(first));
  return fmt::format("looks like {} ({})", backticked(first), pairs);
}

}  // namespace

std::string lookalike_reason(text::Lookalike why, std::string_view name, std::string_view first) {
  switch (why) {
    case text::Lookalike::nfc: return nfc_reason(name, first);
    case text::Lookalike::invisible: return invisible_reason(name, first);
    case text::Lookalike::white_space: return white_space_reason(name, first);
    case text::Lookalike::case_only: return fmt::format("differs from {} only in case", backticked(first));
    case text::Lookalike::confusable: return confusable_reason(name, first);
  }
  return fmt::format("looks like {}", backticked(first));
}

std::string lookalike_hint(text::Lookalike why, std::string_view name, std::string_view like) {
  switch (why) {
    case text::Lookalike::nfc:
      return fmt::format("the same letters encoded differently: {} here, {} in {}", form_of(name), form_of(like),
                         backticked(like));
    case text::Lookalike::confusable: return confusable_pairs_text(name, like);
    case text::Lookalike::invisible:
    case text::Lookalike::white_space:
    case text::Lookalike::case_only: return "";
  }
  return "";
}

LookalikeNameRule::LookalikeNameRule(diag::RuleId id, Names names, const RuleEnvironment& environment)
    : CrossFileRule(id), names_(names), environment_(environment) {}

void LookalikeNameRule::check_item(const ItemContext& item, const BundleFacts& facts,
                                   std::vector<schema::Finding>& out) {
  if (item.facts.kind != names_.kind || !item.facts.name) return;
  const std::string_view name = item.facts.name->value;
  // Exactly a name met before: a duplicate, reported as one. Blank: an
  // invalid value, and every blank name would look like every other.
  if ((facts.*names_.definition)(name).has_value() || text::is_blank(name)) return;
  // Past 1 TiB into a file items are not indexed (see DuplicateFinder).
  if (item.start.offset.value >= DuplicateFinder::max_offset) return;
  const std::string key = text::confusable_key(name);
  if (key.empty()) return;
  const Place place{item.file_id, item.start.offset.value};
  const std::uint64_t hash = hash_key(key);
  if (!finder_) finder_ = std::make_unique<DuplicateFinder>(environment_.memory_budget, environment_.temp_folder);
  const auto& candidates = finder_->add(hash, place);
  if (candidates.empty()) return;
  for (const Place& earlier : candidates) {
    const auto item_there = environment_.fetcher.fetch(earlier.file_id, earlier.offset, true);
    if (!item_there) continue;
    const auto first = name_in(item_there->text);
    if (!first || text::confusable_key(*first) != key) continue;
    const auto why = text::lookalike(*first, name);
    if (!why) continue;
    schema::Finding f;
    f.rule = id();
    f.severity = diag::rule_info(id()).default_severity;
    f.at = {item.facts.name->path.to_pointer(), json::TokenPart::value};
    f.message = message(*why, name, *first);
    f.help = std::string(names_.help);
    f.related.push_back({{}, fmt::format("{} is defined", backticked(*first)), locate_name(earlier.file_id, *item_there)});
    out.push_back(std::move(f));
    return;
  }
  finder_->add_distinct_key(hash, place);
}

bool LookalikeNameRule::holds_findings(model::ResourceKind kind) const {
  return kind == names_.kind && finder_ && finder_->spilled();
}

void LookalikeNameRule::finish_kind(model::ResourceKind kind, const BundleFacts&, std::vector<diag::Diagnostic>& out) {
  if (kind != names_.kind || !finder_) return;
  const auto key_at = [&](Place place) -> std::optional<std::string> {
    const auto item = environment_.fetcher.fetch(place.file_id, place.offset, false);
    if (!item) return std::nullopt;
    const auto name = name_in(item->text);
    if (!name) return std::nullopt;
    return text::confusable_key(*name);
  };
  finder_->finish(key_at, [&](const DuplicateFinder::Duplicate& duplicate) {
    const auto item = environment_.fetcher.fetch(duplicate.place.file_id, duplicate.place.offset, true);
    const auto first_item = environment_.fetcher.fetch(duplicate.first.file_id, duplicate.first.offset, true);
    if (!item || !first_item) return;
    const auto name = name_in(item->text);
    const auto first = name_in(first_item->text);
    if (!name || !first) return;
    const auto why = text::lookalike(*first, *name);
    if (!why) return;
    diag::Diagnostic d;
    d.rule = id();
    d.severity = diag::rule_info(id()).default_severity;
    d.message = message(*why, *name, *first);
    d.help = std::string(names_.help);
    d.location = locate_name(duplicate.place.file_id, *item);
    d.pointer = "/" + std::to_string(item->index) + name_pointer().to_string();
    d.related.push_back({locate_name(duplicate.first.file_id, *first_item), fmt::format("{} is defined", backticked(*first))});
    out.push_back(std::move(d));
  });
  finder_.reset();
}

std::optional<std::string> LookalikeNameRule::name_in(std::string_view item_text) const {
  const auto range = json::locate_token(item_text, name_pointer(), json::TokenPart::value);
  if (!range) return std::nullopt;
  return json::decode_string_token(item_text.substr(range->offset, range->length));
}

diag::Location LookalikeNameRule::locate_name(std::uint32_t file_id, const ItemFetcher::Item& item) const {
  return locate_in(environment_.fetcher.path(file_id), item.start, item.text, name_pointer());
}

std::string LookalikeNameRule::message(text::Lookalike why, std::string_view name, std::string_view first) const {
  return fmt::format("{} {} {}", names_.noun, backticked(name), lookalike_reason(why, name, first));
}

}  // namespace ckimport::rules
