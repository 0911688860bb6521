#include "text/name_differences.hpp"

#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "source/utf8.hpp"
#include "text/names.hpp"

namespace ckimport::text {
namespace {

using source::utf8::next_unit;
using Unit = source::utf8::Unit;

// Whether every well-formed run of the text is normalised by `normalizer`.
bool runs_normalized(const icu::Normalizer2* normalizer, std::string_view text) {
  if (normalizer == nullptr) return true;
  const auto normalized = [&](std::string_view run) {
    if (run.empty() || run.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) return true;
    UErrorCode status = U_ZERO_ERROR;
    const bool yes = normalizer->isNormalizedUTF8(
                         icu::StringPiece(run.data(), static_cast<int32_t>(run.size())), status) != 0;
    return U_FAILURE(status) || yes;
  };
  std::size_t run = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const Unit unit = next_unit(text, pos);
    if (!unit.valid()) {
      if (!normalized(text.substr(run, pos - run))) return false;
      run = pos + unit.length;
    }
    pos += unit.length;
  }
  return normalized(text.substr(run));
}

const icu::Normalizer2* nfd_instance() {
  static const icu::Normalizer2* const instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
    return U_FAILURE(status) ? nullptr : n;
  }();
  return instance;
}

// One unit of a name as compared here: a code point's bytes, or an
// ill-formed unit's (code_point 0, never equal to a code point's).
struct Piece {
  std::string_view bytes;
  char32_t code_point = 0;
  bool valid = false;
};

// The name as name_key() spaces it, but neither folded nor normalised, then NFC.
std::string spaced_nfc(std::string_view text) { return nfc(spaced(text)); }

std::vector<Piece> pieces(std::string_view text) {
  std::vector<Piece> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const Unit unit = next_unit(text, pos);
    out.push_back({text.substr(pos, unit.length), unit.valid() ? unit.code_point : 0, unit.valid()});
    pos += unit.length;
  }
  return out;
}

// Equal, or equal but for case.
bool same_but_case(const Piece& a, const Piece& b) {
  if (a.bytes == b.bytes) return true;
  if (!a.valid || !b.valid) return false;
  return fold_case(a.bytes) == fold_case(b.bytes);
}

// The script every character of the stretch is in, ignoring Common and
// Inherited ones (digits, punctuation, combining marks); "" when none or
// several.
std::string script_of(const std::vector<Piece>& stretch) {
  UScriptCode found = USCRIPT_INVALID_CODE;
  for (const Piece& piece : stretch) {
    if (!piece.valid) return "";
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(static_cast<UChar32>(piece.code_point), &status);
    if (U_FAILURE(status)) return "";
    if (script == USCRIPT_COMMON || script == USCRIPT_INHERITED || script == USCRIPT_UNKNOWN) continue;
    if (found != USCRIPT_INVALID_CODE && found != script) return "";
    found = script;
  }
  if (found == USCRIPT_INVALID_CODE) return "";
  const char* name = uscript_getName(found);
  return name == nullptr ? "" : std::string(name);
}

std::string joined(const std::vector<Piece>& stretch) {
  std::string out;
  for (const Piece& piece : stretch) out.append(piece.bytes);
  return out;
}

CharacterPair pair_of(const std::vector<Piece>& in_name, const std::vector<Piece>& in_like) {
  CharacterPair pair;
  pair.in_name = joined(in_name);
  pair.in_like = joined(in_like);
  pair.name_script = script_of(in_name);
  pair.like_script = script_of(in_like);
  return pair;
}

// Counts of each invisible code point in a text.
std::vector<std::pair<char32_t, long>> invisible_counts(std::string_view text) {
  std::vector<std::pair<char32_t, long>> counts;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const Unit unit = next_unit(text, pos);
    if (unit.valid() && is_invisible(unit.code_point)) {
      const auto found = std::find_if(counts.begin(), counts.end(),
                                      [&](const auto& c) { return c.first == unit.code_point; });
      if (found == counts.end()) {
        counts.emplace_back(unit.code_point, 1);
      } else {
        ++found->second;
      }
    }
    pos += unit.length;
  }
  return counts;
}

