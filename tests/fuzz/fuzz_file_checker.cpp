// Fuzz target: the whole check of one file, as `ckimport check` does it, and
// the renderers over what it finds.
//
// Input: byte 0 picks options (see below); when it says so, the next bytes
// up to a NUL are the display path (so paths with control bytes and invalid
// UTF-8 reach the renderers); the rest is the file. The file is checked as
// each of the four ResourceKinds with the embedded schemas, then every
// diagnostic is rendered as text (colour off and on), json, sarif and github
// into std::ostringstreams (for one of the kinds, picked by the file's size:
// rendering is the slow part).
//
// Invariants beyond "no crash, no sanitizer report, no hang, no exception":
//  - every diagnostic has a rule id from diag::all_rules() and a message;
//  - its locations lie inside the file, begin not after end, and the line
//    and column are what source::advance gives for the byte offset;
//  - an excerpt's carets lie inside its text;
//  - text output with colour off is safe for a terminal: valid UTF-8, no
//    control byte but LF, no C1 control, no bidi override (so no ESC);
//  - json and sarif output are valid JSON (simdjson also checks UTF-8);
//  - when the file is valid UTF-8, so is every excerpt (a window cut into a
//    long line must not split a character and show half of it as \xNN);
//  - progress reports only grow and end with done == total;
//  - the threaded check (jobs > 1, taken for big files and pipes) finds the
//    same diagnostics as one thread: both are run over a source of unknown
//    size (a pipe), and compared field by field.
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "check/bundle_output.hpp"
#include "check/file_checker.hpp"
#include "diag/tally.hpp"
#include "fuzz_support.hpp"
#include "model/resource_kind.hpp"
#include "output/renderer.hpp"
#include "diag/rule_catalog.hpp"
#include "schema/schema_registry.hpp"
#include "source/byte_source.hpp"
#include "source/position.hpp"

using namespace ckimport;

namespace {

constexpr model::ResourceKind kinds[] = {model::ResourceKind::users, model::ResourceKind::channels,
                                         model::ResourceKind::members,
                                         model::ResourceKind::messages};

void check_location(const diag::Location& l, std::string_view file, std::string_view path) {
  FUZZ_CHECK(l.file == path, "location names the checked file");
  FUZZ_CHECK(l.begin.offset.value <= file.size(), "location begins inside the file");
  FUZZ_CHECK(l.end.offset.value <= file.size(), "location ends inside the file");
  FUZZ_CHECK(l.begin.offset.value <= l.end.offset.value, "location end not before its begin");
  const auto begin = fuzz::position_of(file, l.begin.offset.value);
  FUZZ_CHECK(begin == l.begin, "begin line/column match the byte offset");
  const auto end = source::advance(begin, file.substr(l.begin.offset.value,
                                                      l.end.offset.value - l.begin.offset.value));
  FUZZ_CHECK(end == l.end, "end line/column match the byte offset");
}

void check_diagnostic(const diag::Diagnostic& d, std::string_view file, std::string_view path) {
  FUZZ_CHECK(static_cast<std::size_t>(d.rule) < diag::rule_count, "rule id is in the rule catalog");
  FUZZ_CHECK(!d.message.empty(), "diagnostic has a message");
  check_location(d.location, file, path);
  for (const auto& r : d.related) check_location(r.location, file, path);
  if (d.excerpt) {
    FUZZ_CHECK(d.excerpt->caret_begin <= d.excerpt->caret_end, "caret end not before its begin");
    FUZZ_CHECK(d.excerpt->caret_end <= d.excerpt->text.size() ||
                   (d.excerpt->text.empty() && d.excerpt->caret_end <= 1),
               "carets inside the excerpt");
  }
}

// A source that does not know its size, like a pipe: FileChecker then takes
// its threaded path whatever the input's size.
class UnknownSizeSource final : public source::ByteSource {
 public:
  explicit UnknownSizeSource(std::string bytes) : inner_(source::memory_source(std::move(bytes))) {}
  std::size_t read(char* buffer, std::size_t capacity) override {
    return inner_->read(buffer, capacity);
  }
  bool read_at(std::uint64_t offset, std::size_t length, std::string& out) override {
    return inner_->read_at(offset, length, out);
  }
  std::optional<std::uint64_t> size() const override { return std::nullopt; }

