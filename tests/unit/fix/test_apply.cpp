// fix::apply_edits: in memory and streamed. Bytes outside edits are copied
// exactly, streaming gives what the in-memory version gives whatever the
// read sizes, and a big file goes through one bounded buffer.

#include "fix/apply.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fix/edit_plan.hpp"
#include "fix_test_support.hpp"

namespace {

using ckimport::fix::apply_buffer_size;
using ckimport::fix::apply_edits;
using ckimport::fix::ByteSink;
using ckimport::fix::Edit;
using ckimport::fix::FixError;
using ckimport::fix::plan_edits;
using ckimport::fix::StringSink;
using ckimport::fix_test::PieceSource;

std::string streamed(std::string_view text, const std::vector<Edit>& edits, std::size_t piece,
                     std::size_t buffer = apply_buffer_size) {
  PieceSource source(text, piece);
  std::string out;
  StringSink sink(out);
  apply_edits(source, edits, sink, buffer);
  return out;
}

// Keeps what it is given and the size of the largest single write.
class MeasuringSink final : public ByteSink {
 public:
  void write(std::string_view bytes) override {
    largest_write = std::max(largest_write, bytes.size());
    out.append(bytes);
  }
  std::string out;
  std::size_t largest_write = 0;
};

}  // namespace

TEST_CASE("apply_edits: replacements, deletions and insertions at the edges", "[fix][apply]") {
  const std::string text = "{\"first_name\": \"Ann\",}";
  const std::vector<Edit> edits = {
      {0, 0, "\xEF\xBB\xBF"},   // an insertion at the start
      {2, 12, "firstName"},     // a key renamed
      {20, 21, ""},             // a trailing comma removed
      {22, 22, "\n"},           // an insertion at the end
  };
  const std::string fixed = "\xEF\xBB\xBF{\"firstName\": \"Ann\"}\n";
  CHECK(apply_edits(text, edits) == fixed);
  CHECK(streamed(text, edits, 1) == fixed);
  CHECK(streamed(text, edits, 5, 3) == fixed);
  CHECK(apply_edits(text, {}) == text);
  CHECK(streamed(text, {}, 7) == text);
}

TEST_CASE("apply_edits: bytes outside edits are copied as they are", "[fix][apply]") {
  // CRLF, a lone CR, escapes, invalid UTF-8, NUL: none is touched.
  const std::string text = std::string("[\r\n  \"a\\u0041\\\"\",\r\"\xFF\xC3\",\n") + '\0' + "]";
  const std::vector<Edit> edits = {{3, 4, "  "}};
  std::string expected = text;
  expected.replace(3, 1, "  ");
  CHECK(apply_edits(text, edits) == expected);
  CHECK(streamed(text, edits, 2) == expected);
}

TEST_CASE("apply_edits: insertions at one point go in the order given", "[fix][apply]") {
  const std::vector<Edit> edits = {{1, 1, "a"}, {1, 1, "b"}, {1, 3, "R"}, {3, 3, "c"}};
  CHECK(apply_edits("0123", edits) == "0abRc3");
  CHECK(streamed("0123", edits, 1) == "0abRc3");
}

TEST_CASE("apply_edits: edits out of order, overlapping or reversed are refused", "[fix][apply]") {
  const std::vector<std::vector<Edit>> bad = {
      {{3, 4, "x"}, {1, 2, "y"}},  // out of order
      {{1, 4, "x"}, {3, 5, "y"}},  // overlapping
      {{1, 4, "x"}, {2, 2, "y"}},  // an insertion inside a replacement
      {{1, 3, "x"}, {1, 1, "y"}},  // an insertion after a replacement at its begin
      {{4, 2, "x"}},               // reversed
  };
  for (const auto& edits : bad) {
    CHECK_THROWS_AS(apply_edits("0123456789", edits), std::invalid_argument);
    CHECK_THROWS_AS(streamed("0123456789", edits, 4), std::invalid_argument);
  }
}

