#pragma once
// Turning a file's planned edits (fix/edit_plan.hpp) into the fixed file.
//
// Every byte outside an edit is copied as it is: line endings, escapes,
// invalid UTF-8, a BOM no edit removes. Files are read and written in one
// pass through a bounded buffer, whatever their size.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fix/edit_plan.hpp"
#include "source/byte_source.hpp"

namespace ckimport::fix {

// Why a file could not be fixed. `what()` is one line.
class FixError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where fixed bytes go.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void write(std::string_view bytes) = 0;
};

// Appends to a string (in-memory documents, tests).
class StringSink final : public ByteSink {
 public:
  explicit StringSink(std::string& out) : out_(out) {}
  void write(std::string_view bytes) override { out_.append(bytes); }

 private:
  std::string& out_;
};

// Size of the one buffer apply_edits reads into.
constexpr std::size_t apply_buffer_size = std::size_t{1} << 20;

// Copies `input` from where it is to its end into `out`, with `edits`
// applied. The edits must be sorted by (begin, end) and must not overlap
// (insertions at one point are applied in the order given), as plan_edits
// returns them; offsets count from the first byte `input` gives. Reads with
// `buffer_size`-byte reads only (never read_at), writes slices of that buffer
// and the replacements.
// Throws std::invalid_argument for edits out of order or reversed, FixError
// when the input ends before an edit does (it is shorter than planned), and
// lets the source's and sink's exceptions through.
void apply_edits(source::ByteSource& input, const std::vector<Edit>& edits, ByteSink& out,
                 std::size_t buffer_size = apply_buffer_size);

// The same for a document in memory (standard input, editors). Throws
// std::invalid_argument for bad edits, including one past the end of `text`.
std::string apply_edits(std::string_view text, const std::vector<Edit>& edits);

}  // namespace ckimport::fix
