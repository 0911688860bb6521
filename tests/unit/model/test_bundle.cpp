// model::discover_bundle, model::bundle_root_for and model::join_path on
// temporary folders.

#include "model/bundle.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"

namespace {

namespace fs = std::filesystem;
using ckimport::model::Bundle;
using ckimport::model::BundleConfig;
using ckimport::model::bundle_root_for;
using ckimport::model::discover_bundle;
using ckimport::model::join_path;
using ckimport::model::MembersFileConfig;
using ckimport::test::TempDir;
using Lines = std::vector<std::string>;

// "<kind> <path relative to root> [channel]" for each file.
Lines describe_files(const Bundle& bundle, const std::string& root) {
  Lines out;
  for (const auto& f : bundle.files) {
    std::string path = f.path;
    if (path.rfind(root + "/", 0) == 0) path = path.substr(root.size() + 1);
    std::string line = std::string(to_string(f.kind)) + " " + path;
    if (f.channel_id) line += " #" + std::to_string(*f.channel_id);
    out.push_back(line);
  }
  return out;
}

Lines relative(const Lines& paths, const std::string& root) {
  Lines out;
  for (const auto& p : paths) out.push_back(p.rfind(root + "/", 0) == 0 ? p.substr(root.size() + 1) : "!" + p);
  return out;
}

}  // namespace

TEST_CASE("join_path: joins the way paths are shown", "[model][bundle]") {
  CHECK(join_path("a/b", "users.json") == "a/b/users.json");
  CHECK(join_path("a/b/", "users.json") == "a/b/users.json");
  CHECK(join_path(".", "users.json") == "users.json");
  CHECK(join_path("", "users.json") == "users.json");
  CHECK(join_path("/", "users.json") == "/users.json");
  CHECK(join_path("..", "members/1.json") == "../members/1.json");
  CHECK(join_path("./x", "users.json") == "./x/users.json");
}

TEST_CASE("discover_bundle: files by convention, sorted by path", "[model][bundle]") {
  const TempDir dir;
  for (const char* file : {"users.json", "users-2.json", "channels.json", "messages-2024.json",
                           "members/1001.json", "members/general.json", "members/0.json",
                           "existing/channels.json", "existing/users-a.json", "notes.txt",
                           "sub/users.json", "members/readme.md"}) {
    dir.write(file);
  }
  const std::string root = dir.str();
  const Bundle bundle = discover_bundle(root, nullptr);
  CHECK(bundle.root == root);
  CHECK_FALSE(bundle.config_path.has_value());
  CHECK(describe_files(bundle, root) == Lines{
                                            "channels channels.json",
                                            "members members/0.json",
                                            "members members/1001.json #1001",
                                            "members members/general.json",
                                            "messages messages-2024.json",
                                            "users users-2.json",
                                            "users users.json",
                                        });
  CHECK(bundle.existing_channels == Lines{root + "/existing/channels.json"});
  CHECK(bundle.existing_users == Lines{root + "/existing/users-a.json"});
  // Globs do not cross folders: sub/users.json is not a users file.
  CHECK(relative(bundle.unmatched, root) == Lines{"members/readme.md", "notes.txt", "sub/users.json"});
}

TEST_CASE("discover_bundle: an empty folder is an empty bundle", "[model][bundle]") {
  const TempDir dir;
  const Bundle bundle = discover_bundle(dir.str(), nullptr);
  CHECK(bundle.files.empty());
  CHECK(bundle.unmatched.empty());
  CHECK(bundle.existing_channels.empty());
  CHECK(bundle.existing_users.empty());
}

TEST_CASE("discover_bundle: ckimport.json is the config, not an unmatched file", "[model][bundle]") {
  const TempDir dir;
  dir.write("ckimport.json", "{}");
  dir.write("users.json");
  const std::string root = dir.str();
  const Bundle bundle = discover_bundle(root, nullptr);
  REQUIRE(bundle.config_path.has_value());
  CHECK(*bundle.config_path == root + "/ckimport.json");
  CHECK(describe_files(bundle, root) == Lines{"users users.json"});
  CHECK(bundle.unmatched.empty());
}

TEST_CASE("discover_bundle: hidden folders and node_modules are not walked", "[model][bundle]") {
  const TempDir dir;
  dir.write(".git/users.json");
  dir.write("node_modules/pkg/channels.json");
  dir.write("users.json");
  const std::string root = dir.str();
  const Bundle bundle = discover_bundle(root, nullptr);
  CHECK(describe_files(bundle, root) == Lines{"users users.json"});
  CHECK(bundle.unmatched.empty());
}

