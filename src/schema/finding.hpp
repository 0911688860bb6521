#pragma once
// A problem found inside one JSON value (an import item, or a whole document
// for `validate`), located by JSON Pointer relative to that value. The file
// checker turns it into a diag::Diagnostic by finding the token in the source
// (json/token_locator) only then: checks never track positions themselves.
#include <optional>
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
};

}  // namespace ckimport::schema
