// rules::DuplicateFinder: every duplicate reported exactly once, naming its
// first occurrence, whether the table answers at add() or the finder spills;
// hash collisions never reported; temporary files gone; a folder or disk that
// cannot take the spill is an error, not a short answer.

#include "rules/duplicate_finder.hpp"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "source/temp_files.hpp"

namespace ckimport::rules {
// For Catch's messages.
std::ostream& operator<<(std::ostream& out, const DuplicateFinder::Duplicate& d) {
  return out << "(" << d.place.file_id << "," << d.place.offset << ") first (" << d.first.file_id << ","
             << d.first.offset << ")";
}
}  // namespace ckimport::rules

namespace {

using ckimport::rules::DuplicateFinder;
using ckimport::source::TempFileError;
using ckimport::test::TempDir;
using Place = DuplicateFinder::Place;
using Duplicate = DuplicateFinder::Duplicate;
using Duplicates = std::vector<Duplicate>;
using HashFunction = std::function<std::uint64_t(const std::string&)>;

constexpr std::size_t tiny_budget = 4096;

std::uint64_t std_hash(const std::string& key) { return std::hash<std::string>{}(key); }

std::size_t entries(const TempDir& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir.path()),
                                                std::filesystem::directory_iterator()));
}

bool by_place(const Duplicate& a, const Duplicate& b) { return a.place < b.place; }

// Uses the finder as the rule does: knows every item's key (here, kept by
// place), confirms add()'s candidates by comparing keys, reports at once, and
// at finish() collects the rest.
class Caller {
 public:
  explicit Caller(std::size_t budget, std::string folder, HashFunction hash = std_hash)
      : finder_(budget, std::move(folder)), hash_(std::move(hash)) {}

  void add(Place place, const std::string& key) {
    items_.emplace_back(place, key);
    const std::uint64_t hash = hash_(key);
    const auto& candidates = finder_.add(hash, place);
    for (const Place& candidate : candidates) {
      if (key_at(candidate) == key) {
        at_add.push_back({place, candidate});
        return;
      }
    }
    if (!candidates.empty()) finder_.add_distinct_key(hash, place);
  }

  void finish() {
    finder_.finish([this](Place p) { return key_at(p); },
                   [this](const Duplicate& d) { at_finish.push_back(d); });
  }

  std::optional<std::string> key_at(Place place) const {
    if (unreadable && *unreadable == place) return std::nullopt;
    const auto it = std::lower_bound(items_.begin(), items_.end(), place,
                                     [](const auto& item, Place p) { return item.first < p; });
    REQUIRE(it != items_.end());
    REQUIRE(it->first == place);
    return it->second;
  }

  // Everything reported, by place.
  Duplicates all() const {
    Duplicates out = at_add;
    out.insert(out.end(), at_finish.begin(), at_finish.end());
    std::stable_sort(out.begin(), out.end(), by_place);
    return out;
  }

  DuplicateFinder& finder() { return finder_; }

  Duplicates at_add;
  Duplicates at_finish;
  std::optional<Place> unreadable;

 private:
  DuplicateFinder finder_;
  HashFunction hash_;
  std::vector<std::pair<Place, std::string>> items_;
};

// What a map from each key to its first place says.
class Oracle {
 public:
  void add(Place place, const std::string& key) {
    const auto [it, inserted] = first_.emplace(key, place);
    if (!inserted) expected.push_back({place, it->second});
  }
  Duplicates expected;

 private:
  std::unordered_map<std::string, Place> first_;
};

// Feeds the same items to a caller and the oracle.
struct Run {
  Run(std::size_t budget, std::string folder, HashFunction hash = std_hash)
      : caller(budget, std::move(folder), std::move(hash)) {}
  void add(Place place, const std::string& key) {
    caller.add(place, key);
    oracle.add(place, key);
  }
  Caller caller;
  Oracle oracle;
};

void check_exactly_once(const Caller& caller, const Oracle& oracle) {
  CHECK(std::is_sorted(caller.at_finish.begin(), caller.at_finish.end(), by_place));
  const Duplicates all = caller.all();
  std::set<Place> places;
  for (const auto& d : all) places.insert(d.place);
  CHECK(places.size() == all.size());
  CHECK(all == oracle.expected);
}

}  // namespace

