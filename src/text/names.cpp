#include "text/names.hpp"

#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <unicode/utypes.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "source/utf8.hpp"

namespace ckimport::text {

namespace {

// ---- UTF-8 ------------------------------------------------------------------

using source::utf8::next_unit;
using Unit = source::utf8::Unit;

bool is_ascii(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80U) return false;
  }
  return true;
}

// White_Space in ASCII: tab, LF, VT, FF, CR and space (not U+001C..U+001F).
bool is_ascii_white_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_white_space(char32_t cp) {
  if (cp < 0x80) return is_ascii_white_space(static_cast<char>(cp));
  return u_isUWhiteSpace(static_cast<UChar32>(cp)) != 0;
}

// Whether ICU's int32_t lengths can hold the text. A name over 2 GiB is not
// transformed at all (the caller has other problems by then).
bool fits_icu(std::string_view text) {
  return text.size() <= static_cast<std::size_t>(std::numeric_limits<int32_t>::max());
}

icu::StringPiece piece(std::string_view text) {
  return icu::StringPiece(text.data(), static_cast<int32_t>(text.size()));
}

// Applies transform(run, out) to each maximal well-formed run of the input
// and copies each ill-formed unit unchanged between them. ICU's UTF-8 APIs
// either substitute U+FFFD or fail on ill-formed input; neither is wanted.
template <typename Transform>
std::string map_well_formed_runs(std::string_view text, Transform&& transform) {
  std::string out;
  out.reserve(text.size());
  std::size_t run = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const Unit unit = next_unit(text, pos);
    if (!unit.valid()) {
      if (pos > run) transform(text.substr(run, pos - run), out);
      out.append(text.substr(pos, unit.length));
      run = pos + unit.length;
    }
    pos += unit.length;
  }
  if (pos > run) transform(text.substr(run), out);
  return out;
}

// Appends the UTS #39 skeleton of a well-formed run; false (and nothing
// appended) when ICU fails.
bool append_icu_skeleton(const USpoofChecker* checker, std::string_view run, std::string& out) {
  if (checker == nullptr || !fits_icu(run)) return false;
  // Skeletons are rarely longer than their input; one retry covers the rest.
  std::string buffer(run.size() + 16, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    UErrorCode status = U_ZERO_ERROR;
    const int32_t length =
        uspoof_getSkeletonUTF8(checker, 0, run.data(), static_cast<int32_t>(run.size()),
                               buffer.data(), static_cast<int32_t>(buffer.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR && attempt == 0 && length > 0) {
      buffer.assign(static_cast<std::size_t>(length) + 1, '\0');
      continue;
    }
    if (U_FAILURE(status) || length < 0) return false;
    out.append(buffer.data(), static_cast<std::size_t>(length));
    return true;
  }
  return false;
}

// ---- ICU objects, built once ------------------------------------------------

struct IcuObjects {
  const icu::Normalizer2* nfc = nullptr;            // owned by ICU
  const icu::Normalizer2* nfd = nullptr;            // owned by ICU
  const icu::Normalizer2* nfkc_casefold = nullptr;  // owned by ICU
  // Configured once below, then only read: ICU documents concurrent checks
  // and skeletons on one checker as thread-safe. Deliberately never closed
  // (see names.hpp); the static keeps it reachable for LeakSanitizer.
  USpoofChecker* spoof = nullptr;
  // skeleton() of each ASCII character, for pure-ASCII names: ICU takes
  // about 1 us a name, the table a tenth of that. The skeleton maps code
  // points one by one, so an ASCII name's skeleton is the concatenation of
  // these, as long as each is NFD and starts with a character of combining
  // class 0 (then UTS #39's final NFD changes nothing). Filled from the ICU
  // in use and checked for that at start-up, so it cannot drift from ICU.
  std::array<std::string, 0x80> ascii_skeletons;
  bool ascii_skeletons_usable = false;
};

bool fill_ascii_skeletons(IcuObjects& o) {
  if (o.nfd == nullptr) return false;
  for (std::size_t c = 0; c < o.ascii_skeletons.size(); ++c) {
    const char one = static_cast<char>(c);
    std::string& prototype = o.ascii_skeletons[c];
    if (!append_icu_skeleton(o.spoof, std::string_view(&one, 1), prototype)) return false;
    if (prototype.empty() || !fits_icu(prototype)) return false;
    UErrorCode status = U_ZERO_ERROR;
    const bool is_nfd = o.nfd->isNormalizedUTF8(piece(prototype), status) != 0;
    const Unit first = next_unit(prototype, 0);
    if (U_FAILURE(status) || !is_nfd || !first.valid() ||
        u_getCombiningClass(static_cast<UChar32>(first.code_point)) != 0) {
      return false;
    }
  }
  return true;
}

const IcuObjects& icu_objects() {
  static const IcuObjects objects = [] {
    IcuObjects o;
    UErrorCode status = U_ZERO_ERROR;
    o.nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) o.nfc = nullptr;
    status = U_ZERO_ERROR;
    o.nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) o.nfd = nullptr;
    status = U_ZERO_ERROR;
    o.nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) o.nfkc_casefold = nullptr;
    status = U_ZERO_ERROR;
    USpoofChecker* checker = uspoof_open(&status);
    // Only the checks has_confusable_mix() documents; the default set would
    // also flag, for one, repeated combining marks.
    uspoof_setChecks(checker, USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_NUMBERS, &status);
    uspoof_setRestrictionLevel(checker, USPOOF_MODERATELY_RESTRICTIVE);
    if (U_FAILURE(status)) {
      uspoof_close(checker);
      checker = nullptr;
    }
    o.spoof = checker;
    o.ascii_skeletons_usable = fill_ascii_skeletons(o);
    return o;
  }();
  return objects;
}