TEST_CASE("discover_bundle: existing/ snapshots are not import files", "[model][bundle]") {
  const TempDir dir;
  dir.write("existing/channels.json");
  dir.write("existing/channels-2.json");
  dir.write("existing/users.json");
  dir.write("existing/messages.json");
  const std::string root = dir.str();
  const Bundle bundle = discover_bundle(root, nullptr);
  CHECK(bundle.files.empty());
  CHECK(relative(bundle.existing_channels, root) ==
        Lines{"existing/channels-2.json", "existing/channels.json"});
  CHECK(relative(bundle.existing_users, root) == Lines{"existing/users.json"});
  CHECK(relative(bundle.unmatched, root) == Lines{"existing/messages.json"});
}

TEST_CASE("discover_bundle: paths are shown joined to the root as given", "[model][bundle]") {
  const TempDir dir;
  dir.write("users.json");
  dir.write("members/7.json");
  const std::string with_slash = dir.str() + "/";
  const Bundle bundle = discover_bundle(with_slash, nullptr);
  REQUIRE(bundle.files.size() == 2);
  CHECK(bundle.files[0].path == dir.str() + "/members/7.json");
  CHECK(bundle.files[1].path == dir.str() + "/users.json");
}

TEST_CASE("discover_bundle: a BundleConfig overrides globs and members, the rest keeps the convention",
          "[model][bundle]") {
  const TempDir dir;
  for (const char* file : {"people/a.json", "people/b.json", "users.json", "channels.json",
                           "rooms/general.json", "rooms/random.json", "members/1001.json",
                           "history/2024.json", "messages.json", "platform/users.json",
                           "existing/users.json", "existing/channels.json"}) {
    dir.write(file);
  }
  BundleConfig config;
  config.users = std::vector<std::string>{"people/*.json"};
  config.messages = std::vector<std::string>{"history/*.json", "messages.json"};
  config.members = std::vector<MembersFileConfig>{{"rooms/general.json", 1001}, {"rooms/missing.json", 5}};
  config.existing_users = std::vector<std::string>{"platform/users.json"};
  const std::string root = dir.str();
  const Bundle bundle = discover_bundle(root, &config);
  CHECK(describe_files(bundle, root) == Lines{
                                            "channels channels.json",
                                            "messages history/2024.json",
                                            "messages messages.json",
                                            "users people/a.json",
                                            "users people/b.json",
                                            "members rooms/general.json #1001",
                                        });
  // existing/channels*.json keeps the convention; existing/users is replaced.
  CHECK(relative(bundle.existing_channels, root) == Lines{"existing/channels.json"});
  CHECK(relative(bundle.existing_users, root) == Lines{"platform/users.json"});
  // With configured members files, members/<id>.json is no longer one.
  CHECK(relative(bundle.unmatched, root) ==
        Lines{"existing/users.json", "members/1001.json", "rooms/random.json", "users.json"});
}

TEST_CASE("discover_bundle: an empty configured list matches nothing", "[model][bundle]") {
  const TempDir dir;
  dir.write("users.json");
  BundleConfig config;
  config.users = std::vector<std::string>{};
  const std::string root = dir.str();
  const Bundle bundle = discover_bundle(root, &config);
  CHECK(bundle.files.empty());
  CHECK(relative(bundle.unmatched, root) == Lines{"users.json"});
}