// The White_Space at the start and at the end of a text, and the text
// between, with invisible code points dropped.
struct Spacing {
  std::string start, inner, end;
};

Spacing spacing_of(std::string_view text) {
  const std::string visible = without_invisible(text);
  const std::string_view trimmed = trim_white_space(visible);
  Spacing s;
  const std::string_view all(visible);
  const auto begin = static_cast<std::size_t>(trimmed.data() - all.data());
  s.start = all.substr(0, begin);
  s.inner = trimmed;
  s.end = all.substr(begin + trimmed.size());
  return s;
}

}  // namespace

bool is_nfc(std::string_view utf8) { return nfc(utf8) == utf8; }

bool is_nfd(std::string_view utf8) { return runs_normalized(nfd_instance(), utf8); }

std::string code_point_label(char32_t code_point) {
  std::string label = fmt::format("U+{:04X}", static_cast<std::uint32_t>(code_point));
  if (code_point > 0x10FFFF) return label;
  std::array<char, 128> name{};
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = u_charName(static_cast<UChar32>(code_point), U_UNICODE_CHAR_NAME, name.data(),
                                    static_cast<int32_t>(name.size()), &status);
  if (U_SUCCESS(status) && length > 0 && static_cast<std::size_t>(length) < name.size()) {
    label += ' ';
    label.append(name.data(), static_cast<std::size_t>(length));
  }
  return label;
}

std::vector<char32_t> invisible_difference(std::string_view a, std::string_view b) {
  const auto in_a = invisible_counts(a);
  const auto in_b = invisible_counts(b);
  const auto count_in = [](const auto& counts, char32_t cp) {
    const auto found = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == cp; });
    return found == counts.end() ? 0L : found->second;
  };
  std::vector<char32_t> out;
  for (const auto* counts : {&in_a, &in_b}) {
    for (const auto& [cp, n] : *counts) {
      (void)n;
      if (count_in(in_a, cp) != count_in(in_b, cp) && std::find(out.begin(), out.end(), cp) == out.end()) {
        out.push_back(cp);
      }
    }
  }
  return out;
}

WhiteSpaceDifference white_space_difference(std::string_view a, std::string_view b) {
  const Spacing sa = spacing_of(a);
  const Spacing sb = spacing_of(b);
  WhiteSpaceDifference d;
  d.start = sa.start != sb.start;
  d.end = sa.end != sb.end;
  d.inside = nfc(sa.inner) != nfc(sb.inner);
  return d;
}

std::vector<CharacterPair> confusable_pairs(std::string_view name, std::string_view like, std::size_t max_pairs) {
  const std::string name_text = spaced_nfc(name);
  const std::string like_text = spaced_nfc(like);
  const std::vector<Piece> n = pieces(name_text);
  const std::vector<Piece> l = pieces(like_text);
  std::vector<CharacterPair> out;
  if (n.size() == l.size()) {
    for (std::size_t i = 0; i < n.size() && out.size() < max_pairs; ++i) {
      if (!same_but_case(n[i], l[i])) out.push_back(pair_of({n[i]}, {l[i]}));
    }
    return out;
  }
  std::size_t prefix = 0;
  while (prefix < n.size() && prefix < l.size() && same_but_case(n[prefix], l[prefix])) ++prefix;
  std::size_t suffix = 0;
  while (suffix < n.size() - prefix && suffix < l.size() - prefix &&
         same_but_case(n[n.size() - 1 - suffix], l[l.size() - 1 - suffix])) {
    ++suffix;
  }
  const std::vector<Piece> in_name(n.begin() + static_cast<std::ptrdiff_t>(prefix),
                                   n.end() - static_cast<std::ptrdiff_t>(suffix));
  const std::vector<Piece> in_like(l.begin() + static_cast<std::ptrdiff_t>(prefix),
                                   l.end() - static_cast<std::ptrdiff_t>(suffix));
  if (max_pairs > 0 && (!in_name.empty() || !in_like.empty())) out.push_back(pair_of(in_name, in_like));
  return out;
}

}  // namespace ckimport::text