void skeleton_run(std::string_view run, std::string& out) {
  if (!append_icu_skeleton(icu_objects().spoof, run, out)) out.append(run);
}

// Appends the normalised form of a well-formed run, or the run unchanged
// when ICU fails (no data, out of memory).
void normalize_run(const icu::Normalizer2* normalizer, std::string_view run, std::string& out) {
  if (normalizer == nullptr || !fits_icu(run)) {
    out.append(run);
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  if (normalizer->isNormalizedUTF8(piece(run), status) && U_SUCCESS(status)) {
    out.append(run);
    return;
  }
  status = U_ZERO_ERROR;
  std::string normalized;
  icu::StringByteSink<std::string> sink(&normalized);
  normalizer->normalizeUTF8(0, piece(run), sink, nullptr, status);
  out.append(U_SUCCESS(status) ? std::string_view(normalized) : run);
}

void nfc_run(std::string_view run, std::string& out) {
  if (is_ascii(run)) {
    out.append(run);  // ASCII is in every normalisation form
    return;
  }
  normalize_run(icu_objects().nfc, run, out);
}

// Canonical caseless matching's fold, NFC(fold(NFD(run))), all in ICU.
void icu_fold_run(std::string_view run, std::string& out) {
  const IcuObjects& icu = icu_objects();
  std::string decomposed;
  normalize_run(icu.nfd, run, decomposed);
  std::string folded;
  UErrorCode status = U_ZERO_ERROR;
  if (fits_icu(decomposed)) {
    icu::StringByteSink<std::string> sink(&folded);
    icu::CaseMap::utf8Fold(U_FOLD_CASE_DEFAULT, piece(decomposed), sink, nullptr, status);
  }
  if (U_FAILURE(status) || !fits_icu(decomposed)) folded = std::move(decomposed);
  normalize_run(icu.nfc, folded, out);
}

void fold_run(std::string_view run, std::string& out) {
  if (is_ascii(run)) {
    // Full case folding maps A..Z to a..z and no ASCII character outside
    // ASCII; NFD and NFC leave ASCII alone.
    for (const char c : run) out.push_back(ascii_lower(c));
    return;
  }
  icu_fold_run(run, out);
}

// The name with invisible code points dropped, White_Space trimmed from both
// ends and each inner run of it made one U+0020: what name_key() folds.
template <typename IsWhiteSpace>
std::string spaced(std::string_view text, IsWhiteSpace is_space) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const Unit unit = next_unit(text, pos);
    if (unit.valid() && is_space(unit.code_point)) {
      pending_space = !out.empty();
    } else if (!unit.valid() || !is_invisible(unit.code_point)) {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(text.substr(pos, unit.length));
    }
    pos += unit.length;
  }
  return out;
}


std::string ascii_name_key(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (const char c : text) {
    if (is_ascii_white_space(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(ascii_lower(c));
    }
  }
  return out;
}

}  // namespace

bool is_invisible(char32_t code_point) { return needs_escape(code_point) && !is_white_space(code_point); }

std::string spaced(std::string_view utf8) { return spaced(utf8, is_white_space); }

std::string nfc(std::string_view utf8) {
  if (is_ascii(utf8)) return std::string(utf8);
  return map_well_formed_runs(utf8, nfc_run);
}

std::string fold_case(std::string_view utf8) { return map_well_formed_runs(utf8, fold_run); }

std::string_view trim_white_space(std::string_view utf8) {
  std::size_t first = utf8.size();
  std::size_t last_end = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const Unit unit = next_unit(utf8, pos);
    if (!unit.valid() || !is_white_space(unit.code_point)) {
      if (first == utf8.size()) first = pos;
      last_end = pos + unit.length;
    }
    pos += unit.length;
  }
  if (first == utf8.size()) return utf8.substr(0, 0);
  return utf8.substr(first, last_end - first);
}

