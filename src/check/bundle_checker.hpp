#pragma once
// Checks a bundle as one: loads its snapshots, reads its files in dependency
// order (users, channels, members, messages) so every reference can be
// resolved when it is read, runs each file's own checks and the cross-file
// rules, and says once which reference checks could not be applied.
#include <cstddef>
#include <string>

#include "check/bundle_output.hpp"
#include "check/check_options.hpp"
#include "check/document_checker.hpp"
#include "check/file_checker.hpp"
#include "check/overlay.hpp"
#include "model/bundle.hpp"

namespace ckimport::check {

class BundleChecker {
 public:
  BundleChecker(FileChecker& files, DocumentChecker& documents, SpillOptions spill = {})
      : files_(files), documents_(documents), spill_(std::move(spill)) {}

  // Checks the bundle, reading every file through `overlay`, and flushes
  // `output` as each file (or each group of files whose findings had to wait
  // for the last of them) is done. Returns the number of import files read.
  // Throws source::InputError when a file cannot be read, before any output
  // about the bundle's files.
  std::size_t check(const model::Bundle& bundle, const Overlay& overlay, BundleOutput& output);

 private:
  FileChecker& files_;
  DocumentChecker& documents_;
  SpillOptions spill_;
};

}  // namespace ckimport::check
