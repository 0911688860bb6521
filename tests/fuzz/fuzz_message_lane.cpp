// Fuzz target: the messages fast lane (src/check/message_lane.hpp) against
// the DOM path (ElementChecker::parse, check_item with valijson), which
// stays the reference.
//
// Input: one item's text, as the element reader gives it. The seeds in
// corpus/message_lane/ are clean messages of both types, with escapes,
// nested properties and numbers at the edges, so libFuzzer's mutations
// start from what the lane passes and wander off to near misses.
//
// Invariant (tests/fuzz/message_lane_agreement.hpp): an item the lane calls
// clean is one the DOM path finds nothing in, with the same facts. A clean
// verdict the DOM path denies would let a bad message through unreported.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "message_lane_agreement.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static ckimport::testing::MessageLaneAgreement agreement;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string disagreement;
  agreement.compare(text, disagreement);
  if (!disagreement.empty()) {
    std::fprintf(stderr, "DISAGREEMENT: %s\n  input: %.*s\n", disagreement.c_str(), static_cast<int>(size),
                 reinterpret_cast<const char*>(data));
  }
  FUZZ_CHECK(disagreement.empty(), "the lane called clean what the DOM path does not");
  return 0;
}