bool needs_escape(char32_t code_point) {
  // Below U+00A0 are ASCII, whose White_Space is U+0020 and controls, and
  // the C1 controls (U+0085 is White_Space too); controls are the
  // sanitiser's. No code point from U+00A0 on is a control.
  if (code_point < 0xA0 || code_point > 0x10FFFF) return false;
  const auto cp = static_cast<UChar32>(code_point);
  if (u_charType(cp) == U_FORMAT_CHAR) return true;
  if (u_isUWhiteSpace(cp) != 0) return true;
  return u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) != 0 &&
         u_hasBinaryProperty(cp, UCHAR_VARIATION_SELECTOR) == 0;
}

std::string escape_invisible(std::string_view utf8) {
  if (is_ascii(utf8)) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size());
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const Unit unit = next_unit(utf8, pos);
    if (unit.valid() && needs_escape(unit.code_point)) {
      out += fmt::format("\\u{{{:04x}}}", static_cast<std::uint32_t>(unit.code_point));
    } else {
      out.append(utf8.substr(pos, unit.length));
    }
    pos += unit.length;
  }
  return out;
}

std::string without_invisible(std::string_view utf8) {
  if (is_ascii(utf8)) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size());
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const Unit unit = next_unit(utf8, pos);
    if (!unit.valid() || !is_invisible(unit.code_point)) out.append(utf8.substr(pos, unit.length));
    pos += unit.length;
  }
  return out;
}

bool is_blank(std::string_view utf8) {
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const Unit unit = next_unit(utf8, pos);
    if (!unit.valid()) return false;
    if (!is_white_space(unit.code_point) && !is_invisible(unit.code_point)) return false;
    pos += unit.length;
  }
  return true;
}

std::string skeleton(std::string_view utf8) {
  const IcuObjects& icu = icu_objects();
  if (icu.ascii_skeletons_usable && is_ascii(utf8)) {
    std::string out;
    out.reserve(utf8.size());
    for (const char c : utf8) out += icu.ascii_skeletons[static_cast<unsigned char>(c)];
    return out;
  }
  return map_well_formed_runs(utf8, skeleton_run);
}

bool has_confusable_mix(std::string_view utf8) {
  if (is_ascii(utf8)) return false;  // one script, one set of digits
  const USpoofChecker* checker = icu_objects().spoof;
  if (checker == nullptr || !fits_icu(utf8)) return false;
  // Ill-formed sequences become U+FFFD here, whose script is Common: they
  // neither add nor remove a script.
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(piece(utf8));
  UErrorCode status = U_ZERO_ERROR;
  const int32_t failed = uspoof_check2UnicodeString(checker, text, nullptr, &status);
  if (U_FAILURE(status)) return false;
  return (failed & (USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_NUMBERS)) != 0;
}

std::string name_key(std::string_view utf8) {
  if (is_ascii(utf8)) return ascii_name_key(utf8);
  return fold_case(spaced(utf8));
}

namespace {

void nfkc_casefold_run(std::string_view run, std::string& out) {
  normalize_run(icu_objects().nfkc_casefold, run, out);
}

}  // namespace

std::string confusable_key(std::string_view utf8) {
  // NFKC_Casefold maps A..Z to a..z and leaves the rest of ASCII alone.
  if (is_ascii(utf8)) return skeleton(ascii_name_key(utf8));
  return skeleton(map_well_formed_runs(spaced(utf8), nfkc_casefold_run));
}

std::optional<Lookalike> lookalike(std::string_view a, std::string_view b) {
  if (a == b) return std::nullopt;
  if (nfc(a) == nfc(b)) return Lookalike::nfc;
  if (nfc(without_invisible(a)) == nfc(without_invisible(b))) return Lookalike::invisible;
  const std::string spaced_a = spaced(a);
  const std::string spaced_b = spaced(b);
  if (nfc(spaced_a) == nfc(spaced_b)) return Lookalike::white_space;
  const std::string key_a = fold_case(spaced_a);
  const std::string key_b = fold_case(spaced_b);
  if (key_a == key_b) return Lookalike::case_only;
  if (confusable_key(a) == confusable_key(b)) return Lookalike::confusable;
  return std::nullopt;
}

namespace detail {

std::string name_key_by_icu(std::string_view utf8) {
  const auto icu_white_space = [](char32_t cp) {
    return u_isUWhiteSpace(static_cast<UChar32>(cp)) != 0;
  };
  return map_well_formed_runs(spaced(utf8, icu_white_space), icu_fold_run);
}

std::string skeleton_by_icu(std::string_view utf8) {
  return map_well_formed_runs(utf8, skeleton_run);
}

std::string confusable_key_by_icu(std::string_view utf8) {
  const auto icu_white_space = [](char32_t cp) {
    return u_isUWhiteSpace(static_cast<UChar32>(cp)) != 0;
  };
  return skeleton_by_icu(map_well_formed_runs(spaced(utf8, icu_white_space), nfkc_casefold_run));
}

}  // namespace detail

}  // namespace ckimport::text
