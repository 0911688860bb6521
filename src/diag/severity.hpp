#pragma once
namespace ckimport::diag {

enum class Severity { error, warning, note };

constexpr const char* to_string(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

}  // namespace ckimport::diag
