#include "check/excerpt.hpp"

#include <algorithm>

#include "json/element_reader.hpp"
#include "source/utf8.hpp"

namespace ckimport::check {
namespace {

// How much of a line an excerpt shows on each side of the token; a minified
// file is one line of gigabytes.
constexpr std::size_t excerpt_context = 120;

// The end of the longest prefix of window[from, end) that does not stop
// inside a UTF-8 sequence: a cut window must not end in half a character.
std::size_t complete_utf8_prefix(const std::string& window, std::size_t from, std::size_t end) {
  std::size_t start = end;
  while (start > from && source::utf8::is_continuation(static_cast<unsigned char>(window[start - 1]))) {
    --start;
  }
  if (start == from) return end;
  const auto lead = static_cast<unsigned char>(window[start - 1]);
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return (start - 1) + length <= end ? end : start - 1;
}

}  // namespace

void attach_excerpt(diag::Diagnostic& d, source::ByteSource& input) {
  const std::uint64_t token = d.location.begin.offset.value;
  const std::uint64_t window_start = token > excerpt_context ? token - excerpt_context : 0;
  const std::uint64_t token_end = std::max(d.location.end.offset.value, token);
  const std::size_t token_length = static_cast<std::size_t>(
      std::min<std::uint64_t>(token_end - token, excerpt_context));
  std::string window;
  if (!input.read_at(window_start, static_cast<std::size_t>(token - window_start) + token_length +
                                       excerpt_context,
                     window)) {
    return;
  }
  auto at = static_cast<std::size_t>(token - window_start);
  if (at > window.size()) return;
  diag::Excerpt excerpt;
  std::size_t line_begin = 0;
  // A byte order mark is not shown: columns on line 1 are counted after it,
  // as editors show them, and a terminal would draw it as nothing, or as junk.
  if (window_start == 0 && std::string_view(window).starts_with(json::utf8_bom)) {
    line_begin = json::utf8_bom.size();
    at = std::max(at, line_begin);
  }
  const auto newline_before = at == 0 ? std::string::npos : window.rfind('\n', at - 1);
  if (newline_before != std::string::npos) {
    line_begin = std::max(line_begin, newline_before + 1);
  } else if (window_start > 0) {
    excerpt.cut_before = true;
  }
  // Do not start in the middle of a UTF-8 sequence.
  while (excerpt.cut_before && line_begin < at &&
         source::utf8::is_continuation(static_cast<unsigned char>(window[line_begin]))) {
    ++line_begin;
  }
  std::size_t line_end = window.find('\n', at);
  if (line_end == std::string::npos) {
    line_end = window.size();
    // The window ended before the line did, unless it reached the file's end.
    if (input.size() && window_start + window.size() < *input.size()) excerpt.cut_after = true;
    if (excerpt.cut_after) line_end = complete_utf8_prefix(window, at, line_end);
  }
  // A CRLF line's '\r' is its line break, unless the token is not before
  // it (the token is the '\r', or the end of a file that ends in one).
  if (line_end > line_begin && window[line_end - 1] == '\r' && at + 1 < line_end) --line_end;
  excerpt.text = window.substr(line_begin, line_end - line_begin);
  excerpt.caret_begin = at - line_begin;
  excerpt.caret_end = std::min(excerpt.caret_begin + std::max<std::size_t>(token_length, 1),
                               excerpt.text.size());
  if (excerpt.caret_end < excerpt.caret_begin) excerpt.caret_end = excerpt.caret_begin;
  d.excerpt = std::move(excerpt);
}

}  // namespace ckimport::check
