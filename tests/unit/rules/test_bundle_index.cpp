// rules::HashedKeyTable, rules::fold_name and BundleIndex::member_set_key.

#include "rules/bundle_index.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using ckimport::rules::BundleIndex;
using ckimport::rules::fold_name;
using ckimport::rules::HashedKeyTable;
using ckimport::rules::StringFact;
using Place = HashedKeyTable::Place;

// Places as sortable (file, offset) pairs, sorted: find() gives no order.
std::vector<std::pair<std::uint32_t, std::uint64_t>> places(const std::vector<Place>& found) {
  std::vector<std::pair<std::uint32_t, std::uint64_t>> out;
  for (const auto& p : found) out.emplace_back(p.file_id, p.offset);
  std::sort(out.begin(), out.end());
  return out;
}
using Pairs = std::vector<std::pair<std::uint32_t, std::uint64_t>>;

// A spread of non-zero hashes (0 marks an empty slot; hash_key never gives it).
std::uint64_t spread(std::uint64_t i) { return (i + 1) * 0x9E3779B97F4A7C15ULL | 1U; }

std::vector<StringFact> facts(std::initializer_list<std::string_view> names) {
  std::vector<StringFact> out;
  std::uint64_t i = 0;
  for (const auto name : names) out.push_back(StringFact{name, {"members", i++}});
  return out;
}

}  // namespace

TEST_CASE("HashedKeyTable: empty table finds nothing", "[rules][bundle_index]") {
  const HashedKeyTable table;
  CHECK(table.size() == 0);
  CHECK(table.find(1).empty());
  CHECK(table.find(0xFFFFFFFFFFFFFFFFULL).empty());
}

TEST_CASE("HashedKeyTable: a key inserted is found with its place", "[rules][bundle_index]") {
  HashedKeyTable table;
  table.insert(42, {3, 1234});
  CHECK(table.size() == 1);
  CHECK(places(table.find(42)) == Pairs{{3, 1234}});
  CHECK(table.find(43).empty());
}

TEST_CASE("HashedKeyTable: file ids up to 24 bits and offsets up to 40 bits round-trip",
          "[rules][bundle_index]") {
  HashedKeyTable table;
  const std::uint64_t max_offset = HashedKeyTable::max_offset - 1;
  const std::uint32_t max_file = HashedKeyTable::max_files - 1;
  table.insert(7, {max_file, max_offset});
  table.insert(8, {0, 0});
  CHECK(places(table.find(7)) == Pairs{{max_file, max_offset}});
  CHECK(places(table.find(8)) == Pairs{{0, 0}});
}

TEST_CASE("HashedKeyTable: a file id above 65535 is kept", "[rules][bundle_index]") {
  // Regression test (src/rules/bundle_index.cpp, HashedKeyTable::insert).
  HashedKeyTable table;
  table.insert(9, {70000, 5});
  CHECK(places(table.find(9)) == Pairs{{70000, 5}});
}

TEST_CASE("HashedKeyTable: equal hashes give every place", "[rules][bundle_index]") {
  HashedKeyTable table;
  table.insert(0xABCDEF, {1, 10});
  table.insert(0xABCDEF, {2, 20});
  table.insert(0xABCDEF, {1, 30});
  table.insert(0x123456, {9, 90});
  CHECK(table.size() == 4);
  CHECK(places(table.find(0xABCDEF)) == Pairs{{1, 10}, {1, 30}, {2, 20}});
  CHECK(places(table.find(0x123456)) == Pairs{{9, 90}});
}

TEST_CASE("HashedKeyTable: hashes that share their low bits stay apart", "[rules][bundle_index]") {
  // Same slot in every table size up to 2^20, different hashes.
  HashedKeyTable table;
  for (std::uint64_t i = 1; i <= 100; ++i) table.insert(5 + (i << 20), {static_cast<std::uint32_t>(i), i});
  for (std::uint64_t i = 1; i <= 100; ++i) {
    INFO("i = " << i);
    REQUIRE(places(table.find(5 + (i << 20))) == Pairs{{static_cast<std::uint32_t>(i), i}});
  }
  CHECK(table.find(5).empty());
}

