// rules::fold_name: how usernames a person reads as the same are compared
// for "did you mean" (text::name_key since issue 16).

#include "rules/bundle_facts.hpp"

#include <catch2/catch.hpp>

using ckimport::rules::fold_name;

TEST_CASE("fold_name: lower case, surrounding spaces removed", "[rules][facts]") {
  CHECK(fold_name("Alice") == "alice");
  CHECK(fold_name("  Alice  ") == "alice");
  CHECK(fold_name("ALICE.SMITH_01") == "alice.smith_01");
  CHECK(fold_name("a b") == "a b");  // one inner space stays
  CHECK(fold_name("").empty());
  CHECK(fold_name("    ").empty());
}

TEST_CASE("fold_name: all white space, Unicode case, invisible characters and NFC", "[rules][facts]") {
  CHECK(fold_name("\tBob\n") == "bob");
  CHECK(fold_name("anna\xC2\xA0\xC2\xA0lee") == "anna lee");         // no-break spaces: one space
  CHECK(fold_name("\xC3\x89MILE") == "\xC3\xA9mile");                 // É folds too
  CHECK(fold_name("E\xCC\x81mile") == "\xC3\xA9mile");                // decomposed: NFC
  CHECK(fold_name("carl\xE2\x80\x8B") == "carl");                     // U+200B dropped
  CHECK(fold_name("c\xD0\xB0rl") != "carl");                          // Cyrillic а: a look-alike, not this
}
