// invalid-value for a username or channel name that shows nothing: only
// white space or invisible characters (issue 16).

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "check/engine.hpp"

namespace {

using ckimport::test::TempDir;

std::vector<std::string> messages(const TempDir& dir) {
  static ckimport::check::Engine engine;
  ckimport::check::CheckRequest request;
  request.paths = {dir.str()};
  ckimport::check::ListReporter reporter;
  (void)engine.check(request, reporter);
  std::vector<std::string> out;
  for (const auto& d : reporter.diagnostics) {
    if (d.severity == ckimport::diag::Severity::note) continue;
    out.push_back(std::string(ckimport::diag::rule_name(d.rule)) + " " + d.pointer + ": " + d.message);
  }
  return out;
}

std::string user(std::string_view name) {
  return R"({"name": ")" + std::string(name) + R"(", "displayName": "X", "isGuest": false, "properties": {}})";
}

}  // namespace

TEST_CASE("invalid-value: a blank username or channel name", "[check][names]") {
  const TempDir dir;
  dir.write("users.json", "[" + user("  ") + ", " + user("\u200b\u2060") + ", " + user("\u00a0\ufeff") + ", " +
                              user("") + ", " + user("\\u00a0") + ", " + user("jane") + ", " + user(" jo ") + "]");
  dir.write("channels.json", R"([{"type": "PUBLIC", "name": "\t", "members": ["jane"]},
    {"type": "DIRECT", "name": " ", "members": ["jane", "  "]},
    {"type": "PRIVATE", "members": ["jane"]}])");
  const std::vector<std::string> expected{
      "invalid-value /0/name: `name` must not be blank, found `  ` (only white space)",
      "invalid-value /1/name: `name` must not be blank, found `\\u{200b}\\u{2060}` (only invisible characters)",
      "invalid-value /2/name: `name` must not be blank, found `\\u{00a0}\\u{feff}` (only white space and invisible "
      "characters)",
      "invalid-value /3/name: `name` must not be empty",
      // A JSON escape is the character it stands for.
      "invalid-value /4/name: `name` must not be blank, found `\\u{00a0}` (only white space)",
      "invalid-value /0/name: `name` must not be blank, found `\t` (only white space)",
      "ignored-field /1/name: `name` is not a field of a direct channel; the server ignores it",
  };
  CHECK(messages(dir) == expected);
}
