#pragma once
// Which fixes of one file to apply in one pass (issue 12, `check --fix`).
//
// A fix is a set of edits computed against the ORIGINAL bytes of a file. Two
// fixes can only be applied together when their edits do not touch the same
// bytes; a fix is all-or-nothing. What cannot be taken in this pass is
// reported, and the caller checks the fixed file again and plans again (the
// conflicting fix is usually recomputed, or no longer needed), at most
// max_fix_passes times.
//
// Overlap rules, for edits [b, e) of different fixes:
//  - they conflict when they share a byte, or when an insertion (b == e) lies
//    strictly inside the other's range;
//  - ranges that only touch do not conflict: [2,5) and [5,7), and an
//    insertion at either boundary of a replaced range. An insertion keeps its
//    place in the original: at the begin of a replaced range its text comes
//    before the replacement, at the end after it;
//  - two insertions at the same point conflict (which text comes first would
//    be a guess; two rules inserting the same comma would make two commas);
//  - an edit equal to one already taken (same range, same text) is already
//    done: it is not applied twice, and does not stop its fix.
// Within one fix, insertions at the same point are one insertion of their
// texts in the order given (and conflict, or not, as one); other edits of one
// fix that overlap make the fix invalid (a bug in the rule that made it).
//
// Order: fixes are taken by the position of their first edit, ties in the
// order given, so with the same input the same fixes win every time.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ckimport::fix {

// Will be unified with diag::Applicability (issue 12) on integration.
// safe < unsafe: a run allows fixes up to some applicability.
enum class Applicability { safe, unsafe };

// Replaces bytes [begin, end) of the original file with `replacement`;
// begin == end is an insertion before byte `begin` (at EOF when it is the
// file size).
struct Edit {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  std::string replacement;

  bool is_insertion() const { return begin == end; }
  friend bool operator==(const Edit&, const Edit&) = default;
};

struct Fix {
  std::string message;
  Applicability applicability = Applicability::safe;
  std::vector<Edit> edits;
};

enum class SkipReason {
  conflict,      // overlaps a fix taken in this pass: may apply on the next one
  unsafe,        // its applicability is above what this run allows
  no_edits,      // invalid: the fix changes nothing
  reversed,      // invalid: an edit's begin is after its end
  past_end,      // invalid: an edit ends after the end of the file
  self_overlap,  // invalid: two edits of the fix overlap each other
};

// "conflict", "unsafe", "no edits", ... for logs and test messages.
const char* to_string(SkipReason reason);

struct SkippedFix {
  std::size_t fix = 0;  // index into the fixes given to plan_edits
  SkipReason reason = SkipReason::conflict;
  friend bool operator==(const SkippedFix&, const SkippedFix&) = default;
};

struct EditPlan {
  // Sorted by (begin, end), non-overlapping, at most one insertion at a
  // point: what apply_edits takes.
  std::vector<Edit> edits;
  std::vector<std::size_t> applied;  // indices of the fixes taken, ascending
  std::vector<SkippedFix> skipped;   // every other fix, by ascending index

  // Some fix was skipped only because it overlaps one taken now.
  bool has_conflicts() const;
};

// Plans one pass over a file of `file_size` bytes. Fixes whose applicability
// is above `allowed` are skipped as `unsafe`; invalid fixes are skipped with
// their reason and never applied. Never throws for bad fixes.
EditPlan plan_edits(const std::vector<Fix>& fixes, std::uint64_t file_size,
                    Applicability allowed = Applicability::safe);

// Passes over one file before giving up (eslint uses 10 too). Each pass reads
// and writes the whole file, which can be gigabytes.
constexpr int max_fix_passes = 10;

// Whether to check and fix again after pass number `passes_done` (1-based)
// gave `last`: only when a fix was skipped for a conflict (nothing else can
// change by re-running) and the bound is not reached.
bool should_run_again(const EditPlan& last, int passes_done);

}  // namespace ckimport::fix
