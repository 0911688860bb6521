#pragma once
// "Did you mean": the one near-miss finder, for field names (the schema's
// findings), rule names and the CLI's verbs. A header of its own so that a
// layer that must not see simdjson (cli/) can use it.
#include <string_view>
#include <vector>

namespace ckimport::schema {

// The closest of `candidates` to `name`, for "did you mean": the camelCase
// form of a snake_case name, a case-insensitive match, or a small edit
// distance. Empty when nothing is close.
std::string_view suggest_name(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace ckimport::schema
