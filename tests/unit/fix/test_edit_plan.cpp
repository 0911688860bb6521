// fix::plan_edits: which fixes one pass applies. All-or-nothing fixes,
// overlaps, insertions at shared points, order, invalid fixes, and the
// bounded re-run loop.

#include "fix/edit_plan.hpp"

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fix/apply.hpp"
#include "fix_test_support.hpp"

namespace {

using ckimport::fix::Applicability;
using ckimport::fix::apply_edits;
using ckimport::fix::Edit;
using ckimport::fix::EditPlan;
using ckimport::fix::Fix;
using ckimport::fix::max_fix_passes;
using ckimport::fix::plan_edits;
using ckimport::fix::should_run_again;
using ckimport::fix::SkippedFix;
using ckimport::fix::SkipReason;

Fix fix_of(std::vector<Edit> edits, Applicability applicability = Applicability::safe) {
  return Fix{"a fix", applicability, std::move(edits)};
}

// "begin-end:text" for each edit, so a failing check shows the plan.
std::string shown(const std::vector<Edit>& edits) {
  std::string out;
  for (const Edit& e : edits) {
    out += std::to_string(e.begin) + "-" + std::to_string(e.end) + ":" + e.replacement + " ";
  }
  return out;
}

// The edits of `fix` with its insertions at one point joined, in order.
std::vector<Edit> merged(const Fix& fix) {
  std::vector<Edit> out;
  for (const Edit& edit : fix.edits) {
    Edit joined = edit;
    if (edit.is_insertion()) {
      if (std::any_of(out.begin(), out.end(), [&](const Edit& e) { return e.is_insertion() && e.begin == edit.begin; })) {
        continue;
      }
      joined.replacement.clear();
      for (const Edit& other : fix.edits) {
        if (other.is_insertion() && other.begin == edit.begin) joined.replacement += other.replacement;
      }
    }
    out.push_back(joined);
  }
  return out;
}

std::vector<std::size_t> indices(std::initializer_list<std::size_t> list) { return list; }

}  // namespace

TEST_CASE("plan_edits: fixes that do not overlap are all taken, edits sorted", "[fix][edit_plan]") {
  const std::vector<Fix> fixes = {
      fix_of({{20, 22, "C"}}),
      fix_of({{0, 1, "A"}, {30, 31, "D"}}),
      fix_of({{10, 12, "B"}}),
  };
  const EditPlan plan = plan_edits(fixes, 40);
  CHECK(shown(plan.edits) == "0-1:A 10-12:B 20-22:C 30-31:D ");
  CHECK(plan.applied == indices({0, 1, 2}));
  CHECK(plan.skipped.empty());
  CHECK_FALSE(plan.has_conflicts());
}

TEST_CASE("plan_edits: of two overlapping fixes the earlier one wins", "[fix][edit_plan]") {
  const std::vector<Fix> fixes = {fix_of({{5, 9, "late"}}), fix_of({{3, 6, "early"}})};
  const EditPlan plan = plan_edits(fixes, 10);
  CHECK(shown(plan.edits) == "3-6:early ");
  CHECK(plan.applied == indices({1}));
  CHECK(plan.skipped == std::vector<SkippedFix>{{0, SkipReason::conflict}});
  CHECK(plan.has_conflicts());
}

TEST_CASE("plan_edits: at the same position the order given breaks the tie", "[fix][edit_plan]") {
  const std::vector<Fix> fixes = {fix_of({{4, 6, "first"}}), fix_of({{4, 5, "second"}})};
  CHECK(shown(plan_edits(fixes, 10).edits) == "4-6:first ");
  const std::vector<Fix> swapped = {fixes[1], fixes[0]};
  CHECK(shown(plan_edits(swapped, 10).edits) == "4-5:second ");
}