TEST_CASE("discover_bundle: a symbolic link loop inside the folder does not hang", "[model][bundle]") {
  const TempDir dir;
  dir.write("users.json");
  dir.write("sub/channels.json");
  REQUIRE(::symlink(".", (dir / "loop").c_str()) == 0);
  REQUIRE(::symlink("..", (dir / "sub/up").c_str()) == 0);
  REQUIRE(::symlink(dir.str().c_str(), (dir / "sub/abs").c_str()) == 0);
  const std::string root = dir.str();
  auto discovering = std::async(std::launch::async, [&] { return discover_bundle(root, nullptr); });
  // No way to stop a hung walk: fail loudly instead of hanging the whole run
  // (the future's destructor would still wait).
  REQUIRE(discovering.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
  const Bundle bundle = discovering.get();
  CHECK(describe_files(bundle, root) == Lines{"users users.json"});
  CHECK(relative(bundle.unmatched, root) == Lines{"sub/channels.json"});
}

TEST_CASE("discover_bundle: a link to a file is listed under its own name",
          "[model][bundle]") {
  // Regression test (src/model/bundle.cpp, list_files).
  const TempDir dir;
  dir.write("data/u.json");
  REQUIRE(::symlink("data/u.json", (dir / "users.json").c_str()) == 0);
  const std::string root = dir.str();
  const Bundle bundle = discover_bundle(root, nullptr);
  CHECK(describe_files(bundle, root) == Lines{"users users.json"});
  CHECK(relative(bundle.unmatched, root) == Lines{"data/u.json"});
}

TEST_CASE("discover_bundle: entries named like import files that are not files are listed",
          "[model][bundle]") {
  // Opening them stops the run with the reason; skipping them said "no
  // problems" about a bundle that was not all read.
  const TempDir dir;
  dir.write("users.json");
  REQUIRE(::symlink("users-y.json", (dir / "users-x.json").c_str()) == 0);
  REQUIRE(::symlink("users-x.json", (dir / "users-y.json").c_str()) == 0);
  REQUIRE(::symlink("gone.json", (dir / "channels-dangling.json").c_str()) == 0);
  dir.mkdir("existing");
  REQUIRE(::symlink("gone.json", (dir / "existing/users.json").c_str()) == 0);
  REQUIRE(::mkfifo((dir / "messages-fifo.json").c_str(), 0600) == 0);
  // Named like nothing: not listed, as before.
  REQUIRE(::symlink("gone", (dir / "notes.txt").c_str()) == 0);
  const std::string root = dir.str();
  const Bundle bundle = discover_bundle(root, nullptr);
  CHECK(describe_files(bundle, root) == Lines{"channels channels-dangling.json", "messages messages-fifo.json",
                                              "users users-x.json", "users users-y.json", "users users.json"});
  CHECK(relative(bundle.existing_users, root) == Lines{"existing/users.json"});
  CHECK(bundle.unmatched.empty());
  CHECK(bundle.folders_named_like_files.empty());
}

TEST_CASE("discover_bundle: a folder named like an import file is listed as one", "[model][bundle]") {
  const TempDir dir;
  dir.write("users.json");
  dir.mkdir("users-old.json");
  dir.mkdir("members/1001.json");
  dir.mkdir("existing/channels.json");
  dir.mkdir("history");
  const std::string root = dir.str();
  const Bundle bundle = discover_bundle(root, nullptr);
  CHECK(describe_files(bundle, root) == Lines{"users users.json"});
  CHECK(relative(bundle.folders_named_like_files, root) ==
        Lines{"existing/channels.json", "members/1001.json", "users-old.json"});
  CHECK(bundle.unmatched.empty());
}

// ---------------------------------------------------------------------------

TEST_CASE("bundle_root_for: without ckimport.json, the file's folder", "[model][bundle]") {
  const TempDir dir;
  const std::string users = dir.write("b/users.json");
  const std::string member = dir.write("b/members/5.json");
  CHECK(bundle_root_for(users) == dir / "b");
  // members/<id>.json belongs to the folder above members/.
  CHECK(bundle_root_for(member) == dir / "b");
  // A folder is its own root.
  CHECK(bundle_root_for(dir / "b") == dir / "b");
  // A file that does not exist yet: its folder all the same.
  CHECK(bundle_root_for(dir / "b/channels.json") == dir / "b");
}

TEST_CASE("bundle_root_for: the nearest ancestor with ckimport.json", "[model][bundle]") {
  const TempDir dir;
  dir.write("outer/ckimport.json", "{}");
  dir.write("outer/inner/ckimport.json", "{}");
  const std::string deep = dir.write("outer/inner/data/2024/users.json");
  const std::string here = dir.write("outer/inner/users.json");
  const std::string member = dir.write("outer/inner/members/5.json");
  const std::string in_outer = dir.write("outer/x/channels.json");

  // In the folder itself: the folder as given.
  CHECK(bundle_root_for(here) == dir / "outer/inner");
  CHECK(bundle_root_for(dir / "outer/inner") == dir / "outer/inner");
  // Further up: the path normalised, with a trailing separator.
  CHECK(bundle_root_for(deep) == dir / "outer/inner/");
  CHECK(bundle_root_for(member) == dir / "outer/inner/");
  CHECK(bundle_root_for(in_outer) == dir / "outer/");
  // Whatever the spelling, files join under the root the same way.
  CHECK(join_path(bundle_root_for(deep), "users.json") == dir / "outer/inner/users.json");
}

TEST_CASE("bundle_root_for: a folder named ckimport.json is not a config", "[model][bundle]") {
  const TempDir dir;
  dir.mkdir("a/ckimport.json");
  const std::string users = dir.write("a/b/users.json");
  CHECK(bundle_root_for(users) == dir / "a/b");
}