 private:
  std::unique_ptr<source::ByteSource> inner_;
};

// Known bug (regressions/file_checker/crash-af9a0e6c..., crash-d0fa2b46...):
// attach_excerpt cuts a long line's window at a byte count and then drops
// trailing continuation bytes only, so a cut inside a multi-byte character
// leaves its lead byte (shown as \xc3...). Listed in tests/fuzz/known-bugs,
// so run-fuzzers.sh fuzzes with CKIMPORT_FUZZ_TOLERATE=excerpt-cut and finds
// other bugs meanwhile; the replay of the regressions stays strict.
bool tolerate_known_excerpt_cut() {
  static const bool tolerate = [] {
    const char* v = std::getenv("CKIMPORT_FUZZ_TOLERATE");
    return v != nullptr && std::string_view(v).find("excerpt-cut") != std::string_view::npos;
  }();
  return tolerate;
}

// Valid UTF-8 once an incomplete sequence at its very end is removed.
bool valid_but_for_a_cut_end(std::string_view text) {
  std::size_t end = text.size();
  std::size_t back = 0;
  while (end > 0 && back < 3 && (static_cast<unsigned char>(text[end - 1]) & 0xC0U) == 0x80U) {
    --end;
    ++back;
  }
  if (end > 0 && static_cast<unsigned char>(text[end - 1]) >= 0xC0U) --end;
  return simdjson::validate_utf8(text.data(), end);
}

std::string describe(const diag::Diagnostic& d) {
  std::string s = std::string(diag::rule_name(d.rule)) + "|" + std::string(diag::to_string(d.severity)) + "|" + d.message + "|" +
                  d.pointer + "|" + std::to_string(d.location.begin.offset.value) + "-" +
                  std::to_string(d.location.end.offset.value) + "|" + d.help.value_or("");
  for (const auto& r : d.related) {
    s += "|related " + std::to_string(r.location.begin.offset.value) + " " + r.message;
  }
  if (d.excerpt) {
    s += "|excerpt " + d.excerpt->text + " " + std::to_string(d.excerpt->caret_begin) + "-" +
         std::to_string(d.excerpt->caret_end);
  }
  return s;
}

std::vector<std::string> check_all(schema::SchemaRegistry& schemas,
                                   const check::FileCheckOptions& options, model::ResourceKind kind,
                                   const std::string& path, source::ByteSource& input) {
  check::ListReporter reporter;
  check::BundleOutput sink({}, {}, reporter);
  check::FileChecker checker(schemas, options);
  (void)checker.check(path, kind, input, sink);
  sink.flush();
  std::vector<std::string> out;
  for (const auto& d : reporter.diagnostics) out.push_back(describe(d));
  return out;
}

std::string render(output::Format format, bool color, const std::vector<diag::Diagnostic>& all,
                   const output::RunSummary& summary, bool with_rules = true) {
  std::ostringstream out;
  output::RenderOptions options;
  options.color = color;
  options.tool_version = "0.0.0-fuzz";
  options.base_dir = "/work";
  if (with_rules) options.rules = diag::all_rules();
  auto renderer = output::make_renderer(format, out, options);
  renderer->begin();
  for (const auto& d : all) renderer->diagnostic(d);
  renderer->end(summary);
  return std::move(out).str();
}

void check_json_output(const std::string& text, const char* what) {
  static simdjson::dom::parser parser;
  const simdjson::padded_string padded(text);
  const auto error = parser.parse(padded).error();
  if (error) {
    std::fprintf(stderr, "%s output is not valid JSON (%s):\n%s\n", what,
                 simdjson::error_message(error), text.c_str());
  }
  FUZZ_CHECK(!error, "json/sarif output is valid JSON");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes bytes{data, size};
  // Option byte: bit 0 a fuzzed display path; bits 1-2 the element size
  // limit; bit 3 a small diagnostic limit in the sink; bits 4-5 chunk size;
  // bit 6 also compare one thread with three; bit 7 SARIF with its rules.
  const std::uint8_t options_byte = bytes.take_byte();
  std::string path = "users.json";
  if (options_byte & 1U) {
    path.clear();
    while (bytes.size > 0 && path.size() < 64) {
      const char c = static_cast<char>(bytes.take_byte());
      if (c == '\0') break;
      path += c;
    }
  }
  const std::string file(bytes.rest());

  static schema::SchemaRegistry schemas;
  const bool file_is_utf8 = simdjson::validate_utf8(file.data(), file.size());
  check::FileCheckOptions file_options;
  std::uint64_t progress_done = 0;
  bool progress_finished = false;
  file_options.progress = [&](const std::string& shown, std::uint64_t done,
                              std::optional<std::uint64_t> total) {
    FUZZ_CHECK(shown == path, "progress names the file");
    FUZZ_CHECK(done >= progress_done, "progress only grows");
    FUZZ_CHECK(!total || done <= *total, "progress within the total");
    progress_done = done;
    progress_finished = total && done == *total;
  };
  constexpr std::size_t element_limits[] = {std::size_t{64} << 20, 16, 200, 1000};
  file_options.reader.max_element_bytes = element_limits[(options_byte >> 1U) & 3U];
  // 64 KiB rather than the default 1 MiB: the same code for inputs this
  // small, without zeroing a megabyte per reader.
  constexpr std::size_t chunks[] = {std::size_t{64} << 10, 1, 7, 64};
  file_options.reader.chunk_bytes = chunks[(options_byte >> 4U) & 3U];

  // Rendering costs more than checking: all four kinds are checked, the
  // diagnostics of one (picked by the file's size) are rendered.
  const std::size_t rendered_kind = file.size() % std::size(kinds);
  for (std::size_t k = 0; k < std::size(kinds); ++k) {
    const auto kind = kinds[k];
    diag::TallyOptions tally_options;
    if (options_byte & 8U) tally_options.limit = 2;
    diag::Tally tally(tally_options);
    check::ListReporter reporter;
    check::BundleOutput sink({}, {}, reporter);
    check::FileChecker checker(schemas, file_options);
    auto input = source::memory_source(file);
    progress_done = 0;
    progress_finished = false;
    (void)checker.check(path, kind, *input, sink);
    FUZZ_CHECK(progress_finished, "the last progress report has done == total");
    sink.flush();
    std::vector<diag::Diagnostic> all;
    for (auto& d : reporter.diagnostics) {
      if (tally.count(d)) all.push_back(std::move(d));
    }
    for (const auto& d : all) {
      check_diagnostic(d, file, path);
      if (file_is_utf8 && d.excerpt) {
        bool excerpt_utf8 = simdjson::validate_utf8(d.excerpt->text.data(), d.excerpt->text.size());
        if (!excerpt_utf8 && tolerate_known_excerpt_cut() && d.excerpt->cut_after) {
          excerpt_utf8 = valid_but_for_a_cut_end(d.excerpt->text);
        }
        if (!excerpt_utf8) {
          std::fprintf(stderr, "excerpt of a valid UTF-8 file is not UTF-8 (%s, at offset %llu):\n  ",
                       d.message.c_str(),
                       static_cast<unsigned long long>(d.location.begin.offset.value));
          for (const char c : d.excerpt->text) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte >= 0x20 && byte < 0x7f && byte != '\\') {
              std::fputc(byte, stderr);
            } else {
              std::fprintf(stderr, "\\x%02x", byte);
            }
          }
          std::fputc('\n', stderr);
        }
        FUZZ_CHECK(excerpt_utf8, "excerpts of a UTF-8 file are UTF-8");
      }
    }

