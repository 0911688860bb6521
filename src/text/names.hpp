#pragma once
// Names (usernames, channel names) compared the way a person reads them.
//
// Why: two users "ann" and "Ann", or "carl" and "cаrl" (the second a is
// Cyrillic U+0430), or "bob" and "bob" + U+200B are different bytes but the
// same name to whoever reads a chat. ckimport warns about such pairs, says
// why they look alike, suggests the user a reference probably meant, and
// shows invisible characters escaped in its messages. This module is the
// Unicode side of that, on ICU; no ICU type appears here, so callers need
// not include or link ICU themselves.
//
// Input is UTF-8 from user files and may be ill-formed. Nothing here throws
// (except std::bad_alloc) or crashes on it: every function treats each
// ill-formed sequence (one "maximal subpart", as ICU and the terminal
// sanitiser split them) as an opaque unit that is copied unchanged, is not
// white space, is not invisible and is not escaped. Transformations apply to
// the well-formed runs between such units, so "\xff" + "e" + U+0301 keeps
// its byte and NFC-composes nothing across it. No U+FFFD is ever inserted:
// two names that differ only in their ill-formed bytes keep different keys,
// as the sanitiser shows them differently (\xff vs \xfe).
//
// Thread safety: every function may be called from any number of threads at
// once. The ICU objects (NFC, NFD and NFKC_Casefold normalisers, one
// USpoofChecker, a table of ASCII skeletons) are built on first use in a
// function-local static (C++11 guarantees one initialisation) and only read
// afterwards, which ICU documents as safe. They are never freed, so a worker
// thread still running at exit cannot touch a destroyed checker.
//
// Cost (CPU time a name, -O2, names of 10 to 20 characters): a pure-ASCII
// name takes fast paths (name_key 0.08 us, confusable_key 0.15 us,
// has_confusable_mix 0.02 us; through ICU they took 0.4 and 1.2 to 1.9 us);
// other names go through ICU (name_key 0.7 to 1.8 us, confusable_key 1.4 to
// 3 us, has_confusable_mix 0.6 to 0.9 us).
#include <optional>
#include <string>
#include <string_view>

