#pragma once
// Cross-file rules: checks that need more than one item. Each rule is one
// class in its own file in src/rules/, listed once in cross_file_rules.cpp.
//
// The bundle checker makes a fresh set of rules for each bundle, so a rule
// may remember what it has seen (a duplicate check keeps the keys it met).
// What the bundle defines (users, channels, members) is in BundleFacts,
// which rules only read.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "diag/sink.hpp"
#include "rules/bundle_facts.hpp"
#include "schema/finding.hpp"

namespace ckimport::rules {

class CrossFileRule {
 public:
  explicit CrossFileRule(diag::RuleId id) : id_(id) {}
  virtual ~CrossFileRule() = default;
  CrossFileRule(const CrossFileRule&) = delete;
  CrossFileRule& operator=(const CrossFileRule&) = delete;

  diag::RuleId id() const { return id_; }

  // Before a file's items are read: problems of the file as a whole.
  virtual void start_file(const FileContext& /*file*/, const BundleFacts& /*facts*/,
                          std::vector<diag::Diagnostic>& /*out*/) {}

  // For each item, on the thread that parsed it, in no particular order.
  // Only for checks against what files of an EARLIER kind added to the
  // facts (users, then channels, then members, then messages), never what
  // items of the item's own kind add: the calling thread may be adding the
  // file's earlier items meanwhile. So: const, and no state.
  virtual void check_item_any_order(const ItemContext& /*item*/, const BundleFacts& /*facts*/,
                                    std::vector<schema::Finding>& /*out*/) const {}

  // For each item, in file order, on the calling thread, before its facts
  // are added: checks against earlier items of the same kind. Findings are
  // located in the item; related places elsewhere carry their location.
  virtual void check_item(const ItemContext& /*item*/, const BundleFacts& /*facts*/,
                          std::vector<schema::Finding>& /*out*/) {}

  // A hint, on the calling thread in file order, for an item whose
  // check_item comes soon: a rule may fetch what it will look up into the
  // cache. Must not change what check_item finds.
  virtual void prefetch(const ItemFacts& /*item*/) const {}

  // Whether the rule still holds findings for files of `kind` already read,
  // to be given by finish_kind(): the bundle checker then keeps those files'
  // output back until the kind is done, so it stays in file order.
  virtual bool holds_findings(model::ResourceKind /*kind*/) const { return false; }

  // After the last file of a kind: what the rule could only tell once all
  // of them were read, located.
  virtual void finish_kind(model::ResourceKind /*kind*/, const BundleFacts& /*facts*/,
                           std::vector<diag::Diagnostic>& /*out*/) {}

 private:
  diag::RuleId id_;
};

// What rules may use besides the facts.
struct RuleEnvironment {
  ItemFetcher& fetcher;  // reads back items read earlier
  // For the rules that remember one entry per item (duplicate keys): what
  // they may hold in memory, and where they spill the rest.
  std::size_t memory_budget;
  std::string temp_folder;
};

// One of each cross-file rule, for one bundle.
std::vector<std::unique_ptr<CrossFileRule>> make_cross_file_rules(const RuleEnvironment& environment);

}  // namespace ckimport::rules
