#pragma once
// The diagnostics of one bundle on their way to the reporter. Checks add them
// in any order; this applies the bundle's rule settings (ckimport.json's,
// then --rule over them), drops those of files that are only context (a
// pre-commit hook names the changed files; the rest of the bundle is read
// but not reported on), and on flush() hands them over sorted: files in the
// order their first diagnostic came (or as the caller says), each by
// position.
#include <span>
#include <string>
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

 private:
  diag::RuleSettings rules_;
  std::vector<std::string> report_only_;
  Reporter& reporter_;
  std::vector<diag::Diagnostic> pending_;
  std::size_t errors_ = 0;
};

}  // namespace ckimport::check
