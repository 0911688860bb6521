// fix::unified_diff / write_unified_diff: `check --diff`. Exact output for
// the shapes of change that matter (whole lines, inside lines, missing final
// newline, CRLF, empty file, hunk merging), and real GNU patch applying the
// diff of random edits to give exactly what apply_edits gives.

#include "fix/unified_diff.hpp"

#include <stdio.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "fix/apply.hpp"
#include "fix/edit_plan.hpp"
#include "fix_test_support.hpp"

namespace {

using ckimport::fix::apply_edits;
using ckimport::fix::diff_header;
using ckimport::fix::DiffOptions;
using ckimport::fix::Edit;
using ckimport::fix::plan_edits;
using ckimport::fix::StringSink;
using ckimport::fix::unified_diff;
using ckimport::fix::write_unified_diff;
using ckimport::fix_test::PieceSource;
using ckimport::test::TempDir;

std::string numbered_lines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) text += "l" + std::to_string(i) + "\n";
  return text;
}

// The lines of `diff` that start hunks.
std::vector<std::string> hunk_headers(const std::string& diff) {
  std::vector<std::string> headers;
  std::istringstream in(diff);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("@@", 0) == 0) headers.push_back(line);
  }
  return headers;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool patch_installed() { return std::system("command -v patch >/dev/null 2>&1") == 0; }

struct PatchRun {
  int status = -1;
  std::string output;
};

