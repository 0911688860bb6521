#include "diag/sink.hpp"

#include <algorithm>

namespace ckimport::diag {

void Sink::add(Diagnostic d) {
  if (const auto setting = options_.rules.find(d.rule); setting != options_.rules.end()) {
    switch (setting->second) {
      case RuleSetting::off: return;
      case RuleSetting::warning: d.severity = Severity::warning; break;
      case RuleSetting::error: d.severity = Severity::error; break;
    }
  }
  if (options_.errors_only && d.severity != Severity::error) return;
  switch (d.severity) {
    case Severity::error: ++errors_; break;
    case Severity::warning: ++warnings_; break;
    case Severity::note: ++notes_; break;
  }
  if (kept_ >= options_.limit) {
    ++not_shown_;
    return;
  }
  ++kept_;
  pending_.push_back(std::move(d));
}

std::vector<Diagnostic> Sink::take_sorted() {
  std::stable_sort(pending_.begin(), pending_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.location.file != b.location.file) return false;
    return a.location.begin.offset < b.location.begin.offset;
  });
  std::vector<Diagnostic> out;
  out.swap(pending_);
  return out;
}

}  // namespace ckimport::diag