namespace ckimport::text {

// ---- Single transformations -------------------------------------------------

// Unicode Normalization Form C. NFC, not NFKC: NFC only merges canonically
// equivalent spellings (e + U+0301 vs é), which render identically; NFKC also
// maps look-alikes of different meaning (ﬁ -> fi, ² -> 2, full-width letters)
// and those are reported as confusable via skeleton() instead, so the reason
// a message gives stays exact.
std::string nfc(std::string_view utf8);

// Full default Unicode case folding (CaseFolding.txt statuses C and F, not
// Turkic), as canonical caseless matching (Unicode D145): NFC(fold(NFD(x))).
// So "ANN"/"ann" and "Straße"/"STRASSE" fold equal, and the result is NFC.
// Not NFKC_Casefold, for the reason given at nfc(); and because that one also
// drops default-ignorable characters, which without_invisible() does where
// the caller can see it happen.
std::string fold_case(std::string_view utf8);

// The input without leading and trailing code points of the Unicode
// White_Space property (tab, LF, U+0020, U+00A0, U+2000..U+200A, U+3000, ...).
// U+200B ZERO WIDTH SPACE is not White_Space; it is invisible, see below.
std::string_view trim_white_space(std::string_view utf8);

// Whether a code point is shown escaped in messages for people: it is
// invisible, formats text, or is white space other than U+0020. Precisely:
// General_Category Cf (zero-width U+200B..U+200D, U+2060, bidi controls,
// U+00AD, U+FEFF, tags, ...), or Default_Ignorable_Code_Point but not a
// variation selector (U+034F, Hangul fillers U+115F, U+1160, U+3164, U+FFA0,
// ...), or White_Space other than U+0020 (U+00A0, U+2007, U+202F, U+3000,
// U+2028, ...). Never a control (Cc: C0, DEL, C1, including tab, LF and
// U+0085): the terminal sanitiser escapes those itself, as \xNN or \u{NN}.
// Variation selectors are left alone: they select a glyph that is visible
// (U+FE0F in emoji) and would only make messages noisy.
bool needs_escape(char32_t code_point);

// The input with each code point for which needs_escape() holds written as
// "\u{" + lowercase hex, at least 4 digits + "}": \u{200b}, \u{00ad},
// \u{feff}, \u{e0001}; the style in which the terminal sanitiser already
// shows bidi controls. Everything else, including controls and ill-formed
// bytes, is copied for the sanitiser to deal with. A name that already
// contains the text "\u{200b}" reads the same as one that contains U+200B:
// like the sanitiser, this does not escape backslashes.
std::string escape_invisible(std::string_view utf8);

// Whether a code point is invisible: needs_escape() holds and it is not
// White_Space (U+200B, U+00AD, U+FEFF, bidi controls, U+3164, ...).
bool is_invisible(char32_t code_point);

// The input without its invisible code points: those for which
// needs_escape() holds that are not White_Space (a no-break space is visible
// as a space, so it stays; see name_key() for how spaces compare).
std::string without_invisible(std::string_view utf8);

// Whether the name shows nothing: every code point is White_Space or
// invisible (the empty string too). A name of only U+200B, or U+3164, is as
// empty to a reader as a name of only spaces, so it is blank as well; the
// caller's message shows escape_invisible() of it, which says what it holds.
// An ill-formed byte or a control other than white space is not blank.
bool is_blank(std::string_view utf8);

// The UTS #39 skeleton (ICU uspoof_getSkeleton): NFD, each character mapped
// to its confusable prototype, NFD again; "cаrl" (Cyrillic а) and "carl"
// have the same skeleton. Skeletons are for comparison, never for display.
// The mapping is case-sensitive ("I" and "l" share a prototype, "i" and "l"
// do not); for a case-insensitive comparison fold first: confusable_key().
std::string skeleton(std::string_view utf8);

// Whether the name mixes scripts the way a spoof does: it fails ICU's
// restriction-level check at USPOOF_MODERATELY_RESTRICTIVE (UTS #39 5.2), or
// mixes digits of different numbering systems. So "cаrl" (Latin with a
// Cyrillic а) and "Ивaн" (Cyrillic with a Latin a) are true; single-script
// names ("josé", "Zoë", "Иван", "李小龙", "Σωκράτης") and the mixes that
// UTS #39 deems ordinary (Latin with Han and kana as Japanese writes,
// Latin with Hangul, Latin with one script other than Cyrillic, Greek or
// Cherokee, such as Arabic or Devanagari) are false. Characters common to
// all scripts (digits, punctuation, emoji, spaces) never count.
bool has_confusable_mix(std::string_view utf8);

// ---- Keys for hash maps -----------------------------------------------------
//
// Two names that a reader takes for the same have the same key. To warn
// about look-alikes, group names by key and call lookalike() on a group's
// members for the reason; for "did you mean", look a reference that matched
// nothing exactly up by name_key(), then by confusable_key().

// The name with invisible code points dropped, White_Space trimmed from both
// ends and each run of it inside the name made one U+0020: name_key() before
// it folds case. Neither normalised nor folded.
std::string spaced(std::string_view utf8);

// The name as read: invisible code points dropped, White_Space trimmed from
// both ends and each run of it inside the name made one U+0020 (so
// "Anna" U+00A0 "Lee" and "Anna  Lee" are "anna lee"), then fold_case().
std::string name_key(std::string_view utf8);

// The key of names that look alike: skeleton() of the name as name_key()
// spaces it, but folded with NFKC_Casefold instead of fold_case(). Equal for
// names equal by name_key() and for confusable ones ("Carl" and "cаrl").
// NFKC enters here because UTS #39's confusable data leaves out what NFKC
// already unifies (UAX #31 identifiers are NFKC): without it "ｆｕｌｌ"
// (full-width) or "𝐜𝐚𝐫𝐥" (mathematical bold) would not match "full", "carl".
// Folding before the skeleton makes it case-insensitive, as the skeleton
// itself is not, at the cost of missing look-alikes that differ in case
// ("Ian" and "lan": the skeleton maps I, not i, to l).
std::string confusable_key(std::string_view utf8);

// Why two names look alike, as the first stage of name_key() and
// confusable_key() after which they are equal. The stages are cumulative, in
// this order, so a later reason may hide an earlier one ("Bob" + U+200B vs
// "bob" is case_only); the message shows the names escaped, which reveals the
// rest. The enumerators are in that order, so < means "closer alike".
enum class Lookalike {
  nfc,          // canonically equivalent: NFC makes them equal
  invisible,    // equal once invisible code points are dropped
  white_space,  // equal once white space is trimmed and inner runs made one space
  case_only,    // equal ignoring case (full case folding)
  confusable,   // equal skeletons: confusable characters (UTS #39)
};

// The reason two different byte strings look alike, or nullopt when they are
// the same bytes or do not look alike. lookalike(a, b) has a value exactly
// when a != b and confusable_key(a) == confusable_key(b), and is at most
// case_only exactly when also name_key(a) == name_key(b).
std::optional<Lookalike> lookalike(std::string_view a, std::string_view b);

namespace detail {
// name_key() without its pure-ASCII fast path, every step through ICU; only
// for the tests that the fast paths give what ICU gives.
std::string name_key_by_icu(std::string_view utf8);
// skeleton() and confusable_key() without their pure-ASCII fast paths, likewise.
std::string skeleton_by_icu(std::string_view utf8);
std::string confusable_key_by_icu(std::string_view utf8);
}  // namespace detail

}  // namespace ckimport::text
