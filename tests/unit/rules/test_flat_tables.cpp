// rules/flat_tables: the tables behind BundleFacts. Compared with what the
// standard containers they replace would answer, across growth.

#include "rules/flat_tables.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <unordered_map>

using ckimport::rules::hash_text;
using ckimport::rules::IdMap;
using ckimport::rules::LocationTable;
using ckimport::rules::NameTable;

TEST_CASE("NameTable numbers distinct names in the order added, across growth", "[rules][flat]") {
  NameTable table;
  CHECK(table.find("a") == NameTable::none);
  std::unordered_map<std::string, std::uint32_t> expected;
  for (int i = 0; i < 5000; ++i) {
    const std::string name = "user-" + std::to_string(i % 3000);  // every name of 2000 added twice
    bool added = false;
    const std::uint32_t id = table.insert(name, &added);
    const auto [where, first] = expected.try_emplace(name, static_cast<std::uint32_t>(expected.size()));
    CHECK(added == first);
    CHECK(id == where->second);
  }
  CHECK(table.size() == 3000);
  for (const auto& [name, id] : expected) {
    CHECK(table.find(name) == id);
    CHECK(table.name(id) == name);
  }
  CHECK(table.find("user-3000") == NameTable::none);
  CHECK(table.insert("") == 3000);  // the empty name is a name
  CHECK(table.find("") == 3000);
  table.clear();
  CHECK(table.size() == 0);
  CHECK(table.find("user-1") == NameTable::none);
  CHECK(table.insert("user-1") == 0);
}

TEST_CASE("NameTable tells apart names longer than its slots say, across growth", "[rules][flat]") {
  // A slot holds a name's size up to 2^24 - 2; longer ones are compared
  // through the table's ends. Two such names differ only in their last byte.
  const std::string long_a = std::string(std::size_t{1} << 24, 'x') + "a";
  const std::string long_b = std::string(std::size_t{1} << 24, 'x') + "b";
  const std::string just_short = std::string((std::size_t{1} << 24) - 2, 'x');
  NameTable table;
  CHECK(table.insert("short") == 0);
  CHECK(table.insert(long_a) == 1);
  CHECK(table.insert(just_short) == 2);
  for (int i = 0; i < 40; ++i) table.insert("grow-" + std::to_string(i));  // rehashes from the arena
  CHECK(table.find(long_a) == 1);
  CHECK(table.find(long_b) == NameTable::none);
  CHECK(table.find(just_short) == 2);
  CHECK(table.find(just_short + "x") == NameTable::none);
  CHECK(table.find(just_short + "xx") == NameTable::none);
  CHECK(table.insert(long_b) == 43);
  CHECK(table.name(1) == long_a);
  CHECK(table.name(43) == long_b);
  CHECK(table.find("short") == 0);
}

TEST_CASE("IdMap keeps the first value of a key, across growth", "[rules][flat]") {
  IdMap map;
  CHECK(map.find(7) == IdMap::none);
  for (std::uint64_t key = 0; key < 4000; ++key) CHECK(map.insert(key << 32 | (key * 7), static_cast<std::uint32_t>(key)));
  for (std::uint64_t key = 0; key < 4000; ++key) CHECK_FALSE(map.insert(key << 32 | (key * 7), 1));
  CHECK(map.size() == 4000);
  for (std::uint64_t key = 0; key < 4000; ++key) CHECK(map.find(key << 32 | (key * 7)) == key);
  CHECK_FALSE(map.contains(1));
  CHECK_THROWS(map.insert(1, IdMap::none));
}

TEST_CASE("hash_text: strings of one length that differ in one word differ", "[rules][flat]") {
  CHECK(hash_text("msg-0000000001") != hash_text("msg-0000000002"));
  CHECK(hash_text("a") != hash_text("b"));
  CHECK(hash_text("") != hash_text(std::string_view("\0", 1)));
  CHECK(hash_text("abcdefgh") == hash_text(std::string("abcdefgh")));
}

namespace {

ckimport::diag::Location location(std::string file, std::uint64_t offset, std::uint64_t line, std::uint64_t column,
                                  std::uint64_t utf16_column, std::uint64_t line_offset) {
  ckimport::diag::Location l;
  l.file = std::move(file);
  l.begin.offset.value = offset;
  l.begin.line.value = line;
  l.begin.column.value = column;
  l.begin.utf16_column.value = utf16_column;
  l.begin.line_offset.value = line_offset;
  l.end = l.begin;
  return l;
}

bool same(const ckimport::diag::Location& a, const ckimport::diag::Location& b) {
  return a.file == b.file && a.begin == b.begin && a.end == b.end;
}

}  // namespace

TEST_CASE("LocationTable gives back every Location as it was added", "[rules][flat]") {
  std::vector<ckimport::diag::Location> added;
  // A token on one line: packed.
  auto token = location("bundle/users.json", 120, 7, 14, 13, 100);
  token.end.offset.value = 131;
  token.end.column.value = 23;
  token.end.utf16_column.value = 24;
  added.push_back(token);
  // Another file, then the first again.
  auto other = token;
  other.file = "bundle/channels.json";
  added.push_back(other);
  added.push_back(token);
  // Ending on another line: kept whole.
  auto two_lines = token;
  two_lines.end.line.value = 8;
  two_lines.end.line_offset.value = 130;
  two_lines.end.column.value = 2;
  added.push_back(two_lines);
  // Too far for 32 bits: a 5 GB minified file's line and columns.
  auto far = location("big.json", std::uint64_t{5} << 30, 1, std::uint64_t{5} << 30, std::uint64_t{5} << 30, 0);
  far.end.offset.value += 4;
  far.end.column.value += 4;
  far.end.utf16_column.value += 4;
  added.push_back(far);
  // Empty: a location of nothing.
  added.push_back(ckimport::diag::Location{});

  LocationTable table;
  for (std::size_t i = 0; i < added.size(); ++i) CHECK(table.add(added[i]) == i);
  CHECK(table.size() == added.size());
  for (std::size_t i = 0; i < added.size(); ++i) {
    INFO("location " << i);
    CHECK(same(table.at(static_cast<std::uint32_t>(i)), added[i]));
  }
  CHECK_THROWS(table.at(static_cast<std::uint32_t>(added.size())));
}
