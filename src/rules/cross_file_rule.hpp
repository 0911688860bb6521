#pragma once
// Cross-file rules: checks that need more than one item. Each rule is one
// file in src/rules/ defining one CrossFileRule, listed once in
// cross_file_rules.cpp. Rules read the index; they never change it.
#include <span>
#include <string_view>
#include <vector>

#include "rules/bundle_index.hpp"
#include "schema/finding.hpp"

namespace ckimport::rules {

// A file about to be read, for rules that check a file as a whole.
struct FileContext {
  const model::BundleFile& file;
  std::uint32_t file_id;
};

// Where a file-level problem is shown: the file's first byte.
diag::Location file_start(const model::BundleFile& file);

struct CrossFileRule {
  diag::RuleId id;
  // Before a file's items are read (may be null).
  void (*check_file)(const FileContext& file, const BundleIndex& index,
                     std::vector<diag::Diagnostic>& out);
  // For each item, in file order on the calling thread, before it is added
  // to the index (may be null). Findings are located in the item; related
  // places elsewhere carry their location.
  void (*check_item)(const ItemContext& item, BundleIndex& index,
                     std::vector<schema::Finding>& out);
  // For each item, on the thread that parsed it, in no particular order (may
  // be null). Only for checks that read what files of an earlier kind added
  // to the index (users, then channels, then members, then messages), never
  // what items of the item's own kind add: the index is read-only here, and
  // the calling thread may be adding the file's earlier items meanwhile.
  void (*check_item_any_order)(const ItemContext& item, const BundleIndex& index,
                               std::vector<schema::Finding>& out) = nullptr;
};

std::span<const CrossFileRule* const> cross_file_rules();

// The rules, one per file.
extern const CrossFileRule unknown_user_rule;
extern const CrossFileRule unknown_channel_rule;
extern const CrossFileRule duplicate_username_rule;
extern const CrossFileRule duplicate_channel_name_rule;
extern const CrossFileRule duplicate_idempotency_key_rule;
extern const CrossFileRule duplicate_member_rule;
extern const CrossFileRule duplicate_direct_channel_rule;
extern const CrossFileRule members_file_for_direct_channel_rule;
extern const CrossFileRule sender_not_member_rule;

}  // namespace ckimport::rules
