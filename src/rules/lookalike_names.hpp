#pragma once
// What lookalike-username and lookalike-channel-name share: two names that
// are different bytes but read as the same name (text::lookalike: Unicode
// form, invisible characters, white space, case, confusable letters),
// reported at the second, naming the first and saying what differs.
//
// Scale (5 million users): each name's text::confusable_key() is hashed into
// a DuplicateFinder, 16 bytes a distinct key in its table and the same
// memory budget and spilling as duplicate-idempotency-key; no name is kept.
// A hash that was met before is confirmed by re-reading the earlier item's
// name. A name defined before exactly is duplicate-username's (or
// duplicate-channel-name's) and never a look-alike; a blank name is
// invalid-value's and not compared.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/cross_file_rule.hpp"
#include "rules/duplicate_finder.hpp"
#include "text/names.hpp"

namespace ckimport::rules {

// Why `name` looks like `first`, as the end of a message that starts with
// the name: "differs from `ann` only in case", "is `josé` in another Unicode
// form (NFD)", "differs from `bob` only by white space at its end",
// "differs from `carl` by an invisible character (U+200B ZERO WIDTH
// SPACE)", "looks like `carl` (Cyrillic `а` for Latin `a`)". Names are
// quoted with diag::shown(), so invisible characters show escaped.
std::string lookalike_reason(text::Lookalike why, std::string_view name, std::string_view first);

// What a "did you mean `like`?" for `name` must add for a reader to see the
// difference, when diag::shown() cannot show it: "the same letters encoded
// differently: NFD here, NFC in `josé`", "Cyrillic `а` for Latin `a`". Empty for case, white space
// and invisible characters, which the names as shown already tell apart.
std::string lookalike_hint(text::Lookalike why, std::string_view name, std::string_view like);

class LookalikeNameRule : public CrossFileRule {
 public:
  struct Names {
    model::ResourceKind kind;  // whose `name` is compared
    std::string_view noun;     // "username": how a message starts
    std::string_view help;
    // Where the facts say the name is defined (exactly): then it is a
    // duplicate, not a look-alike.
    std::optional<diag::Location> (BundleFacts::*definition)(std::string_view) const;
  };

  LookalikeNameRule(diag::RuleId id, Names names, const RuleEnvironment& environment);

  void check_item(const ItemContext& item, const BundleFacts& facts, std::vector<schema::Finding>& out) override;
  bool holds_findings(model::ResourceKind kind) const override;
  void finish_kind(model::ResourceKind kind, const BundleFacts& facts, std::vector<diag::Diagnostic>& out) override;

 private:
  std::optional<std::string> name_in(std::string_view item_text) const;
  diag::Location locate_name(std::uint32_t file_id, const ItemFetcher::Item& item) const;
  std::string message(text::Lookalike why, std::string_view name, std::string_view first) const;

  Names names_;
  const RuleEnvironment& environment_;
  std::unique_ptr<DuplicateFinder> finder_;  // made at the first name
};

}  // namespace ckimport::rules
