#pragma once
// Where a check's diagnostics end up: the CLI's renderers, the language
// server's documents, a test's list. The engine hands them over final (the
// bundle's rule settings applied) and in output order: files in reading
// order, each file's diagnostics by position.
#include <vector>

#include "diag/diagnostic.hpp"

namespace ckimport::check {

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void report(diag::Diagnostic d) = 0;
  // After each file (or group of files) is done: a reporter that streams
  // can write out what it has.
  virtual void flush() {}
};

// Drops every diagnostic (a check run only for what a wrapper takes).
class NullReporter final : public Reporter {
 public:
  void report(diag::Diagnostic) override {}
};

// Keeps every diagnostic (tests, the language server).
class ListReporter final : public Reporter {
 public:
  void report(diag::Diagnostic d) override { diagnostics.push_back(std::move(d)); }
  std::vector<diag::Diagnostic> diagnostics;
};

}  // namespace ckimport::check