    // One thread and three, both over a source of unknown size.
    if (options_byte & 0x40U) {
      check::FileCheckOptions one = file_options, three = file_options;
      one.progress = three.progress = nullptr;
      one.jobs = 1;
      three.jobs = 3;
      UnknownSizeSource pipe_one(file), pipe_three(file);
      const auto by_one = check_all(schemas, one, kind, path, pipe_one);
      const auto by_three = check_all(schemas, three, kind, path, pipe_three);
      if (by_one != by_three) {
        std::fprintf(stderr, "jobs=1 found %zu diagnostics, jobs=3 found %zu\n", by_one.size(),
                     by_three.size());
        for (std::size_t i = 0; i < std::max(by_one.size(), by_three.size()); ++i) {
          std::fprintf(stderr, "  1: %s\n  3: %s\n", i < by_one.size() ? by_one[i].c_str() : "-",
                       i < by_three.size() ? by_three[i].c_str() : "-");
        }
      }
      FUZZ_CHECK(by_one == by_three, "one thread and three find the same diagnostics");
    }

    if (k != rendered_kind) continue;
    output::RunSummary summary;
    summary.files_checked = 1;
    summary.errors = tally.errors();
    summary.warnings = tally.warnings();
    summary.notes = tally.notes();
    summary.not_shown = tally.not_shown();

    const std::string text = render(output::Format::text, false, all, summary);
    const std::size_t unsafe = fuzz::first_unsafe_for_terminal(text);
    if (unsafe != std::string::npos) {
      std::fprintf(stderr, "unsafe byte 0x%02x at offset %zu of text output:\n%s\n",
                   static_cast<unsigned char>(text[unsafe]), unsafe, text.c_str());
    }
    FUZZ_CHECK(unsafe == std::string::npos, "text output (no colour) is safe for a terminal");
    (void)render(output::Format::text, true, all, summary);
    check_json_output(render(output::Format::json, false, all, summary), "json");
    // SARIF's tool.driver.rules is the whole catalogue, constant and slow to
    // write: only sometimes.
    check_json_output(render(output::Format::sarif, false, all, summary, options_byte & 0x80U),
                      "sarif");
    (void)render(output::Format::github, false, all, summary);
  }
  return 0;
}