TEST_CASE("plan_edits: a fix is all or nothing", "[fix][edit_plan]") {
  // The second fix's far edit is free, but its first one overlaps.
  const std::vector<Fix> fixes = {fix_of({{0, 2, "A"}}), fix_of({{1, 3, "B1"}, {20, 21, "B2"}})};
  const EditPlan plan = plan_edits(fixes, 30);
  CHECK(shown(plan.edits) == "0-2:A ");
  CHECK(plan.skipped == std::vector<SkippedFix>{{1, SkipReason::conflict}});
}

TEST_CASE("plan_edits: a conflict far from a fix's first edit is found", "[fix][edit_plan]") {
  // Taken first (position 0): edits at 0 and 100. The second fix starts at 50
  // and is free there, but its edit at 102 falls inside [100, 105).
  const std::vector<Fix> fixes = {fix_of({{50, 51, "x"}, {102, 103, "y"}}),
                                  fix_of({{0, 1, "a"}, {100, 105, "b"}}), fix_of({{60, 61, "z"}})};
  const EditPlan plan = plan_edits(fixes, 200);
  CHECK(shown(plan.edits) == "0-1:a 60-61:z 100-105:b ");
  CHECK(plan.applied == indices({1, 2}));
  CHECK(plan.skipped == std::vector<SkippedFix>{{0, SkipReason::conflict}});
}

TEST_CASE("plan_edits: ranges that only touch do not conflict", "[fix][edit_plan]") {
  const std::vector<Fix> fixes = {fix_of({{5, 7, "B"}}), fix_of({{2, 5, "A"}})};
  const EditPlan plan = plan_edits(fixes, 10);
  CHECK(shown(plan.edits) == "2-5:A 5-7:B ");
  CHECK(apply_edits("0123456789", plan.edits) == "01AB789");
}

TEST_CASE("plan_edits: an insertion at the begin of a replaced range goes before it", "[fix][edit_plan]") {
  const std::vector<Fix> fixes = {fix_of({{5, 8, "R"}}), fix_of({{5, 5, "I"}})};
  const EditPlan plan = plan_edits(fixes, 10);
  CHECK(shown(plan.edits) == "5-5:I 5-8:R ");
  CHECK(apply_edits("0123456789", plan.edits) == "01234IR89");
}

TEST_CASE("plan_edits: an insertion at the end of a replaced range goes after it", "[fix][edit_plan]") {
  const std::vector<Fix> fixes = {fix_of({{8, 8, "I"}}), fix_of({{5, 8, "R"}})};
  const EditPlan plan = plan_edits(fixes, 10);
  CHECK(shown(plan.edits) == "5-8:R 8-8:I ");
  CHECK(apply_edits("0123456789", plan.edits) == "01234RI89");
}

TEST_CASE("plan_edits: an insertion inside a replaced range conflicts", "[fix][edit_plan]") {
  const std::vector<Fix> fixes = {fix_of({{5, 8, "R"}}), fix_of({{6, 6, "I"}})};
  const EditPlan plan = plan_edits(fixes, 10);
  CHECK(shown(plan.edits) == "5-8:R ");
  CHECK(plan.skipped == std::vector<SkippedFix>{{1, SkipReason::conflict}});
  // and the other way round: a replacement over a taken insertion
  const std::vector<Fix> reverse = {fix_of({{1, 1, "z"}, {6, 6, "I"}}), fix_of({{5, 8, "R"}})};
  CHECK(plan_edits(reverse, 10).skipped == std::vector<SkippedFix>{{1, SkipReason::conflict}});
}

TEST_CASE("plan_edits: two fixes inserting different text at one point conflict", "[fix][edit_plan]") {
  const std::vector<Fix> fixes = {fix_of({{3, 3, "a"}}), fix_of({{3, 3, "b"}})};
  const EditPlan plan = plan_edits(fixes, 10);
  CHECK(shown(plan.edits) == "3-3:a ");
  CHECK(plan.skipped == std::vector<SkippedFix>{{1, SkipReason::conflict}});
}

