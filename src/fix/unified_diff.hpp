#pragma once
// `check --diff`: what --fix would change, as a unified diff that GNU
// `patch -p1` and `git apply` apply.
//
// Computed from the original and the edits, not from a fixed copy: the
// original is read once, in order, and only the lines the edits touch (plus
// context) are kept, so a file of gigabytes with an edit in every item needs
// no more memory than a few windows. A hunk's header gives its line counts,
// so a hunk is held until it ends; what does not fit in memory (a hunk
// covering most of a big file, a minified file of one long line) goes to an
// unlinked temporary file in $TMPDIR (or /tmp).
//
// Lines are cut after each '\n' and keep every byte, "\r\n" included, so a
// CRLF file gives CRLF lines in the diff. A last line without '\n' is
// followed by "\ No newline at end of file".
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fix/apply.hpp"
#include "fix/edit_plan.hpp"
#include "source/byte_source.hpp"

namespace ckimport::fix {

struct DiffOptions {
  // Unchanged lines around each change (git apply takes 0 only with
  // --unidiff-zero).
  std::size_t context = 3;
  // Bytes each held piece (a line, a hunk, one side of a change) keeps in
  // memory before going to a temporary file; about a dozen are held at once.
  std::size_t window = std::size_t{64} << 10;
};

// The header lines name the file "a/PATH" and "b/PATH", PATH as given (a
// relative path: patch refuses absolute ones and ".."). A name with a space
// ends with a tab, as git writes it, so patch reads the whole name; a name
// with a tab, a newline, a quote, a backslash or another control character
// is written in C quotes, as git does.
std::string diff_header(const std::string& path);

// Writes the diff of `input` (read from where it is to its end) and the same
// bytes with `edits` applied (sorted, as plan_edits returns them) to `out`.
// Nothing at all for no edits. An edit is shown by the lines it touches, as
// removed and added, even if its text is what was there. Throws std::invalid_argument
// for edits out of order, FixError when the input ends before an edit, and
// FixError when a temporary file cannot be written.
void write_unified_diff(source::ByteSource& input, const std::vector<Edit>& edits,
                        const std::string& path, ByteSink& out, const DiffOptions& options = {});

// The same for a document in memory.
std::string unified_diff(std::string_view text, const std::vector<Edit>& edits, const std::string& path,
                         const DiffOptions& options = {});

}  // namespace ckimport::fix
