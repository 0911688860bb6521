#include "fix/edit_plan.hpp"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <optional>
#include <set>

namespace ckimport::fix {
namespace {

// Whether edits a and b of different fixes cannot both be applied.
bool conflicts(const Edit& a, const Edit& b) {
  if (a.is_insertion() && b.is_insertion()) return a.begin == b.begin;
  if (a.is_insertion()) return b.begin < a.begin && a.begin < b.end;
  if (b.is_insertion()) return a.begin < b.begin && b.begin < a.end;
  return a.begin < b.end && b.begin < a.end;
}

// Why a fix can never be applied, or nothing when it is well formed. Then
// `edits` holds its edits sorted by (begin, end), insertions at one point
// merged into one, their texts in the order given.
std::optional<SkipReason> normalize(const Fix& fix, std::uint64_t file_size, std::vector<Edit>& edits) {
  if (fix.edits.empty()) return SkipReason::no_edits;
  for (const Edit& edit : fix.edits) {
    if (edit.begin > edit.end) return SkipReason::reversed;
  }
  for (const Edit& edit : fix.edits) {
    if (edit.end > file_size) return SkipReason::past_end;
  }
  std::vector<std::size_t> order(fix.edits.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const Edit& a = fix.edits[x];
    const Edit& b = fix.edits[y];
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  edits.clear();
  for (const std::size_t i : order) {
    const Edit& edit = fix.edits[i];
    if (!edits.empty() && edit.begin < edits.back().end) return SkipReason::self_overlap;
    if (!edits.empty() && edit.is_insertion() && edits.back().is_insertion() && edits.back().begin == edit.begin) {
      edits.back().replacement += edit.replacement;
      continue;
    }
    edits.push_back(edit);
  }
  return std::nullopt;
}

// The edits taken so far, ordered like the plan's output. Taken edits never
// overlap, so their ends rise with their begins and only a few neighbours of
// a position can touch it.
class TakenEdits {
 public:
  explicit TakenEdits(std::vector<Edit>& store) : store_(store) {}

  enum class Check { free, conflict, already_taken };

  Check check(const Edit& edit) const {
    // The last taken edit that begins before `edit` is the only earlier one
    // that can reach into it; then every edit beginning up to its end.
    auto it = keys_.lower_bound(Key{edit.begin, 0, 0});
    if (it != keys_.begin()) --it;
    bool same = false;
    for (; it != keys_.end() && it->begin <= edit.end; ++it) {
      const Edit& taken = store_[it->index];
      if (taken == edit) {
        same = true;
      } else if (conflicts(taken, edit)) {
        return Check::conflict;
      }
    }
    return same ? Check::already_taken : Check::free;
  }

  void add(const Edit& edit) {
    keys_.insert(Key{edit.begin, edit.end, store_.size()});
    store_.push_back(edit);
  }

 private:
  struct Key {
    std::uint64_t begin;
    std::uint64_t end;
    std::size_t index;  // into store_, which also keeps the order taken
    friend bool operator<(const Key& a, const Key& b) {
      if (a.begin != b.begin) return a.begin < b.begin;
      if (a.end != b.end) return a.end < b.end;
      return a.index < b.index;
    }
  };

  std::vector<Edit>& store_;
  std::set<Key> keys_;
};

}  // namespace

const char* to_string(SkipReason reason) {
  switch (reason) {
    case SkipReason::conflict: return "conflict";
    case SkipReason::unsafe: return "unsafe";
    case SkipReason::no_edits: return "no edits";
    case SkipReason::reversed: return "begin after end";
    case SkipReason::past_end: return "past the end of the file";
    case SkipReason::self_overlap: return "overlapping edits";
  }
  return "conflict";
}

bool EditPlan::has_conflicts() const {
  return std::any_of(skipped.begin(), skipped.end(),
                     [](const SkippedFix& s) { return s.reason == SkipReason::conflict; });
}

EditPlan plan_edits(const std::vector<Fix>& fixes, std::uint64_t file_size, Applicability allowed) {
  EditPlan plan;

  struct Candidate {
    std::size_t fix;
    std::vector<Edit> edits;  // normalized
  };
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < fixes.size(); ++i) {
    std::vector<Edit> edits;
    if (const auto reason = normalize(fixes[i], file_size, edits)) {
      plan.skipped.push_back({i, *reason});
    } else if (fixes[i].applicability > allowed) {
      plan.skipped.push_back({i, SkipReason::unsafe});
    } else {
      candidates.push_back({i, std::move(edits)});
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.edits.front().begin < b.edits.front().begin;
  });

  TakenEdits taken(plan.edits);
  std::vector<const Edit*> to_add;
  for (const Candidate& candidate : candidates) {
    to_add.clear();
    bool conflict = false;
    for (const Edit& edit : candidate.edits) {
      const TakenEdits::Check result = taken.check(edit);
      if (result == TakenEdits::Check::conflict) {
        conflict = true;
        break;
      }
      if (result == TakenEdits::Check::free) to_add.push_back(&edit);
    }
    if (conflict) {
      plan.skipped.push_back({candidate.fix, SkipReason::conflict});
      continue;
    }
    for (const Edit* edit : to_add) taken.add(*edit);
    plan.applied.push_back(candidate.fix);
  }

  std::sort(plan.edits.begin(), plan.edits.end(), [](const Edit& a, const Edit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::sort(plan.applied.begin(), plan.applied.end());
  std::sort(plan.skipped.begin(), plan.skipped.end(),
            [](const SkippedFix& a, const SkippedFix& b) { return a.fix < b.fix; });
  return plan;
}

bool should_run_again(const EditPlan& last, int passes_done) {
  return passes_done < max_fix_passes && !last.applied.empty() && last.has_conflicts();
}

}  // namespace ckimport::fix
