#pragma once
// The man page and the shell completion scripts, generated from the same
// CLI::App that parses the command line (and prints --help), the rule
// catalogue and the built-in schemas: a verb, an option, a rule or a schema
// that is added appears in all of them without anyone editing them, as with
// `rg --generate man` or `ruff generate-shell-completion`.
//
// `ckimport --generate man|complete-bash|complete-zsh|complete-fish` prints
// one of them; cmake/Packaging.cmake runs it at build time for the package.
#include <iosfwd>
#include <span>
#include <string_view>

namespace CLI {
class App;
}

namespace ckimport::cli {

// What --generate takes: "man", "complete-bash", "complete-zsh", "complete-fish".
std::span<const std::string_view> generator_names();

// The words `--rule RULE=...` takes after the `=` (diag::parse_rule_setting).
std::span<const std::string_view> rule_setting_words();

// Writes what `what` names for `app`, configured with all its subcommands and
// options, to `out`. Throws std::invalid_argument for a name that is not one
// of generator_names().
void generate(CLI::App& app, std::string_view what, std::ostream& out);

// Adds the hidden option `--generate WHAT` to `app` (not in --help). Given,
// it writes what it names to `out` once the command line is parsed and
// throws CLI::Success: the caller returns exit status 0, and no subcommand
// is required.
void add_generate_option(CLI::App& app, std::ostream& out);

}  // namespace ckimport::cli
