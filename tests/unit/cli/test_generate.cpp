// The man page and the completion scripts must not drift from the command
// line: every verb, every option of every verb (as the real app's --help
// lists them), every rule of the catalogue, every output format and every
// built-in schema appears in each of them, where it belongs. The app is
// driven through cli::run(), as the binary runs it; what --help says is read
// independently of the generators.
#include <catch2/catch.hpp>

#include <sstream>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "cli/app.hpp"
#include "cli/generate.hpp"
#include "diag/rule_catalog.hpp"
#include "diag/sink.hpp"
#include "model/resource_kind.hpp"
#include "output/renderer.hpp"
#include "schema/embedded_schemas.hpp"

namespace {

struct Result {
  int status;
  std::string out;
  std::string err;
};

Result run(std::vector<std::string> args) {
  args.insert(args.begin(), "ckimport");
  std::vector<const char*> argv;
  for (const auto& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  const int status = ckimport::cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {status, out.str(), err.str()};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The first words of the entries of a --help section ("Options:"): the lines
// indented by two spaces, up to the next blank line.
std::vector<std::string> help_entries(const std::string& help, const std::string& title) {
  std::vector<std::string> entries;
  bool in = false;
  for (const auto& line : lines_of(help)) {
    if (line == title) {
      in = true;
    } else if (in && line.empty()) {
      break;
    } else if (in && line.size() > 2 && line.starts_with("  ") && line[2] != ' ') {
      entries.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
  }
  return entries;
}

struct Verb {
  std::string name;
  std::vector<std::string> flags;  // "-f", "--format", ...
};

std::vector<std::string> split_flags(const std::string& entry) {
  std::vector<std::string> flags;
  std::istringstream in(entry);
  for (std::string flag; std::getline(in, flag, ',');) flags.push_back(flag);
  return flags;
}

// What the real app's --help says: its own options, and its verbs with theirs.
struct Help {
  std::vector<std::string> flags;
  std::vector<Verb> verbs;
};

Help read_help() {
  Help help;
  const auto top = run({"--help"});
  REQUIRE(top.status == 0);
  for (const auto& entry : help_entries(top.out, "Options:")) {
    for (const auto& flag : split_flags(entry)) help.flags.push_back(flag);
  }
  for (const auto& name : help_entries(top.out, "Subcommands:")) {
    const auto verb_help = run({name, "--help"});
    REQUIRE(verb_help.status == 0);
    Verb verb{name, {}};
    for (const auto& entry : help_entries(verb_help.out, "Options:")) {
      for (const auto& flag : split_flags(entry)) verb.flags.push_back(flag);
    }
    help.verbs.push_back(verb);
  }
  REQUIRE(help.verbs.size() >= 5);
  REQUIRE(!help.flags.empty());
  return help;
}

std::string generated(const std::string& what) {
  const auto result = run({"--generate", what});
  REQUIRE(result.status == 0);
  REQUIRE(result.err.empty());
  REQUIRE(!result.out.empty());
  return result.out;
}

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// `word` in `text`, not as a part of a longer word ("--color" in
// "--no-color" is not).
bool has_word(std::string_view text, std::string_view word) {
  for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool start = at == 0 || !word_char(text[at - 1]);
    const bool end = at + word.size() == text.size() || !word_char(text[at + word.size()]);
    if (start && end) return true;
  }
  return false;
}

// The lines from the one equal to `first` to the one before the next that
// starts with `next` not followed by a space (or the end).
std::string block(const std::string& text, const std::string& first, const std::string& next) {
  std::string out;
  bool in = false;
  for (const auto& line : lines_of(text)) {
    if (in && line.starts_with(next) && (line.size() == next.size() || line[next.size()] != ' ')) break;
    if (line == first) in = true;
    if (in) out += line + '\n';
  }
  return out;
}

// The first line that contains `needle`.
std::string line_with(const std::string& text, std::string_view needle) {
  for (const auto& line : lines_of(text)) {
    if (line.find(needle) != std::string::npos) return line;
  }
  return {};
}

// A name as the man page writes it: hyphens are \-.
std::string roff(std::string_view name) {
  std::string out;
  for (const char c : name) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

std::string bold(std::string_view name) { return "\\fB" + roff(name) + "\\fR"; }

// A man page line as plain text: font changes are spaces, \- is -.
std::string plain(std::string line) {
  const std::pair<std::string_view, std::string_view> escapes[] = {
      {"\\fB", " "}, {"\\fI", " "}, {"\\fR", " "}, {"\\-", "-"}};
  for (const auto& [from, to] : escapes) {
    for (auto at = line.find(from); at != std::string::npos; at = line.find(from, at + to.size())) {
      line.replace(at, from.size(), to);
    }
  }
  return line;
}

// The man page's OPTIONS section, split by subsection: the options listed
// for each verb (a subsection ".SS "ckimport check and validate"" lists
// options of both).
std::string man_options_of(const std::string& man, const std::string& verb) {
  const auto options = block(man, ".SH OPTIONS", ".SH ");
  std::string out;
  bool in = false;
  for (const auto& line : lines_of(options)) {
    if (line.starts_with(".SS ")) {
      std::string verbs = line.substr(4);
      for (const auto* separator : {"\"", "ckimport ", ",", " and "}) {
        for (auto at = verbs.find(separator); at != std::string::npos; at = verbs.find(separator)) {
          verbs.replace(at, std::string_view(separator).size(), " ");
        }
      }
      in = has_word(verbs, roff(verb)) || has_word(verbs, verb);
      continue;
    }
    if (in) out += line + '\n';
  }
  return out;
}

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const auto format : {ckimport::output::Format::text, ckimport::output::Format::json,
                            ckimport::output::Format::sarif, ckimport::output::Format::github}) {
    names.emplace_back(ckimport::output::to_string(format));
  }
  return names;
}

std::vector<std::string> kind_names() {
  std::vector<std::string> names;
  for (const auto kind : {ckimport::model::ResourceKind::users, ckimport::model::ResourceKind::channels,
                          ckimport::model::ResourceKind::members, ckimport::model::ResourceKind::messages}) {
    names.emplace_back(ckimport::model::to_string(kind));
  }
  return names;
}

void require_words(const std::string& where, const std::string& line, const std::vector<std::string>& words) {
  INFO(where << ": " << line);
  REQUIRE(!line.empty());
  for (const auto& word : words) {
    INFO(word);
    CHECK(has_word(line, word));
  }
}

}  // namespace

TEST_CASE("generate: --generate is hidden, takes the four names, and writes to stdout") {
  const auto help = run({"--help"});
  REQUIRE(help.status == 0);
  CHECK(help.out.find("generate") == std::string::npos);
  for (const auto name : ckimport::cli::generator_names()) {
    INFO(name);
    CHECK(!generated(std::string(name)).empty());
  }
  const auto bad = run({"--generate", "complete-tcsh"});
  CHECK(bad.status == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("complete-tcsh") != std::string::npos);
}

TEST_CASE("generate: the man page lists every verb, option, rule, format and schema") {
  const auto help = read_help();
  const auto man = generated("man");
  const auto commands = block(man, ".SH COMMANDS", ".SH ");
  const auto all_options = block(man, ".SH OPTIONS", ".SH ");
  for (const auto& flag : help.flags) {
    INFO("ckimport " << flag);
    CHECK(has_word(all_options, bold(flag)));
  }
  for (const auto& verb : help.verbs) {
    INFO("ckimport " << verb.name);
    CHECK(commands.find(".TP\n\\fB" + roff(verb.name) + "\\fR") != std::string::npos);
    CHECK(man.find("\\fBckimport " + roff(verb.name) + "\\fR") != std::string::npos);  // SYNOPSIS
    const auto options = man_options_of(man, verb.name);
    for (const auto& flag : verb.flags) {
      if (flag == "-h" || flag == "--help") continue;  // said once for all verbs
      INFO(flag);
      CHECK(options.find(bold(flag)) != std::string::npos);
    }
  }
  const auto rules = block(man, ".SH RULES", ".SH ");
  for (const auto& rule : ckimport::diag::all_rules()) {
    INFO(rule.id);
    CHECK(rules.find(".TP\n" + bold(rule.id) + " (") != std::string::npos);
  }
  require_words("man --format", plain(line_with(all_options, bold("--format"))), format_names());
  require_words("man --type", plain(line_with(all_options, bold("--type"))), kind_names());
  for (const auto name : ckimport::schema::embedded_schemas_names()) {
    INFO(name);
    CHECK(commands.find(bold(name)) != std::string::npos);
  }
}

TEST_CASE("generate: the bash completion completes every verb, option, rule, format and schema") {
  const auto help = read_help();
  const auto bash = generated("complete-bash");
  const auto verbs = block(bash, "  case $verb in", "  esac");
  for (const auto& flag : help.flags) {
    INFO(flag);
    CHECK(has_word(block(bash, "  if [[ -z $verb ]]; then", "  fi"), flag));
  }
  for (const auto& verb : help.verbs) {
    INFO("ckimport " << verb.name);
    CHECK(has_word(block(bash, "  if [[ -z $verb ]]; then", "  fi"), verb.name));
    const auto own = block(verbs, "    " + verb.name + ")", "    ");
    REQUIRE(!own.empty());
    for (const auto& flag : verb.flags) {
      INFO(flag);
      CHECK(has_word(own, flag));
    }
  }
  require_words("bash rules", line_with(bash, "_ckimport_rules=("), [] {
    std::vector<std::string> ids;
    for (const auto& rule : ckimport::diag::all_rules()) ids.emplace_back(rule.id);
    return ids;
  }());
  require_words("bash --format", line_with(bash, "--format)"), format_names());
  require_words("bash --type", line_with(bash, "--type)"), kind_names());
  std::vector<std::string> schemas;
  for (const auto name : ckimport::schema::embedded_schemas_names()) schemas.emplace_back(name);
  require_words("bash schemas", line_with(bash, "_ckimport_schemas=("), schemas);
  std::vector<std::string> settings;
  for (const auto word : ckimport::cli::rule_setting_words()) {
    CHECK(ckimport::diag::parse_rule_setting(word).has_value());
    settings.emplace_back(word);
  }
  require_words("bash rule settings", line_with(bash, "_ckimport_rule_settings=("), settings);
}

TEST_CASE("generate: the zsh completion completes every verb, option, rule, format and schema") {
  const auto help = read_help();
  const auto zsh = generated("complete-zsh");
  REQUIRE(zsh.starts_with("#compdef ckimport\n"));
  for (const auto& flag : help.flags) {
    INFO(flag);
    CHECK(has_word(block(zsh, "  _arguments -C \\", "  case $state"), flag));
  }
  for (const auto& verb : help.verbs) {
    INFO("ckimport " << verb.name);
    CHECK(zsh.find("    '" + verb.name + ":") != std::string::npos);
    const auto own = block(zsh, "        (" + verb.name + ")", "          ;;");
    REQUIRE(!own.empty());
    for (const auto& flag : verb.flags) {
      INFO(flag);
      CHECK(has_word(own, flag));
    }
  }
  const auto rules = block(zsh, "_ckimport_rules() {", "}");
  for (const auto& rule : ckimport::diag::all_rules()) {
    INFO(rule.id);
    CHECK(rules.find("    '" + std::string(rule.id) + ":") != std::string::npos);
  }
  require_words("zsh --format", line_with(zsh, "--format="), format_names());
  require_words("zsh --type", line_with(zsh, "--type="), kind_names());
  std::vector<std::string> schemas;
  for (const auto name : ckimport::schema::embedded_schemas_names()) schemas.emplace_back(name);
  require_words("zsh schemas", line_with(zsh, "schemas=("), schemas);
}

TEST_CASE("generate: the fish completion completes every verb, option, rule, format and schema") {
  const auto help = read_help();
  const auto fish = generated("complete-fish");
  // fish names an option -s 'f' -l 'format'.
  const auto fish_flag = [](const std::string& flag) {
    return flag.starts_with("--") ? "-l '" + flag.substr(2) + "'" : "-s '" + flag.substr(1) + "'";
  };
  std::string top;
  for (const auto& line : lines_of(fish)) {
    if (line.starts_with("complete -c ckimport -n __ckimport_no_verb ")) top += line + '\n';
  }
  for (const auto& flag : help.flags) {
    INFO(flag);
    CHECK(top.find(fish_flag(flag) + " ") != std::string::npos);
  }
  for (const auto& verb : help.verbs) {
    INFO("ckimport " << verb.name);
    CHECK(top.find("-a '" + verb.name + "' ") != std::string::npos);
    std::string own;
    for (const auto& line : lines_of(fish)) {
      if (line.find("-n '__ckimport_using " + verb.name + "'") != std::string::npos) own += line + '\n';
    }
    REQUIRE(!own.empty());
    for (const auto& flag : verb.flags) {
      INFO(flag);
      CHECK(own.find(fish_flag(flag) + " ") != std::string::npos);
    }
  }
  const auto rules = block(fish, "function __ckimport_rules", "end");
  for (const auto& rule : ckimport::diag::all_rules()) {
    INFO(rule.id);
    CHECK(rules.find("        '" + std::string(rule.id) + "' '") != std::string::npos);
  }
  require_words("fish --format", line_with(fish, "-l 'format'"), format_names());
  require_words("fish --type", line_with(fish, "-l 'type'"), kind_names());
  std::vector<std::string> schemas;
  for (const auto name : ckimport::schema::embedded_schemas_names()) schemas.emplace_back(name);
  require_words("fish schemas", block(fish, "function __ckimport_schemas", "end"), schemas);
}
