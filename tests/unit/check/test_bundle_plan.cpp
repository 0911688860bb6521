// Folders of bundles (issue 16): a folder with no import files of its own
// but bundle folders below it is each of them; a bundle with bundle folders
// below it is one bundle, and a note names the others; a folder with
// neither is a RequestError.

#include "check/bundle_plan.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "check/engine.hpp"

namespace {

using ckimport::check::BundleTarget;
using ckimport::check::CheckRequest;
using ckimport::check::Engine;
using ckimport::check::ListReporter;
using ckimport::check::Overlay;
using ckimport::check::RequestError;
using ckimport::test::TempDir;

constexpr std::string_view users_jane = R"([{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}])";

std::vector<std::string> roots(const std::vector<BundleTarget>& targets, const TempDir& dir) {
  std::vector<std::string> out;
  for (const auto& t : targets) {
    std::string root = t.root == dir.str() ? "." : t.root.substr(dir.str().size() + 1);
    out.push_back(root + (t.whole ? "" : " (named)"));
  }
  return out;
}

}  // namespace

TEST_CASE("group_by_bundle: a folder of bundles is each bundle below it, in path order", "[check][bundle_plan]") {
  const TempDir dir;
  dir.write("slack-export/users.json", users_jane);
  dir.write("legacy/channels-2019.json", "[]");
  dir.write("2019/archive/existing/users.json", "[\"jane\"]");  // deeper, and only a snapshot
  dir.write("2019/notes.txt", "not a bundle");
  dir.write("tools/members/1001.json", "[]");                    // a members file makes a bundle too
  dir.write("conf/ckimport.json", "{}");                          // so does ckimport.json
  dir.write(".git/users.json", "[]");                             // hidden folders are not looked in
  dir.write("node_modules/x/users.json", "[]");
  dir.write("docs/users.md", "no");
  dir.write("README.md", "two exports");
  const Overlay overlay;
  const auto targets = ckimport::check::group_by_bundle({dir.str() + "/"}, overlay);
  CHECK(roots(targets, dir) == std::vector<std::string>{"2019/archive", "conf", "legacy", "slack-export", "tools"});
  for (const auto& t : targets) CHECK(t.bundles_below.empty());
}

TEST_CASE("group_by_bundle: a bundle with bundle folders below it is one bundle, they are listed",
          "[check][bundle_plan]") {
  const TempDir dir;
  dir.write("users.json", users_jane);
  dir.write("members/1001.json", "[]");
  dir.write("backup/users.json", users_jane);
  dir.write("old/2018/channels.json", "[]");
  dir.write("old/2018/deeper/users.json", "[]");  // inside a bundle found: not looked for
  const Overlay overlay;
  const auto targets = ckimport::check::group_by_bundle({dir.str()}, overlay);
  REQUIRE(targets.size() == 1);
  CHECK(targets[0].whole);
  CHECK(targets[0].bundles_below == std::vector<std::string>{dir / "backup", dir / "old/2018"});

  // Named on its own as well, a bundle below is checked, so it is not listed.
  const auto both = ckimport::check::group_by_bundle({dir.str(), dir / "backup"}, overlay);
  REQUIRE(both.size() == 2);
  CHECK(both[0].bundles_below == std::vector<std::string>{dir / "old/2018"});
  CHECK(both[1].root == dir / "backup");
}

TEST_CASE("group_by_bundle: a bundle of a folder of bundles has its bundles below listed too",
          "[check][bundle_plan]") {
  const TempDir dir;
  dir.write("slack-export/users.json", users_jane);
  dir.write("slack-export/backup/users.json", users_jane);
  dir.write("legacy/users.json", users_jane);
  const Overlay overlay;
  const auto targets = ckimport::check::group_by_bundle({dir.str()}, overlay);
  CHECK(roots(targets, dir) == std::vector<std::string>{"legacy", "slack-export"});
  REQUIRE(targets.size() == 2);
  CHECK(targets[0].bundles_below.empty());
  CHECK(targets[1].bundles_below == std::vector<std::string>{dir / "slack-export/backup"});
}

TEST_CASE("Engine: a folder of bundles checks each with its own context and counts them", "[check][bundle_plan]") {
  const TempDir dir;
  dir.write("a/users.json", users_jane);
  dir.write("a/channels.json", R"([{"type": "PUBLIC", "name": "general", "members": ["jane"]}])");
  dir.write("b/users.json", R"([{"name": "joe", "displayName": "Joe", "isGuest": false, "properties": {}}])");
  dir.write("b/channels.json", R"([{"type": "PUBLIC", "name": "general", "members": ["jane"]}])");  // jane is a's
  Engine engine;
  CheckRequest request;
  request.paths = {dir.str()};
  ListReporter reporter;
  const auto summary = engine.check(request, reporter);
  CHECK(summary.bundles == 2);
  CHECK(summary.files_checked == 4);
  REQUIRE(reporter.diagnostics.size() == 1);
  CHECK(reporter.diagnostics[0].rule == ckimport::diag::RuleId::unknown_user);
  CHECK(reporter.diagnostics[0].location.file == dir / "b/channels.json");
}

TEST_CASE("Engine: the bundles below a bundle are named in a note, their files are not unmatched",
          "[check][bundle_plan]") {
  const TempDir dir;
  dir.write("users.json", users_jane);
  dir.write("backup/users.json", "[1]");
  dir.write("backup/notes.txt", "");
  dir.write("history/messages.json", "[]");  // ckimport.json reads it: the bundle's own
  dir.write("ckimport.json", R"({"files": {"messages": ["history/*.json"]}})");
  dir.write("README.txt", "");
  Engine engine;
  CheckRequest request;
  request.paths = {dir.str()};
  ListReporter reporter;
  const auto summary = engine.check(request, reporter);
  CHECK(summary.bundles == 1);
  std::vector<std::string> messages;
  for (const auto& d : reporter.diagnostics) {
    if (d.rule == ckimport::diag::RuleId::unmatched_file) messages.push_back(d.message);
  }
  CHECK(messages == std::vector<std::string>{
                        "not checked, a folder below this bundle that holds a bundle of its own: " + (dir / "backup") +
                            "; name it to check it",
                        "not checked, the name matches no import file kind: " + (dir / "README.txt")});
}

TEST_CASE("Engine: a folder with no import files and no bundle below it is a RequestError", "[check][bundle_plan]") {
  const TempDir dir;
  dir.write("docs/users.md", "");
  dir.write("README.md", "");
  Engine engine;
  CheckRequest request;
  request.paths = {dir.str()};
  ListReporter reporter;
  try {
    (void)engine.check(request, reporter);
    FAIL("no RequestError");
  } catch (const RequestError& e) {
    CHECK(std::string(e.what()) == dir.str() + ": no import files in this directory, and no bundle folder below it");
  }
}