TEST_CASE("HashedKeyTable: many keys through several growths, with forced collisions",
          "[rules][bundle_index]") {
  HashedKeyTable table;
  constexpr std::uint64_t kKeys = 20000;  // 1024 slots at first: grows 5 times
  for (std::uint64_t i = 0; i < kKeys; ++i) {
    table.insert(spread(i), {static_cast<std::uint32_t>(i % 1000), i * 16});
    // Every 7th key also has a twin with the same hash.
    if (i % 7 == 0) table.insert(spread(i), {65535, i});
  }
  CHECK(table.size() == kKeys + (kKeys + 6) / 7);
  for (std::uint64_t i = 0; i < kKeys; ++i) {
    Pairs expected{{static_cast<std::uint32_t>(i % 1000), i * 16}};
    if (i % 7 == 0) expected.emplace_back(65535, i);
    std::sort(expected.begin(), expected.end());
    INFO("key " << i);
    REQUIRE(places(table.find(spread(i))) == expected);
  }
  // Hashes never inserted are not found.
  for (std::uint64_t i = kKeys; i < kKeys + 1000; ++i) REQUIRE(table.find(spread(i)).empty());
}

// ---------------------------------------------------------------------------

TEST_CASE("fold_name: lower case ASCII, surrounding spaces removed", "[rules][bundle_index]") {
  CHECK(fold_name("Alice") == "alice");
  CHECK(fold_name("  Alice  ") == "alice");
  CHECK(fold_name("ALICE.SMITH_01") == "alice.smith_01");
  CHECK(fold_name("a b") == "a b");  // inner spaces stay
  CHECK(fold_name("").empty());
  CHECK(fold_name("    ").empty());
}

TEST_CASE("fold_name: only spaces are trimmed and only ASCII is folded", "[rules][bundle_index]") {
  CHECK(fold_name("\tBob\n") == "\tbob\n");
  CHECK(fold_name("\xC3\x89MILE") == "\xC3\x89mile");  // É stays as it is
  CHECK(fold_name(" \xC3\xA9 ") == "\xC3\xA9");
}

// ---------------------------------------------------------------------------

TEST_CASE("member_set_key: order-insensitive, duplicates collapsed", "[rules][bundle_index]") {
  const std::string ab = BundleIndex::member_set_key(facts({"alice", "bob"}));
  CHECK(ab == std::string("alice\0bob\0", 10));
  CHECK(BundleIndex::member_set_key(facts({"bob", "alice"})) == ab);
  CHECK(BundleIndex::member_set_key(facts({"bob", "alice", "bob"})) == ab);
  CHECK(BundleIndex::member_set_key(facts({"alice", "alice", "bob", "bob"})) == ab);
}

TEST_CASE("member_set_key: different sets give different keys", "[rules][bundle_index]") {
  const std::string ab = BundleIndex::member_set_key(facts({"a", "b"}));
  CHECK(BundleIndex::member_set_key(facts({"a", "b", "c"})) != ab);
  CHECK(BundleIndex::member_set_key(facts({"a"})) != ab);
  // The separator keeps names apart: {"ab"} is not {"a", "b"}.
  CHECK(BundleIndex::member_set_key(facts({"ab"})) != ab);
  CHECK(BundleIndex::member_set_key(facts({"a b"})) != BundleIndex::member_set_key(facts({"a", "b"})));
  // Case matters (usernames are case-sensitive).
  CHECK(BundleIndex::member_set_key(facts({"A", "b"})) != ab);
  CHECK(BundleIndex::member_set_key(facts({})).empty());
  CHECK(BundleIndex::member_set_key(facts({"x"})) == std::string("x\0", 2));
}
