#pragma once
// What a run shows of its diagnostics, and the counts its summary and exit
// status come from: every diagnostic is counted by severity; with
// `errors_only` (--quiet) warnings and notes are counted but not shown, so
// that --strict and --max-warnings still see them; at most `limit` are shown
// (--max-diagnostics), the rest counted.
#include <cstddef>

#include "diag/diagnostic.hpp"

namespace ckimport::diag {

struct TallyOptions {
  std::size_t limit = 1000;
  bool errors_only = false;
};

class Tally {
 public:
  explicit Tally(TallyOptions options = {}) : options_(options) {}

  // Counts `d`; true when it is to be shown.
  bool count(const Diagnostic& d);

  std::size_t errors() const { return errors_; }
  std::size_t warnings() const { return warnings_; }
  std::size_t notes() const { return notes_; }
  std::size_t not_shown() const { return not_shown_; }  // cut by the limit
  std::size_t hidden() const { return hidden_; }        // left out by errors_only
  std::size_t hidden_notes() const { return hidden_notes_; }  // of those, notes

 private:
  TallyOptions options_;
  std::size_t shown_ = 0;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  std::size_t notes_ = 0;
  std::size_t not_shown_ = 0;
  std::size_t hidden_ = 0;
  std::size_t hidden_notes_ = 0;
};

}  // namespace ckimport::diag
