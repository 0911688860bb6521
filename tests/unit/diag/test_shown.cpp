// diag::shown: a value as a message quotes it: cut to a length, and with
// invisible and format characters escaped (issue 16), in every format.

#include "diag/diagnostic.hpp"

#include <string>

#include <catch2/catch.hpp>

using ckimport::diag::shown;

TEST_CASE("shown: invisible and format characters are escaped, the rest copied", "[diag][names]") {
  CHECK(shown("carl") == "carl");
  CHECK(shown("carl\u200b") == "carl\\u{200b}");
  CHECK(shown("\ufeffbob\u00a0") == "\\u{feff}bob\\u{00a0}");
  CHECK(shown("car\u00adl \u202eevil") == "car\\u{00ad}l \\u{202e}evil");
  CHECK(shown("jos\u00e9 Zo\u00eb \u65e5\u672c") == "jos\u00e9 Zo\u00eb \u65e5\u672c");
  // Controls and ill-formed bytes are left for the renderers, which know
  // their medium (a terminal, a JSON string).
  CHECK(shown("a\x1b" "b\xff") == "a\x1b" "b\xff");
}

TEST_CASE("shown: cut by code points before escaping, so an escape is never cut", "[diag][names]") {
  const std::string long_name = std::string(70, 'a');
  CHECK(shown(long_name) == std::string(64, 'a') + "\u2026");
  CHECK(shown("ab\u200bcd", 3) == "ab\\u{200b}\u2026");
  CHECK(shown("ab\u200b", 3) == "ab\\u{200b}");
}
