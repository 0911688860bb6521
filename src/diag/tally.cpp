#include "diag/tally.hpp"

namespace ckimport::diag {

bool Tally::count(const Diagnostic& d) {
  switch (d.severity) {
    case Severity::error: ++errors_; break;
    case Severity::warning: ++warnings_; break;
    case Severity::note: ++notes_; break;
  }
  // Counted, not shown: --quiet must not turn --strict into a pass.
  if (options_.errors_only && d.severity != Severity::error) {
    ++hidden_;
    if (d.severity == Severity::note) ++hidden_notes_;
    return false;
  }
  if (shown_ >= options_.limit) {
    ++not_shown_;
    return false;
  }
  ++shown_;
  return true;
}

}  // namespace ckimport::diag