TEST_CASE("plan_edits: an edit equal to one taken is done once, and its fix counts as applied",
          "[fix][edit_plan]") {
  // Two diagnostics that both want the missing comma get one comma.
  const std::vector<Fix> fixes = {fix_of({{3, 3, ","}}), fix_of({{3, 3, ","}}), fix_of({{7, 9, "k"}}),
                                  fix_of({{7, 9, "k"}, {12, 12, "!"}})};
  const EditPlan plan = plan_edits(fixes, 20);
  CHECK(shown(plan.edits) == "3-3:, 7-9:k 12-12:! ");
  CHECK(plan.applied == indices({0, 1, 2, 3}));
  CHECK(plan.skipped.empty());
}

TEST_CASE("plan_edits: insertions of one fix at one point are one, in the fix's order", "[fix][edit_plan]") {
  const std::vector<Fix> fixes = {fix_of({{4, 6, "R"}, {4, 4, "b"}, {4, 4, "a"}, {2, 2, "z"}})};
  const EditPlan plan = plan_edits(fixes, 10);
  CHECK(shown(plan.edits) == "2-2:z 4-4:ba 4-6:R ");
  CHECK(apply_edits("0123456789", plan.edits) == "01z23baR6789");
  // As one insertion they conflict with another fix's "b" at that point, and
  // a fix inserting "b" then "a" is the same as one inserting "ba".
  CHECK(plan_edits({fix_of({{4, 4, "b"}}), fix_of({{4, 4, "b"}, {4, 4, "a"}})}, 10).skipped ==
        std::vector<SkippedFix>{{1, SkipReason::conflict}});
  const EditPlan same = plan_edits({fix_of({{4, 4, "ba"}}), fix_of({{4, 4, "b"}, {4, 4, "a"}})}, 10);
  CHECK(shown(same.edits) == "4-4:ba ");
  CHECK(same.applied == indices({0, 1}));
}

TEST_CASE("plan_edits: invalid fixes are skipped with their reason", "[fix][edit_plan]") {
  const std::vector<Fix> fixes = {
      fix_of({}),                                  // no edits
      fix_of({{5, 4, "x"}}),                       // begin after end
      fix_of({{8, 11, "x"}}),                      // past the end of a 10-byte file
      fix_of({{11, 11, "x"}}),                     // an insertion past the end
      fix_of({{1, 4, "x"}, {3, 5, "y"}}),          // its own edits overlap
      fix_of({{1, 4, "x"}, {2, 2, "y"}}),          // an insertion inside its own edit
      fix_of({{10, 10, "eof"}}),                   // an insertion at the end is fine
  };
  const EditPlan plan = plan_edits(fixes, 10);
  CHECK(plan.skipped == std::vector<SkippedFix>{{0, SkipReason::no_edits},
                                                {1, SkipReason::reversed},
                                                {2, SkipReason::past_end},
                                                {3, SkipReason::past_end},
                                                {4, SkipReason::self_overlap},
                                                {5, SkipReason::self_overlap}});
  CHECK(shown(plan.edits) == "10-10:eof ");
  CHECK_FALSE(plan.has_conflicts());
  CHECK(std::string(to_string(SkipReason::past_end)) == "past the end of the file");
}

TEST_CASE("plan_edits: unsafe fixes need unsafe to be allowed", "[fix][edit_plan]") {
  const std::vector<Fix> fixes = {fix_of({{0, 1, "s"}}), fix_of({{2, 3, "u"}}, Applicability::unsafe)};
  const EditPlan safe_only = plan_edits(fixes, 5);
  CHECK(shown(safe_only.edits) == "0-1:s ");
  CHECK(safe_only.skipped == std::vector<SkippedFix>{{1, SkipReason::unsafe}});
  CHECK_FALSE(safe_only.has_conflicts());
  CHECK(shown(plan_edits(fixes, 5, Applicability::unsafe).edits) == "0-1:s 2-3:u ");
}

