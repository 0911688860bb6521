#pragma once
// The diagnostics of one bundle on their way to the reporter. Checks add them
// in any order; this applies the bundle's rule settings (ckimport.json's,
// then --rule over them), drops those of files that are only context (a
// pre-commit hook names the changed files; the rest of the bundle is read
// but not reported on), and on flush() hands them over sorted: files in the
// order their first diagnostic came (or as the caller says), each by
// position. Diagnostics of a `once_per_file` rule (diag::RuleInfo) that
// repeat one problem in one file (the same rule and message) become one:
// the first by position, with the count and the next few places.
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "check/reporter.hpp"
#include "diag/sink.hpp"

namespace ckimport::check {

class BundleOutput final : public diag::DiagnosticSink {
 public:
  // `report_only` empty: every file is reported on.
  BundleOutput(diag::RuleSettings rules, std::vector<std::string> report_only, Reporter& reporter)
      : rules_(std::move(rules)), report_only_(std::move(report_only)), reporter_(reporter) {}

  void add(diag::Diagnostic d) override;
  bool rule_enabled(diag::RuleId rule) const override;

  // Hands what was added since the last flush to the reporter, sorted.
  // Files come in the order their first diagnostic came, unless listed in
  // `file_order` (several files flushed at once, some diagnostics of which
  // came late): those first, in that order.
  void flush(std::span<const std::string> file_order = {});

  // Errors added so far, after the settings (what the run will count).
  std::size_t errors() const { return errors_; }

  // What one item of `file` is called in a repeated problem's count
  // ("messages": "(20,000 messages)"); "references" when not said.
  void name_items(const std::string& file, std::string_view plural_noun);

  // How many later places of a repeated problem are named as related.
  static constexpr std::size_t repeats_shown = 3;

 private:
  // Adds `d` to the diagnostic it repeats, if one is pending; false when it
  // is the first of its kind.
  bool merge_repeat(diag::Diagnostic& d);

  diag::RuleSettings rules_;
  std::vector<std::string> report_only_;
  Reporter& reporter_;
  std::vector<diag::Diagnostic> pending_;
  std::size_t errors_ = 0;
  // (file, rule, message) of a pending diagnostic of a once_per_file rule ->
  // its index in pending_; cleared with pending_.
  std::unordered_map<std::string, std::size_t> repeated_;
  std::unordered_map<std::string, std::string> item_nouns_;  // by file
};

}  // namespace ckimport::check
