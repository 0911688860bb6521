#include "diag/sink.hpp"

namespace ckimport::diag {

std::optional<RuleSetting> parse_rule_setting(std::string_view word) {
  if (word == "off") return RuleSetting::off;
  if (word == "warning") return RuleSetting::warning;
  if (word == "error") return RuleSetting::error;
  return std::nullopt;
}

}  // namespace ckimport::diag
