#pragma once
// A problem found inside one JSON value (an import item, or a whole document
// for `validate`), located by JSON Pointer relative to that value. The file
// checker turns it into a diag::Diagnostic by finding the token in the source
// (json/token_locator) only then: checks never track positions themselves.
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "json/json_pointer.hpp"
#include "json/token_locator.hpp"

namespace ckimport::schema {

struct TokenRef {
  json::JsonPointer pointer;
  json::TokenPart part = json::TokenPart::value;
  // Which of duplicate keys (0 = the first); by default the last, the one
  // JSON readers keep and ckimport checks.
  std::size_t occurrence = json::last_occurrence;
};

// One change of a fix, in the value's own terms; locate_findings turns it
// into byte edits (diag::Edit) when it locates the finding.
struct TokenEdit {
  enum class Action {
    replace,  // the token `at` names becomes `text` (a key: `text` is the whole new key, quotes included)
    remove,   // the member or array element `at.pointer` names goes, with its separating comma
  };
  Action action = Action::replace;
  TokenRef at;
  std::string text;
};

struct FindingFix {
  std::string message;  // "rename `display_name` to `displayName`"
  diag::Applicability applicability = diag::Applicability::safe;
  std::vector<TokenEdit> edits;
};

// A fix that renames the key of the member at `member` (its last step a key)
// to `name`.
FindingFix rename_key_fix(const json::JsonPointer& member, std::string_view name,
                          diag::Applicability applicability);
// A fix that removes the member or element at `at`, described by `message`.
FindingFix removal_fix(const json::JsonPointer& at, std::string message, diag::Applicability applicability,
                       std::size_t occurrence = json::last_occurrence);

struct Finding {
  diag::RuleId rule = diag::RuleId::schema_violation;
  std::vector<diag::RuleId> merged;  // see diag::Diagnostic::merged
  diag::Severity severity = diag::Severity::error;
  std::string message;
  std::optional<std::string> help;
  TokenRef at;
  struct Related {
    TokenRef at;  // a token of the same value...
    std::string message;
    std::optional<diag::Location> location;  // ...or, when set, a place elsewhere
  };
  std::vector<Related> related;
  std::optional<FindingFix> fix;
  // The text the message shows for a floating-point number found at `at`,
  // as the parser read it. The file's own token may say something else
  // (1e-400 underflows to 0, 0.30000000000000000001 rounds to 0.3):
  // whoever locates the finding puts the file's token in its place.
  std::string shown_number;
};

}  // namespace ckimport::schema
