#pragma once
// `check --fix`, `--diff` and fix-on-save: the fixes that the engine's
// diagnostics carry (diag::Fix, made where each diagnostic is made), taken
// per file, planned (fix/edit_plan) and applied (fix/apply) or shown
// (fix/unified_diff). The engine finds; this only collects and applies, so
// the language server can offer the same fixes as code actions.
//
// Convergence: a pass checks, then applies every fix that does not overlap
// another; the next pass checks the fixed files again (a fix can reveal
// another: a second trailing comma in one item), until a pass fixes nothing
// or fix::max_fix_passes passes ran. A second run then changes no byte.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "check/engine.hpp"
#include "fix/apply.hpp"
#include "fix/edit_plan.hpp"

namespace ckimport::check {

// The fixes found in one pass, by file (the path as the diagnostics name
// it), in the order their diagnostics came.
struct FoundFixes {
  std::map<std::string, std::vector<fix::Fix>> by_file;
  std::vector<std::string> order;  // files in the order first seen
};

// Passes every diagnostic on to `next` and keeps the edits of each fix of
// at most `allowed` applicability (messages are dropped: a file with a fix
// per item has millions).
class FixCollector final : public Reporter {
 public:
  FixCollector(Reporter& next, fix::Applicability allowed) : next_(next), allowed_(allowed) {}
  void report(diag::Diagnostic d) override;
  void flush() override { next_.flush(); }
  FoundFixes& found() { return found_; }

 private:
  Reporter& next_;
  fix::Applicability allowed_;
  FoundFixes found_;
};

// diag::Fix as the fix library takes it.
fix::Fix to_plan_fix(const diag::Fix& fix);

// What each file on disk was before a pass read it, by resolved path
// (check::resolved_path): every regular file named, or under a named
// folder (the engine reads no other). A file is fixed only if it is still
// what the pass read.
using FileIdentities = std::map<std::string, fix::FileIdentity>;
FileIdentities identify_files(const CheckRequest& request);

// Applies the fixes one pass found: a document of `overlay` (standard
// input) is fixed there, a file in place, atomically (fix::replace_file,
// which refuses what it cannot replace so). Returns the number of fixes
// applied. Throws fix::FixError: the file it names is untouched; files
// fixed before it stay fixed.
std::size_t apply_fixes(const FoundFixes& found, const FileIdentities& identities, Overlay& overlay,
                        fix::Applicability allowed);

// The edits --fix would make after one pass, by file, for --diff
// (fix::write_unified_diff takes them). Only files with edits are listed.
struct PlannedFile {
  std::string path;
  std::vector<fix::Edit> edits;
  std::size_t fixes = 0;  // how many fixes the edits make
};
std::vector<PlannedFile> plan_fixes(const FoundFixes& found, const Overlay& overlay, fix::Applicability allowed);

}  // namespace ckimport::check