TEST_CASE("should_run_again: only for conflicts, and at most max_fix_passes passes", "[fix][edit_plan]") {
  const EditPlan conflicted = plan_edits({fix_of({{0, 2, "a"}}), fix_of({{1, 3, "b"}})}, 5);
  const EditPlan clean = plan_edits({fix_of({{0, 2, "a"}})}, 5);
  const EditPlan invalid = plan_edits({fix_of({{0, 2, "a"}}), fix_of({{4, 9, "b"}})}, 5);
  CHECK(max_fix_passes == 10);
  CHECK(should_run_again(conflicted, 1));
  CHECK(should_run_again(conflicted, max_fix_passes - 1));
  CHECK_FALSE(should_run_again(conflicted, max_fix_passes));
  CHECK_FALSE(should_run_again(clean, 1));
  CHECK_FALSE(should_run_again(invalid, 1));
}

TEST_CASE("plan_edits: the re-run loop fixes what conflicted, and stops", "[fix][edit_plan]") {
  // A toy rule: every "aa" becomes "b". In "aaaaa" the fixes at 0..3 overlap
  // pairwise; each pass takes every other one.
  const auto fixes_for = [](const std::string& text) {
    std::vector<Fix> fixes;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
      if (text[i] == 'a' && text[i + 1] == 'a') fixes.push_back(fix_of({{i, i + 2, "b"}}));
    }
    return fixes;
  };
  std::string text = "aaaaa";
  int passes = 0;
  for (;;) {
    const EditPlan plan = plan_edits(fixes_for(text), text.size());
    text = apply_edits(text, plan.edits);
    ++passes;
    if (!should_run_again(plan, passes)) break;
  }
  CHECK(text == "bba");
  // Pass 1 takes the fixes at 0 and 2; those at 1 and 3 conflicted, so a
  // second pass runs and finds nothing left.
  CHECK(passes == 2);
  CHECK(fixes_for(text).empty());

  // A rule that always conflicts with itself stops at the bound.
  int endless = 0;
  for (;;) {
    const EditPlan plan = plan_edits({fix_of({{0, 2, "x"}}), fix_of({{1, 3, "y"}})}, 3);
    ++endless;
    if (!should_run_again(plan, endless)) break;
  }
  CHECK(endless == max_fix_passes);
}

TEST_CASE("plan_edits: on random fix sets the plan is sorted, disjoint and whole fixes only",
          "[fix][edit_plan]") {
  std::mt19937 rng(12345);
  for (int round = 0; round < 2000; ++round) {
    const std::uint64_t size = std::uniform_int_distribution<std::uint64_t>(0, 40)(rng);
    const std::vector<Fix> fixes = ckimport::fix_test::random_fixes(rng, size, 10);
    const EditPlan plan = plan_edits(fixes, size);
    INFO("round " << round << ": " << shown(plan.edits));
    // apply_edits checks order and overlap itself.
    REQUIRE_NOTHROW(apply_edits(std::string(size, '.'), plan.edits));
    std::set<std::size_t> seen;
    for (const std::size_t i : plan.applied) {
      REQUIRE(seen.insert(i).second);
      for (const Edit& wanted : merged(fixes[i])) {
        REQUIRE(std::find(plan.edits.begin(), plan.edits.end(), wanted) != plan.edits.end());
      }
    }
    for (const SkippedFix& s : plan.skipped) {
      REQUIRE(seen.insert(s.fix).second);
      if (s.reason == SkipReason::conflict) {
        // Some edit of it really clashes with the plan.
        bool clashes = false;
        for (const Edit& mine : merged(fixes[s.fix])) {
          for (const Edit& taken : plan.edits) {
            if (mine == taken) continue;
            const bool both_insert = mine.is_insertion() && taken.is_insertion();
            clashes |= both_insert ? mine.begin == taken.begin
                                   : std::max(mine.begin, taken.begin) < std::min(mine.end, taken.end) ||
                                         (mine.is_insertion() && taken.begin < mine.begin && mine.begin < taken.end) ||
                                         (taken.is_insertion() && mine.begin < taken.begin && taken.begin < mine.end);
          }
        }
        INFO("skipped fix " << s.fix << ": " << shown(fixes[s.fix].edits));
        REQUIRE(clashes);
      }
    }
    REQUIRE(seen.size() == fixes.size());
  }
}
