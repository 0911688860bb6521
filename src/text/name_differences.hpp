#pragma once
// What exactly makes two names look alike, for messages that say so:
// lookalike() (names.hpp) tells the kind of difference, these tell which
// characters ("by an invisible character (U+200B ZERO WIDTH SPACE)",
// "Cyrillic `а` for Latin `a`", "another Unicode form (NFD)").
//
// Only called when a pair is reported, so nothing here is on a fast path.
// Like names.hpp: no ICU type in the interface, ill-formed UTF-8 is taken
// without throwing (an ill-formed unit is never invisible, never white space
// and has no script), and every function may be called from any thread.
#include <string>
#include <string_view>
#include <vector>

namespace ckimport::text {

// Whether the text is in Normalization Form C (or D). ASCII is both; text
// with ill-formed bytes is judged on its well-formed runs.
bool is_nfc(std::string_view utf8);
bool is_nfd(std::string_view utf8);

// "U+200B ZERO WIDTH SPACE": the code point in the U+ notation, with its
// Unicode name when it has one.
std::string code_point_label(char32_t code_point);

// The invisible code points (needs_escape() and not White_Space) that one
// of the two names holds more often than the other, each once, in order of
// first appearance in `a`, then `b`. Empty when both hold the same ones (in
// different places).
std::vector<char32_t> invisible_difference(std::string_view a, std::string_view b);

// Where two names differ in their White_Space, once invisible characters
// are dropped: at the start, at the end, inside (a run of spaces, or another
// space character, between words).
struct WhiteSpaceDifference {
  bool start = false;
  bool end = false;
  bool inside = false;
};
WhiteSpaceDifference white_space_difference(std::string_view a, std::string_view b);

// The characters of `name` that stand for other characters of `like`, for
// two names that confusable_key() makes equal: invisible characters dropped,
// white space as name_key() spaces it, both NFC, characters equal but for
// case skipped. Names of the same length in code points are compared place
// by place; otherwise the one differing stretch between their common start
// and end is one pair ("rn" for "m"). At most `max_pairs` pairs.
struct CharacterPair {
  std::string in_name;      // UTF-8: one character, or a stretch of them
  std::string in_like;
  std::string name_script;  // "Cyrillic", "Latin", ...; "" when not one script (digits, punctuation)
  std::string like_script;
};
std::vector<CharacterPair> confusable_pairs(std::string_view name, std::string_view like,
                                            std::size_t max_pairs = 3);

}  // namespace ckimport::text
