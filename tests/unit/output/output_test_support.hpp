#pragma once
// Helpers shared by the output tests: building diagnostics and rendering them
// to a string.
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>

#include "diag/diagnostic.hpp"
#include "output/renderer.hpp"

namespace ckimport::output::test {

inline diag::Location location(std::string file, std::uint64_t line, std::uint64_t column, std::uint64_t end_line,
                               std::uint64_t end_column, std::uint64_t offset = 0, std::uint64_t end_offset = 0) {
  diag::Location loc;
  loc.file = std::move(file);
  loc.begin = source::Position{source::ByteOffset{offset}, source::Line{line}, source::Column{column}};
  loc.end = source::Position{source::ByteOffset{end_offset}, source::Line{end_line}, source::Column{end_column}};
  return loc;
}

inline diag::Excerpt excerpt(std::string text, std::size_t caret_begin, std::size_t caret_end, bool cut_before = false,
                             bool cut_after = false) {
  return diag::Excerpt{std::move(text), caret_begin, caret_end, cut_before, cut_after};
}

// The example from the design: an unknown key with a duplicate elsewhere and
// a suggested fix.
inline diag::Diagnostic unknown_field() {
  diag::Diagnostic d;
  d.rule = ckimport::diag::RuleId::unknown_field;
  d.severity = diag::Severity::error;
  d.message = "`display_name` is not a field of a user; did you mean `displayName`?";
  d.pointer = "/0/display_name";
  d.location = location("users.json", 3, 5, 3, 19, 10, 24);
  d.related.push_back(diag::Related{location("users.json", 12, 13, 12, 27, 180, 194), "first defined"});
  d.help = "rename the key to `displayName`";
  d.excerpt = excerpt(R"(    "display_name": "Jane",)", 4, 18);
  return d;
}

inline std::string render(Format format, std::initializer_list<diag::Diagnostic> diagnostics,
                          const RunSummary& summary, const RenderOptions& options = {}) {
  std::ostringstream out;
  auto renderer = make_renderer(format, out, options);
  renderer->begin();
  for (const diag::Diagnostic& d : diagnostics) renderer->diagnostic(d);
  renderer->end(summary);
  return out.str();
}

inline RunSummary summary(std::size_t files, std::size_t errors, std::size_t warnings = 0, std::size_t notes = 0,
                          std::size_t not_shown = 0) {
  RunSummary s;
  s.files_checked = files;
  s.errors = errors;
  s.warnings = warnings;
  s.notes = notes;
  s.not_shown = not_shown;
  return s;
}

}  // namespace ckimport::output::test