TEST_CASE("DuplicateFinder: within the budget, add() answers and finish() adds nothing", "[duplicates]") {
  const TempDir dir;
  Run run(DuplicateFinder::default_memory_budget, dir.str());
  std::mt19937_64 random(1);
  for (std::uint64_t i = 0; i < 20000; ++i) {
    const bool repeat = i > 0 && random() % 10 == 0;
    run.add({0, 100 * i}, "key-" + std::to_string(repeat ? random() % i : i));
  }
  CHECK_FALSE(run.caller.finder().spilled());
  run.caller.finish();
  CHECK(run.caller.at_finish.empty());
  CHECK(run.caller.at_add.size() > 1000);
  check_exactly_once(run.caller, run.oracle);
  CHECK(entries(dir) == 0);
}

TEST_CASE("DuplicateFinder: a 4 KiB budget over a million items finds what a map finds", "[duplicates]") {
  const TempDir dir;
  Run run(tiny_budget, dir.str());
  std::mt19937_64 random(15);
  constexpr std::uint64_t items = 1'000'000;
  constexpr std::uint64_t per_file = 300'000;
  std::uint64_t offset = 0;
  std::vector<std::uint64_t> new_keys;  // indexes that brought a new key
  // Planted: item 200'000 repeats item 100 over 1 GiB further in file 0;
  // item 999'990 repeats item 7 three files later.
  Place item_100{}, item_200k{}, item_7{}, item_999990{};
  for (std::uint64_t i = 0; i < items; ++i) {
    if (i % per_file == 0) offset = 0;  // a new file starts at offset 0
    offset += 50 + random() % 500;
    if (i == 150'000) offset += std::uint64_t{1} << 30;  // a 1 GiB item
    const Place place{static_cast<std::uint32_t>(i / per_file), offset};
    std::string key;
    if (i == 7) item_7 = place;
    if (i == 100) item_100 = place;
    if (i == 200'000) {
      key = "key-100";
      item_200k = place;
    } else if (i == 999'990) {
      key = "key-7";
      item_999990 = place;
    } else if (i > 0 && random() % 500 == 0) {
      key = "key-" + std::to_string(new_keys[random() % new_keys.size()]);
    } else {
      key = "key-" + std::to_string(i);
      new_keys.push_back(i);
    }
    run.add(place, key);
  }
  CHECK(run.caller.finder().spilled());
  CHECK(entries(dir) == 1);
  run.caller.finish();
  CHECK(run.oracle.expected.size() > 1500);
  check_exactly_once(run.caller, run.oracle);
  const Duplicates& found = run.caller.at_finish;
  CHECK(item_200k.offset - item_100.offset > (std::uint64_t{1} << 30));
  CHECK(item_999990.file_id == 3);
  CHECK(std::find(found.begin(), found.end(), Duplicate{item_200k, item_100}) != found.end());
  CHECK(std::find(found.begin(), found.end(), Duplicate{item_999990, item_7}) != found.end());
  CHECK(entries(dir) == 0);
}

TEST_CASE("DuplicateFinder: keys that share a hash are told apart by their text", "[duplicates]") {
  const HashFunction same_hash = [](const std::string&) -> std::uint64_t { return 42; };
  for (const std::size_t budget : {DuplicateFinder::default_memory_budget, tiny_budget}) {
    SECTION("budget " + std::to_string(budget)) {
      const TempDir dir;
      SECTION("all different: nothing to report") {
        Run run(budget, dir.str(), same_hash);
        for (std::uint64_t i = 0; i < 300; ++i) run.add({0, i}, "key-" + std::to_string(i));
        CHECK(run.caller.finder().spilled() == (budget == tiny_budget));
        run.caller.finish();
        CHECK(run.caller.all().empty());
      }
      SECTION("some repeated: only the repeats") {
        Run run(budget, dir.str(), same_hash);
        std::mt19937_64 random(3);
        for (std::uint64_t i = 0; i < 400; ++i) run.add({1, 10 * i}, "key-" + std::to_string(random() % 60));
        run.caller.finish();
        check_exactly_once(run.caller, run.oracle);
        CHECK(run.oracle.expected.size() == 340);
      }
      CHECK(entries(dir) == 0);
    }
  }
}

TEST_CASE("DuplicateFinder: a third use names the first, like the second", "[duplicates]") {
  for (const bool spill : {false, true}) {
    const TempDir dir;
    Caller caller(spill ? tiny_budget : DuplicateFinder::default_memory_budget, dir.str());
    std::uint64_t offset = 0;
    const auto filler = [&](int n) {
      for (int i = 0; i < n; ++i, ++offset) caller.add({0, offset}, "filler-" + std::to_string(offset));
    };
    if (spill) filler(200);  // past the table: all three come after the spill
    const Place one{0, offset++};
    caller.add(one, "same");
    filler(50);
    const Place two{0, offset++};
    caller.add(two, "same");
    caller.add({1, 0}, "other");
    const Place three{2, 5};
    caller.add(three, "same");
    CHECK(caller.finder().spilled() == spill);
    caller.finish();
    CHECK(caller.all() == Duplicates{{two, one}, {three, one}});
    CHECK(caller.at_add.empty() == spill);
  }
}

TEST_CASE("DuplicateFinder: duplicates across files name the earlier file", "[duplicates]") {
  for (const std::size_t budget : {DuplicateFinder::default_memory_budget, tiny_budget}) {
    const TempDir dir;
    Caller caller(budget, dir.str());
    for (std::uint32_t file = 0; file < 4; ++file) {
      for (std::uint64_t i = 0; i < 100; ++i) {
        caller.add({file, 1000 + i * 7}, file == 0 || i % 25 != 0 ? "f" + std::to_string(file) + "-" + std::to_string(i)
                                                                  : "f0-" + std::to_string(i));
      }
    }
    caller.finish();
    Duplicates expected;
    for (std::uint32_t file = 1; file < 4; ++file) {
      for (std::uint64_t i = 0; i < 100; i += 25) expected.push_back({{file, 1000 + i * 7}, {0, 1000 + i * 7}});
    }
    CHECK(caller.all() == expected);
  }
}

TEST_CASE("DuplicateFinder: each duplicate once across the switch from table to spill", "[duplicates]") {
  const TempDir dir;
  // "x" and "y" share a hash, so "y" is added with add_distinct_key; chosen
  // so that it is "y" that fills the table.
  const HashFunction hash = [](const std::string& key) -> std::uint64_t {
    return key == "x" || key == "y" ? 7 : std_hash(key);
  };
  Run run(tiny_budget, dir.str(), hash);
  std::uint64_t offset = 0;
  const auto at = [&] { return Place{0, offset += 3}; };
  run.add(at(), "a");
  run.add(at(), "a");  // answered at add()
  run.add(at(), "b");
  run.add(at(), "b");  // answered at add()
  // The tiny budget's table spills at its 65th distinct key: a, b, 61
  // fillers and x make 64, y is the 65th.
  for (int filler = 0; filler < 61; ++filler) run.add(at(), "filler-" + std::to_string(filler));
  run.add(at(), "x");
  CHECK_FALSE(run.caller.finder().spilled());
  run.add(at(), "y");  // a collision with "x": add_distinct_key spills
  CHECK(run.caller.finder().spilled());
  const std::size_t answered = run.caller.at_add.size();
  CHECK(answered == 2);
  run.add(at(), "a");  // a third "a": at finish(), naming the first
  run.add(at(), "b");
  run.add(at(), "y");
  run.add(at(), "x");
  run.add(at(), "filler-3");
  run.add(at(), "new");
  run.add(at(), "new");
  run.caller.finish();
  CHECK(run.caller.at_add.size() == answered);
  CHECK(run.caller.at_finish.size() == 6);
  check_exactly_once(run.caller, run.oracle);
}

TEST_CASE("DuplicateFinder: an item that cannot be re-read is neither reported nor named", "[duplicates]") {
  const TempDir dir;
  Caller caller(tiny_budget, dir.str());
  for (std::uint64_t i = 0; i < 200; ++i) caller.add({0, i}, "filler-" + std::to_string(i));
  caller.add({0, 1000}, "k");
  caller.add({0, 1001}, "k");
  caller.add({0, 1002}, "k");
  caller.unreadable = Place{0, 1000};
  caller.finish();
  CHECK(caller.all() == Duplicates{{{0, 1002}, {0, 1001}}});
}

TEST_CASE("DuplicateFinder: temporary files exist only while spilled", "[duplicates]") {
  const TempDir dir;
  {
    Caller caller(tiny_budget, dir.str());
    for (std::uint64_t i = 0; i < 50; ++i) caller.add({0, i}, std::to_string(i));
    CHECK(entries(dir) == 0);  // within the budget: no file made
    for (std::uint64_t i = 50; i < 10000; ++i) caller.add({0, i}, std::to_string(i % 5000));
    CHECK(entries(dir) == 1);
    caller.finish();
    CHECK(entries(dir) == 0);
    CHECK(caller.at_finish.size() == 5000);
    // An empty finder again, for another stream.
    CHECK_FALSE(caller.finder().spilled());
    CHECK(caller.finder().add(1, {0, 0}).empty());
    CHECK(caller.finder().add(1, {0, 1}).size() == 1);
  }
  {
    Caller caller(tiny_budget, dir.str());
    for (std::uint64_t i = 0; i < 10000; ++i) caller.add({0, i}, std::to_string(i));
    CHECK(entries(dir) == 1);
  }
  CHECK(entries(dir) == 0);  // destroyed without finish()
}

TEST_CASE("DuplicateFinder: a folder that cannot take the spill is a TempFileError", "[duplicates]") {
  const TempDir dir;
  const auto fill = [](const std::string& folder) {
    Caller caller(tiny_budget, folder);
    for (std::uint64_t i = 0; i < 1000; ++i) caller.add({0, i}, std::to_string(i));
    caller.finish();
  };
  CHECK_THROWS_MATCHES(fill(dir / "missing"), TempFileError,
                       Catch::Message("cannot create a temporary file in " + dir / "missing" +
                                      ": No such file or directory"));
  const std::string read_only = dir.mkdir("read-only");
  REQUIRE(::chmod(read_only.c_str(), 0500) == 0);
  if (::access(read_only.c_str(), W_OK) == 0) {
    WARN("running as root: a read-only folder is writable, not checked");
  } else {
    CHECK_THROWS_MATCHES(fill(read_only), TempFileError,
                         Catch::Message("cannot create a temporary file in " + read_only +
                                        ": Permission denied"));
  }
}

TEST_CASE("DuplicateFinder: a full disk is a TempFileError, and the spill is removed", "[duplicates]") {
  const TempDir dir;
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // A 64 KiB file size limit stands for a full disk (EFBIG rather than
    // ENOSPC: the same path through write()).
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{64 << 10, 64 << 10};
    std::string message = "no error";
    if (::setrlimit(RLIMIT_FSIZE, &limit) == 0) {
      try {
        Caller caller(tiny_budget, dir.str());
        for (std::uint64_t i = 0; i < 100000; ++i) caller.add({0, i}, std::to_string(i));
        caller.finish();
      } catch (const TempFileError& e) {
        message = e.what();
      } catch (...) {
        message = "another error";
      }
    }
    message += '\n';
    const auto written = ::write(fds[1], message.data(), message.size());
    ::_exit(written == static_cast<ssize_t>(message.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  std::string message;
  char c = 0;
  while (::read(fds[0], &c, 1) == 1 && c != '\n') message += c;
  ::close(fds[0]);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK_THAT(message, Catch::StartsWith("cannot write temporary file " + dir.str() + "/ckimport-keys-") &&
                          Catch::EndsWith(": File too large"));
  CHECK(entries(dir) == 0);
}

TEST_CASE("DuplicateFinder: misuse is refused", "[duplicates]") {
  CHECK_THROWS_AS(DuplicateFinder(DuplicateFinder::min_memory_budget - 1), std::invalid_argument);
  DuplicateFinder finder(tiny_budget, "/nonexistent");
  CHECK(finder.add(5, {0, 10}).empty());
  CHECK_THROWS_AS(finder.add_distinct_key(5, {0, 10}), std::logic_error);  // add() gave no candidates
  CHECK_THROWS_AS(finder.add(6, {0, 10}), std::invalid_argument);          // not after the last place
  CHECK_THROWS_AS(finder.add(6, {0, 9}), std::invalid_argument);
  CHECK_THROWS_AS(finder.add(6, {DuplicateFinder::max_files, 0}), std::invalid_argument);
  CHECK_THROWS_AS(finder.add(6, {0, DuplicateFinder::max_offset}), std::invalid_argument);
  CHECK(finder.add(5, {DuplicateFinder::max_files - 1, DuplicateFinder::max_offset - 1}) ==
        std::vector<Place>{{0, 10}});
}