TEST_CASE("apply_edits: an edit past the end of the input", "[fix][apply]") {
  CHECK_THROWS_AS(apply_edits("0123", {{2, 5, "x"}}), std::invalid_argument);
  CHECK_THROWS_AS(apply_edits("0123", {{5, 5, "x"}}), std::invalid_argument);
  // Streamed, the input is shorter than what was planned.
  CHECK_THROWS_WITH(streamed("0123", {{2, 5, "x"}}, 3), "the input ended at byte 4; the edits reach byte 5");
  CHECK_THROWS_WITH(streamed("0123", {{6, 6, "x"}}, 3), "the input ended at byte 4; the edits reach byte 6");
  CHECK_THROWS_AS(streamed("0123", {{6, 6, "x"}}, 3), FixError);
  CHECK(streamed("0123", {{4, 4, "x"}}, 3) == "0123x");
}

TEST_CASE("apply_edits: streamed equals in memory on random texts and edits", "[fix][apply]") {
  std::mt19937 rng(20240612);
  for (int round = 0; round < 3000; ++round) {
    const std::string text = ckimport::fix_test::random_text(rng);
    const auto plan = plan_edits(ckimport::fix_test::random_fixes(rng, text.size()), text.size());
    const std::size_t piece = std::uniform_int_distribution<std::size_t>(1, 9)(rng);
    const std::size_t buffer = round % 3 == 0 ? apply_buffer_size
                                              : std::uniform_int_distribution<std::size_t>(1, 11)(rng);
    INFO("round " << round << ", piece " << piece << ", buffer " << buffer);
    const std::string expected = apply_edits(text, plan.edits);
    REQUIRE(streamed(text, plan.edits, piece, buffer) == expected);
    // The in-memory version against a naive one: edits applied back to front.
    std::string naive = text;
    for (auto it = plan.edits.rbegin(); it != plan.edits.rend(); ++it) {
      naive.replace(it->begin, it->end - it->begin, it->replacement);
    }
    REQUIRE(expected == naive);
  }
}

TEST_CASE("apply_edits: 50 MB with an edit every 300 bytes streams through one 1 MiB buffer",
          "[fix][apply]") {
  // Pretty-printed members with snake_case keys; every "display_name" is
  // renamed, every other one gets a field inserted after its brace.
  const std::string item = "  {\r\n    \"display_name\": \"user ü\",\r\n    \"id\": 12345678,\r\n"
                           "    \"properties\": {\"a\": \"\\u00e9\", \"b\": [1, 2, 3]},\r\n"
                           "    \"padding\": \"..................................................................\",\r\n"
                           "    \"more\": \"...........................\"\r\n"
                           "  },\r\n";
  REQUIRE(item.size() > 200);
  REQUIRE(item.size() < 400);
  std::string text = "[\r\n";
  while (text.size() < 50U * 1000U * 1000U) text += item;
  text += "]";
  std::vector<Edit> edits;
  for (std::size_t at = text.find("display_name"); at != std::string::npos; at = text.find("display_name", at + 1)) {
    edits.push_back({at, at + 12, "displayName"});
  }
  for (std::size_t at = text.find("  {\r\n"), n = 0; at != std::string::npos; at = text.find("  {\r\n", at + 1), ++n) {
    if (n % 2 == 0) edits.push_back({at + 5, at + 5, "    \"isGuest\": false,\r\n"});
  }
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  REQUIRE(text.size() / edits.size() < 300);

  PieceSource source(text, text.size());
  MeasuringSink sink;
  apply_edits(source, edits, sink);
  CHECK(source.largest_capacity == apply_buffer_size);
  CHECK(source.random_reads == 0);
  CHECK(source.bytes_read == text.size());
  CHECK(source.reads <= text.size() / apply_buffer_size + 2);  // one pass, whole buffers
  CHECK(sink.largest_write <= apply_buffer_size);
  CHECK(sink.out == apply_edits(text, edits));
}