// Runs GNU patch -p1 in `folder` on the diff file, exact context (no fuzz).
PatchRun run_patch(const std::string& folder, const std::string& diff_file, bool dry_run) {
  const std::string command = "patch -d '" + folder + "' -p1 -N -F0 --no-backup-if-mismatch " +
                              (dry_run ? "--dry-run " : "") + "-i '" + diff_file + "' </dev/null 2>&1";
  PatchRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.output.append(buffer, n);
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

bool git_installed() { return std::system("command -v git >/dev/null 2>&1") == 0; }

// `git apply` of the diff file in `folder` (outside any repository).
int run_git_apply(const std::string& folder, const std::string& diff_file) {
  const std::string command = "cd '" + folder + "' && GIT_CEILING_DIRECTORIES='" + folder +
                              "' git apply '" + diff_file + "' </dev/null >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Writes `text` as `relative` in a fresh folder, patches it with the diff of
// `edits` and checks the result is apply_edits' to the byte, with every hunk
// found exactly where its header says. With `git`, git apply must do the same
// on a second copy.
void check_patch_applies(const std::string& text, const std::vector<Edit>& edits, const std::string& relative,
                         const DiffOptions& options = {}, bool git = false) {
  const TempDir dir;
  const std::string file = dir.write("tree/" + relative, text);
  const std::string diff = unified_diff(text, edits, relative, options);
  const std::string diff_file = dir.write("fix.diff", diff);
  INFO("diff:\n" << diff);
  const PatchRun dry = run_patch(dir / "tree", diff_file, true);
  INFO("patch --dry-run said:\n" << dry.output);
  REQUIRE(dry.status == 0);
  REQUIRE(slurp(file) == text);
  const PatchRun real = run_patch(dir / "tree", diff_file, false);
  INFO("patch said:\n" << real.output);
  REQUIRE(real.status == 0);
  CHECK(real.output.find("offset") == std::string::npos);
  CHECK(real.output.find("fuzz") == std::string::npos);
  REQUIRE(std::filesystem::exists(file));
  REQUIRE(slurp(file) == apply_edits(text, edits));
  if (git) {
    const std::string copy = dir.write("git/" + relative, text);
    REQUIRE(run_git_apply(dir / "git", diff_file) == 0);
    REQUIRE(slurp(copy) == apply_edits(text, edits));
  }
}

}  // namespace

TEST_CASE("unified_diff: no edits, no diff", "[fix][diff]") {
  CHECK(unified_diff("[1]\n", {}, "users.json").empty());
  // Insertions of nothing change nothing, at a line start or inside a line.
  CHECK(unified_diff(numbered_lines(10), {{3, 3, ""}, {13, 13, ""}}, "users.json").empty());
  CHECK(hunk_headers(unified_diff(numbered_lines(30), {{3, 3, ""}, {60, 62, "x"}}, "u.json")) ==
        std::vector<std::string>{"@@ -15,7 +15,7 @@"});
  PieceSource source("[1]\n", 2);
  std::string out;
  StringSink sink(out);
  write_unified_diff(source, {}, "users.json", sink);
  CHECK(out.empty());
}

TEST_CASE("unified_diff: a change inside a line, with three lines of context", "[fix][diff]") {
  const std::string text = numbered_lines(10);
  CHECK(unified_diff(text, {{12, 14, "L5"}}, "users.json") ==
        "--- a/users.json\n+++ b/users.json\n"
        "@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n");
}

TEST_CASE("unified_diff: a whole line inserted or removed shows as that line only", "[fix][diff]") {
  const std::string text = numbered_lines(10);
  CHECK(unified_diff(text, {{12, 12, "new\n"}}, "u.json") ==
        "--- a/u.json\n+++ b/u.json\n@@ -2,6 +2,7 @@\n l2\n l3\n l4\n+new\n l5\n l6\n l7\n");
  CHECK(unified_diff(text, {{12, 15, ""}}, "u.json") ==
        "--- a/u.json\n+++ b/u.json\n@@ -2,7 +2,6 @@\n l2\n l3\n l4\n-l5\n l6\n l7\n l8\n");
  // a line break removed joins two lines
  CHECK(unified_diff(text, {{14, 15, " "}}, "u.json") ==
        "--- a/u.json\n+++ b/u.json\n@@ -2,8 +2,7 @@\n l2\n l3\n l4\n-l5\n-l6\n+l5 l6\n l7\n l8\n l9\n");
}

TEST_CASE("unified_diff: the first and last lines get the context there is", "[fix][diff]") {
  const std::string text = numbered_lines(4);
  CHECK(unified_diff(text, {{0, 0, "["}, {12, 12, "]"}}, "u.json") ==
        "--- a/u.json\n+++ b/u.json\n@@ -1,4 +1,5 @@\n-l1\n+[l1\n l2\n l3\n l4\n+]\n\\ No newline at end of file\n");
}

TEST_CASE("unified_diff: changes up to six lines apart share a hunk, seven apart do not", "[fix][diff]") {
  const std::string text = numbered_lines(20);  // "lN\n" is 3 bytes up to l9
  // l3 at 6, l10 at 27: lines 4..9 between them
  CHECK(hunk_headers(unified_diff(text, {{6, 7, "L"}, {27, 28, "L"}}, "u.json")) ==
        std::vector<std::string>{"@@ -1,13 +1,13 @@"});
  // l3 and l11 (at 31): seven lines between
  CHECK(hunk_headers(unified_diff(text, {{6, 7, "L"}, {31, 32, "L"}}, "u.json")) ==
        std::vector<std::string>{"@@ -1,6 +1,6 @@", "@@ -8,7 +8,7 @@"});
  // the second hunk's new start moves by the lines the first one added
  CHECK(hunk_headers(unified_diff(text, {{6, 6, "a\nb\n"}, {31, 32, "L"}}, "u.json")) ==
        std::vector<std::string>{"@@ -1,5 +1,7 @@", "@@ -8,7 +10,7 @@"});
}

TEST_CASE("unified_diff: a missing final newline is marked on the side that lacks it", "[fix][diff]") {
  const std::string head = "--- a/u.json\n+++ b/u.json\n";
  const std::string marker = "\\ No newline at end of file\n";
  CHECK(unified_diff("a\nb\nc", {{4, 5, "C"}}, "u.json") ==
        head + "@@ -1,3 +1,3 @@\n a\n b\n-c\n" + marker + "+C\n" + marker);
  CHECK(unified_diff("a\nb\nc", {{5, 5, "\n"}}, "u.json") == head + "@@ -1,3 +1,3 @@\n a\n b\n-c\n" + marker + "+c\n");
  CHECK(unified_diff("a\nb\nc\n", {{5, 6, ""}}, "u.json") == head + "@@ -1,3 +1,3 @@\n a\n b\n-c\n+c\n" + marker);
  CHECK(unified_diff("a\nb\nc\nd", {{2, 3, "B"}}, "u.json") ==
        head + "@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n d\n" + marker);
}

TEST_CASE("unified_diff: CRLF lines keep their CR", "[fix][diff]") {
  CHECK(unified_diff("[\r\n  1,\r\n  2\r\n]\r\n", {{6, 7, ""}}, "u.json") ==
        "--- a/u.json\n+++ b/u.json\n@@ -1,4 +1,4 @@\n [\r\n-  1,\r\n+  1\r\n   2\r\n ]\r\n");
}

TEST_CASE("unified_diff: an empty file", "[fix][diff]") {
  CHECK(unified_diff("", {{0, 0, "[]\n"}}, "e.json") == "--- a/e.json\n+++ b/e.json\n@@ -0,0 +1 @@\n+[]\n");
}

TEST_CASE("unified_diff: less context when asked", "[fix][diff]") {
  const std::string text = numbered_lines(10);
  CHECK(unified_diff(text, {{12, 14, "L5"}}, "u.json", DiffOptions{0, 64}) ==
        "--- a/u.json\n+++ b/u.json\n@@ -5 +5 @@\n-l5\n+L5\n");
  CHECK(unified_diff(text, {{12, 12, "new\n"}}, "u.json", DiffOptions{0, 64}) ==
        "--- a/u.json\n+++ b/u.json\n@@ -4,0 +5 @@\n+new\n");
}

TEST_CASE("unified_diff: file names with spaces end with a tab, odd ones are quoted", "[fix][diff]") {
  CHECK(diff_header("data/users.json") == "--- a/data/users.json\n+++ b/data/users.json\n");
  CHECK(diff_header("my data/users 2.json") == "--- a/my data/users 2.json\t\n+++ b/my data/users 2.json\t\n");
  CHECK(diff_header("we\"ird\tname.json") == "--- \"a/we\\\"ird\\tname.json\"\n+++ \"b/we\\\"ird\\tname.json\"\n");
}

TEST_CASE("unified_diff: edits out of order or past the end", "[fix][diff]") {
  CHECK_THROWS_AS(unified_diff("0123", {{2, 3, "x"}, {1, 2, "y"}}, "u.json"), std::invalid_argument);
  CHECK_THROWS_WITH(unified_diff("0123", {{3, 6, "x"}}, "u.json"), "the input ended at byte 4; the edits reach byte 6");
}

TEST_CASE("unified_diff: GNU patch applies it (hand-picked cases)", "[fix][diff][patch]") {
  if (!patch_installed()) {
    WARN("patch is not installed: the diffs were not applied");
    return;
  }
  const bool git = git_installed();
  if (!git) WARN("git is not installed: git apply not tried");
  check_patch_applies(numbered_lines(30), {{12, 14, "L5"}, {40, 40, "x\n"}, {60, 70, ""}}, "users.json", {}, git);
  check_patch_applies("a\nb\nc", {{5, 5, "\n"}}, "no newline.json", {}, git);
  check_patch_applies("a\nb\nc\n", {{5, 6, ""}}, "my data/drop newline.json", {}, git);
  check_patch_applies("[\r\n  1,\r\n  2\r\n]\r\n", {{6, 7, ""}, {15, 15, "  3\r\n"}}, "crlf.json", {}, git);
  check_patch_applies("", {{0, 0, "[]\n"}}, "empty.json", {}, git);
  check_patch_applies("\xEF\xBB\xBF[\"é\", \"😀\"]\n", {{0, 3, ""}}, "bom.json", {}, git);
  check_patch_applies("x\ny\n", {{0, 4, ""}}, "emptied.json", {}, git);
  check_patch_applies(numbered_lines(10), {{12, 14, "L5"}}, "we\"ird name.json", {}, git);
  // (git apply takes hunks without context only with --unidiff-zero)
  check_patch_applies(numbered_lines(20), {{6, 7, "L"}, {31, 32, "L"}}, "zero context.json", DiffOptions{0, 64});
}

TEST_CASE("unified_diff: GNU patch applies the diff of random edits, any window size", "[fix][diff][patch]") {
  if (!patch_installed()) {
    WARN("patch is not installed: the diffs were not applied");
    return;
  }
  std::mt19937 rng(424242);
  for (int round = 0; round < 150; ++round) {
    const std::string text = ckimport::fix_test::random_text(rng, 80);
    const auto plan = plan_edits(ckimport::fix_test::random_fixes(rng, text.size(), 6), text.size());
    const std::size_t context = round % 5 == 4 ? std::size_t{1} : std::size_t{3};
    INFO("round " << round);
    const std::string diff = unified_diff(text, plan.edits, "sub dir/file.json", DiffOptions{context, 65536});
    if (plan.edits.empty()) {
      CHECK(diff.empty());
      continue;
    }
    // Held pieces spilling to temporary files give the same diff.
    const std::size_t window = std::uniform_int_distribution<std::size_t>(1, 16)(rng);
    REQUIRE(unified_diff(text, plan.edits, "sub dir/file.json", DiffOptions{context, window}) == diff);
    PieceSource source(text, 3);
    std::string streamed;
    StringSink sink(streamed);
    write_unified_diff(source, plan.edits, "sub dir/file.json", sink, DiffOptions{context, window});
    REQUIRE(streamed == diff);
    check_patch_applies(text, plan.edits, "sub dir/file.json", DiffOptions{context, 65536});
  }
}

TEST_CASE("unified_diff: a 5 MB file with an edit in every item streams, and patch applies it",
          "[fix][diff][patch]") {
  const std::string item = "  {\n    \"display_name\": \"someone\",\n    \"guest\": true,\n"
                           "    \"properties\": {\"team\": \"blue\"}\n  },\n";
  std::string text = "[\n";
  while (text.size() < 5U << 20U) text += item;
  text += "]\n";
  std::vector<Edit> edits;
  for (std::size_t at = text.find("\"guest\""); at != std::string::npos; at = text.find("\"guest\"", at + 1)) {
    edits.push_back({at + 1, at + 6, "isGuest"});
  }
  // One hunk covers the whole file: far more than a window, so it spills.
  PieceSource source(text, 1U << 16U);
  std::string diff;
  StringSink sink(diff);
  write_unified_diff(source, edits, "users.json", sink);
  CHECK(source.random_reads == 0);
  CHECK(source.bytes_read == text.size());
  CHECK(hunk_headers(diff).size() == 1);
  CHECK(diff == unified_diff(text, edits, "users.json", DiffOptions{3, 1U << 20U}));

  // A minified file: one line of megabytes, edits all along it.
  std::string minified = "[";
  while (minified.size() < 2U << 20U) minified += "{\"guest\":true,\"name\":\"x\"},";
  minified.back() = ']';
  std::vector<Edit> minified_edits;
  for (std::size_t at = minified.find("\"guest\""); at != std::string::npos;
       at = minified.find("\"guest\"", at + 1)) {
    minified_edits.push_back({at + 1, at + 6, "isGuest"});
  }
  const std::string one_line = unified_diff(minified, minified_edits, "min.json");
  CHECK(hunk_headers(one_line) == std::vector<std::string>{"@@ -1 +1 @@"});

  if (!patch_installed()) {
    WARN("patch is not installed: the diffs were not applied");
    return;
  }
  check_patch_applies(text, edits, "users.json");
  check_patch_applies(minified, minified_edits, "min.json");
}
