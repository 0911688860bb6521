#include "fix/apply.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

namespace ckimport::fix {
namespace {

// The input ended before the edits did: the file is not what was checked.
class InputShorter : public FixError {
 public:
  using FixError::FixError;
};

void check_edits(const std::vector<Edit>& edits) {
  for (std::size_t i = 0; i < edits.size(); ++i) {
    if (edits[i].begin > edits[i].end) {
      throw std::invalid_argument("edit " + std::to_string(i) + " begins after it ends");
    }
    if (i > 0 && edits[i].begin < edits[i - 1].end) {
      throw std::invalid_argument("edit " + std::to_string(i) +
                                  " overlaps or comes before the edit before it");
    }
  }
}

}  // namespace

void apply_edits(source::ByteSource& input, const std::vector<Edit>& edits, ByteSink& out,
                 std::size_t buffer_size) {
  check_edits(edits);
  if (buffer_size == 0) throw std::invalid_argument("apply_edits: buffer size 0");
  const auto buffer = std::make_unique<char[]>(buffer_size);
  std::uint64_t pos = 0;      // offset of the next byte of the input
  std::uint64_t skip_to = 0;  // bytes before this offset are being replaced
  std::size_t next = 0;       // the first edit not started
  const auto start_edits_here = [&] {
    while (next < edits.size() && edits[next].begin == pos) {
      out.write(edits[next].replacement);
      skip_to = edits[next].end;
      ++next;
    }
  };
  for (;;) {
    const std::size_t n = input.read(buffer.get(), buffer_size);
    if (n == 0) break;
    std::size_t i = 0;
    while (i < n) {
      if (pos >= skip_to) start_edits_here();
      const std::size_t left = n - i;
      if (pos < skip_to) {
        const auto skip = static_cast<std::size_t>(std::min<std::uint64_t>(left, skip_to - pos));
        i += skip;
        pos += skip;
        continue;
      }
      std::size_t copy = left;
      if (next < edits.size()) {
        copy = static_cast<std::size_t>(std::min<std::uint64_t>(left, edits[next].begin - pos));
      }
      out.write(std::string_view(buffer.get() + i, copy));
      i += copy;
      pos += copy;
    }
  }
  if (pos >= skip_to) start_edits_here();
  if (pos < skip_to || next < edits.size()) {
    const std::uint64_t wanted = next < edits.size() ? edits[next].begin : skip_to;
    throw InputShorter("the input ended at byte " + std::to_string(pos) + "; the edits reach byte " +
                       std::to_string(wanted));
  }
}

std::string apply_edits(std::string_view text, const std::vector<Edit>& edits) {
  check_edits(edits);
  if (!edits.empty() && edits.back().end > text.size()) {
    throw std::invalid_argument("an edit ends at byte " + std::to_string(edits.back().end) +
                                ", after the end of the text (" + std::to_string(text.size()) + ")");
  }
  std::size_t size = text.size();
  for (const Edit& edit : edits) size = size - (edit.end - edit.begin) + edit.replacement.size();
  std::string out;
  out.reserve(size);
  std::size_t copied_to = 0;
  for (const Edit& edit : edits) {
    out.append(text.substr(copied_to, edit.begin - copied_to));
    out.append(edit.replacement);
    copied_to = edit.end;
  }
  out.append(text.substr(copied_to));
  return out;
}

}  // namespace ckimport::fix
