// duplicate-idempotency-key: the same idempotencyKey twice among the items of
// one resource type (across all that type's files). The server treats the
// second as a retry of the first and drops it.
#include <fmt/format.h>

#include "rules/cross_file_rule.hpp"

namespace ckimport::rules {
namespace {

void check_item(const ItemContext& item, BundleIndex& index, std::vector<schema::Finding>& out) {
  if (!item.facts.idempotency_key) return;
  const auto first = index.idempotency_duplicate(item.facts.kind, item.facts.idempotency_key->value);
  if (!first) return;
  schema::Finding f;
  f.rule = diag::RuleId::duplicate_idempotency_key;
  f.at = {item.facts.idempotency_key->path.to_pointer(), json::TokenPart::value};
  f.message = fmt::format("idempotency key `{}` is used twice; the server skips this item as a retry",
                          diag::shown(item.facts.idempotency_key->value));
  f.help = "give each item its own key";
  f.related.push_back({{}, "first used", *first});
  out.push_back(std::move(f));
}

}  // namespace

const CrossFileRule duplicate_idempotency_key_rule{diag::RuleId::duplicate_idempotency_key, nullptr, check_item};

}  // namespace ckimport::rules
