// rules::fold_name: how usernames a person reads as the same are compared
// for "did you mean".

#include "rules/bundle_facts.hpp"

#include <catch2/catch.hpp>

using ckimport::rules::fold_name;

TEST_CASE("fold_name: lower case ASCII, surrounding spaces removed", "[rules][facts]") {
  CHECK(fold_name("Alice") == "alice");
  CHECK(fold_name("  Alice  ") == "alice");
  CHECK(fold_name("ALICE.SMITH_01") == "alice.smith_01");
  CHECK(fold_name("a b") == "a b");  // inner spaces stay
  CHECK(fold_name("").empty());
  CHECK(fold_name("    ").empty());
}

TEST_CASE("fold_name: only spaces are trimmed and only ASCII is folded", "[rules][facts]") {
  CHECK(fold_name("\tBob\n") == "\tbob\n");
  CHECK(fold_name("\xC3\x89MILE") == "\xC3\x89mile");  // É stays as it is
  CHECK(fold_name(" \xC3\xA9 ") == "\xC3\xA9");
}
