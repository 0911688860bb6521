#include "cli/generate.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "diag/rule_catalog.hpp"
#include "model/resource_kind.hpp"
#include "schema/embedded_schemas.hpp"

namespace ckimport::cli {
namespace {

using namespace std::string_view_literals;

constexpr std::array<std::string_view, 4> generators{"man"sv, "complete-bash"sv, "complete-zsh"sv,
                                                     "complete-fish"sv};
constexpr std::array<std::string_view, 3> rule_settings{"off"sv, "warning"sv, "error"sv};

// ---------------------------------------------------------------------------
// What the generators read: the app's verbs and options, walked once.

// What a value is, for completion.
enum class Values {
  none,          // a flag, or a value with nothing to offer (a number)
  words,         // one of `words`
  rule_setting,  // RULE=off|warning|error
  rule,          // a rule id
  schema,        // a built-in schema name
  file,          // a file (folders too, to get there)
  directory,
};

std::vector<std::string> resource_kinds() {
  std::vector<std::string> kinds;
  for (const auto kind : {model::ResourceKind::users, model::ResourceKind::channels, model::ResourceKind::members,
                          model::ResourceKind::messages}) {
    kinds.emplace_back(model::to_string(kind));
  }
  return kinds;
}

// What CLI11 cannot say about an option: which values complete it, and a
// better name for its value than CLI11's type name ("TEXT", "UINT"). Keyed
// by the option's long name or the positional's name, in any verb or in one.
// An entry that names no option does nothing; tests/packaging/completions.sh
// checks what the --rule, --type, --schema-dir, schema and explain entries
// give. The values an option's CLI::IsMember allows (--format, --color) are
// read from the app, not listed here.
struct Hint {
  std::string_view verb;  // "" for any
  std::string_view name;  // "--rule", or a positional's name
  Values values;
  std::string_view value_name;              // "" keeps the app's
  std::vector<std::string> (*words)() = nullptr;  // Values::words
};

constexpr std::array hints{
    Hint{""sv, "--rule"sv, Values::rule_setting, ""sv},
    Hint{""sv, "--type"sv, Values::words, ""sv, resource_kinds},
    Hint{""sv, "--schema"sv, Values::file, "FILE"sv},
    Hint{""sv, "--schema-dir"sv, Values::directory, "DIR"sv},
    Hint{""sv, "--stdin-filename"sv, Values::file, ""sv},
    Hint{""sv, "--jobs"sv, Values::none, "N"sv},
    Hint{"schema"sv, "name"sv, Values::schema, ""sv},
    Hint{"explain"sv, "rule"sv, Values::rule, ""sv},
};

struct Option {
  std::vector<std::string> flags;  // "-f", "--format": short names, then long ones
  std::string positional;          // a positional's name; "" for an option
  std::string description;
  std::string value_name;  // "" for a flag
  bool required = false;
  bool many = false;  // takes any number of values: a repeatable option, a list of positionals
  bool help = false;  // the verb's own -h, --help
  Values values = Values::none;
  std::vector<std::string> words;  // Values::words
};

struct Verb {
  std::string name;
  std::string description;
  std::string footer;  // "" when it is the app's, inherited
  std::vector<Option> options;
  std::vector<Option> positionals;
};

struct Rule {
  std::string id;
  std::string severity;
  std::string summary;
};

struct Model {
  std::string name;
  std::string summary;  // the app's description, without "name: "
  std::string version;
  std::vector<Option> options;  // the app's own
  std::vector<Verb> verbs;
  std::vector<Rule> rules;
  std::vector<std::string> schemas;
};

const Hint* find_hint(std::string_view verb, const Option& option) {
  for (const auto& hint : hints) {
    if (!hint.verb.empty() && hint.verb != verb) continue;
    if (option.positional.empty() ? std::find(option.flags.begin(), option.flags.end(), hint.name) != option.flags.end()
                                  : option.positional == hint.name) {
      return &hint;
    }
  }
  return nullptr;
}

// The values a CLI::IsMember validator allows: CLI11 2.1 gives them back only
// in its description, "{text,json,sarif,github}".
std::vector<std::string> member_values(const std::string& description) {
  std::vector<std::string> values;
  if (description.size() < 2 || description.front() != '{' || description.back() != '}') return values;
  std::string word;
  for (std::size_t i = 1; i + 1 < description.size(); ++i) {
    if (description[i] == ',') {
      values.push_back(word);
      word.clear();
    } else {
      word += description[i];
    }
  }
  values.push_back(word);
  return values;
}

Option read_option(CLI::Option& opt, std::string_view verb, const CLI::App& app) {
  Option option;
  if (opt.nonpositional()) {
    for (const auto& name : opt.get_snames()) option.flags.push_back("-" + name);
    for (const auto& name : opt.get_lnames()) option.flags.push_back("--" + name);
  } else {
    option.positional = opt.get_name(true);
  }
  option.description = opt.get_description();
  option.required = opt.get_required();
  option.help = &opt == app.get_help_ptr();
  const bool takes_value = opt.get_items_expected_max() > 0 || !opt.nonpositional();
  option.many = takes_value && opt.get_items_expected_max() > 1;
  if (takes_value) {
    // The type name is CLI11's name for the value then ":" and each
    // validator's description.
    std::string value_name = opt.get_type_name();
    for (int i = 0;; ++i) {
      const CLI::Validator* validator = nullptr;
      try {
        validator = opt.get_validator(i);
      } catch (const CLI::OptionNotFound&) {
        break;
      }
      const auto description = validator->get_description();
      if (description.empty()) continue;
      const auto at = value_name.rfind(":" + description);
      if (at != std::string::npos) value_name.erase(at, description.size() + 1);
      if (auto values = member_values(description); !values.empty()) {
        option.values = Values::words;
        option.words = std::move(values);
      }
    }
    option.value_name = value_name;
    if (option.values == Values::none) {
      if (value_name == "DIR") option.values = Values::directory;
      if (value_name == "PATH" || value_name == "FILE" || !option.positional.empty()) option.values = Values::file;
    }
  }
  // The app's own list of values wins over a hint's.
  if (const auto* hint = find_hint(verb, option); hint != nullptr && option.words.empty()) {
    option.values = hint->values;
    if (hint->words != nullptr) option.words = hint->words();
    if (!hint->value_name.empty() && option.positional.empty()) option.value_name = hint->value_name;
  }
  // An option's value, as the man page names it: its words
  // ("text|json|sarif|github"), RULE=off|warning|error.
  if (option.positional.empty() && option.values == Values::words) {
    option.value_name.clear();
    for (const auto& word : option.words) option.value_name += (option.value_name.empty() ? "" : "|") + word;
  }
  if (option.positional.empty() && option.values == Values::rule_setting) {
    option.value_name = "RULE=";
    for (std::size_t i = 0; i < rule_settings.size(); ++i) {
      option.value_name += std::string(i > 0 ? "|" : "") + std::string(rule_settings[i]);
    }
  }
  return option;
}

// The options of `app`, in the order --help shows them; those of its option
// groups (nameless subcommands) too. Hidden ones (group "") are left out.
void read_options(CLI::App& app, std::string_view verb, std::vector<Option>& options,
                  std::vector<Option>& positionals) {
  for (auto* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;
    auto option = read_option(*opt, verb, app);
    (option.positional.empty() ? options : positionals).push_back(std::move(option));
  }
  for (auto* group : app.get_subcommands([](const CLI::App* sub) { return sub->get_name().empty(); })) {
    read_options(*group, verb, options, positionals);
  }
}

Model read_model(CLI::App& app) {
  Model model;
  model.name = app.get_name();
  model.summary = app.get_description();
  if (model.summary.starts_with(model.name + ": ")) model.summary.erase(0, model.name.size() + 2);
  model.version = CKIMPORT_VERSION;
  std::vector<Option> ignored;
  read_options(app, "", model.options, ignored);
  const auto visible = [](const CLI::App* sub) {
    return !sub->get_name().empty() && !sub->get_group().empty() && !sub->get_disabled();
  };
  for (auto* sub : app.get_subcommands(visible)) {
    Verb verb;
    verb.name = sub->get_name();
    verb.description = sub->get_description();
    if (sub->get_footer() != app.get_footer()) verb.footer = sub->get_footer();
    read_options(*sub, verb.name, verb.options, verb.positionals);
    model.verbs.push_back(std::move(verb));
  }
  for (const auto& rule : diag::all_rules()) {
    model.rules.push_back({std::string(rule.id), diag::to_string(rule.default_severity), std::string(rule.summary)});
  }
  for (const auto name : schema::embedded_schemas_names()) model.schemas.emplace_back(name);
  return model;
}

// ---------------------------------------------------------------------------
// The man page, ckimport(1), in man(7) macros.

// `text` for a roff text line or macro argument: backslashes escaped,
// hyphens that start a word (options: "--strict") and hyphens inside a
// `quoted` span (commands) as \-, the span in bold, other code points beyond
// ASCII as \[uXXXX], and a guard before a leading control character.
std::string roff(std::string_view text) {
  std::string out;
  bool code = false;
  bool option_word = false;
  char previous = ' ';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == '\t') {
      out += ' ';
      option_word = false;
      previous = ' ';
      continue;
    }
    if (c == ' ') option_word = false;
    if (c == '`') {
      out += code ? "\\fR" : "\\fB";
      code = !code;
    } else if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      if (previous == ' ' || previous == '(' || previous == '`' || previous == '[' || previous == '"') {
        option_word = true;
      }
      out += (code || option_word) ? "\\-" : "-";
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // A UTF-8 sequence, decoded; a byte that starts none is U+FFFD.
      std::uint32_t cp = 0xFFFD;
      const std::size_t length = c >= 0xF0 ? std::size_t{4} : c >= 0xE0 ? std::size_t{3} : c >= 0xC0 ? std::size_t{2} : std::size_t{1};
      if (length > 1 && i + length <= text.size()) {
        cp = c & (0xFFU >> (length + 1));
        for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3FU);
        i += length - 1;
      }
      char hex[16];
      std::snprintf(hex, sizeof hex, "\\[u%04X]", cp);
      out += hex;
    }
    previous = static_cast<char>(c);
  }
  if (code) out += "\\fR";
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

// Roff text `text` (one line) cut at spaces into lines of at most 78 bytes
// (mandoc -T lint's style), none starting with a control character.
std::string wrap(std::string_view text) {
  constexpr std::size_t width = 78;
  std::string out;
  std::size_t line_start = 0;
  std::size_t begin = 0;
  while (begin < text.size()) {
    auto end = text.find(' ', begin);
    if (end == std::string_view::npos) end = text.size();
    const auto word = text.substr(begin, end - begin);
    if (!word.empty()) {
      if (out.size() > line_start && out.size() - line_start + 1 + word.size() > width) {
        out += '\n';
        line_start = out.size();
      } else if (out.size() > line_start) {
        out += ' ';
      }
      if (out.size() == line_start && (word.front() == '.' || word.front() == '\'')) out += "\\&";
      out += word;
    }
    begin = end + 1;
  }
  return out;
}

// A name the user types (a verb, an option, a rule id): every hyphen \-.
std::string literal(std::string_view name) {
  std::string out;
  for (const char c : name) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

std::string bold(std::string_view name) { return "\\fB" + literal(name) + "\\fR"; }
std::string italic(std::string_view name) { return "\\fI" + literal(name) + "\\fR"; }

// A sentence from the app's text, as roff lines: a final period added.
std::string sentence(std::string_view text) {
  std::string out = roff(text);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.back() != '.' && out.back() != '!' && out.back() != '?') out += '.';
  return wrap(out);
}

std::string join_words(const std::vector<std::string>& words, std::string_view style) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? (words.size() > 2 ? ", and " : " and ") : ", ";
    out += style == "bold" ? bold(words[i]) : italic(words[i]);
  }
  return out;
}

std::string option_tag(const Option& option) {
  std::string tag;
  for (const auto& flag : option.flags) tag += (tag.empty() ? "" : ", ") + bold(flag);
  if (!option.value_name.empty()) tag += " " + italic(option.value_name);
  return tag;
}

std::string positional_usage(const Option& positional) {
  std::string usage = italic(positional.positional);
  if (positional.many) usage += "\\&...";
  return positional.required ? usage : "[" + usage + "]";
}

std::string verb_usage(const Model& model, const Verb& verb) {
  std::string usage = "\\fB" + literal(model.name) + " " + literal(verb.name) + "\\fR";
  for (const auto& option : verb.options) {
    if (option.required) usage += " " + bold(option.flags.back()) + (option.value_name.empty() ? "" : " " + italic(option.value_name));
  }
  bool optional = false;
  for (const auto& option : verb.options) optional = optional || (!option.required && !option.help);
  if (optional) usage += " [\\fIoptions\\fR]";
  for (const auto& positional : verb.positionals) usage += " " + positional_usage(positional);
  return usage;
}

std::string man_date() {
  std::time_t when = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    char* end = nullptr;
    const long long seconds = std::strtoll(epoch, &end, 10);
    if (end != nullptr && *end == '\0' && seconds >= 0) when = static_cast<std::time_t>(seconds);
  }
  std::tm utc{};
  gmtime_r(&when, &utc);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d", &utc);
  return date;
}

void man_option(std::ostream& out, const Option& option) {
  out << ".TP\n" << option_tag(option) << '\n' << sentence(option.description);
  if (option.required) out << " Required.";
  out << '\n';
}

void man_page(const Model& model, std::ostream& out) {
  const std::string name = literal(model.name);
  std::string upper;
  for (const char c : model.name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out << ".\\\" Generated by `" << model.name << " --generate man` from its command line, rule\n"
      << ".\\\" catalogue and built-in schemas. Do not edit.\n"
      << ".TH " << literal(upper) << " 1 " << man_date() << " \"" << name << ' ' << model.version
      << "\" \"User Commands\"\n"
      // No hyphenation (options, rule ids and paths must read as typed), ragged right.
      << ".nh\n.ad l\n";

  out << ".SH NAME\n" << name << " \\- " << roff(model.summary) << '\n';

  out << ".SH SYNOPSIS\n";
  for (const auto& verb : model.verbs) out << verb_usage(model, verb) << "\n.br\n";
  out << "\\fB" << name << "\\fR";
  for (const auto& option : model.options) out << " [" << bold(option.flags.back()) << ']';
  out << '\n';

  out << ".SH DESCRIPTION\n"
         "\\fB" << name << "\\fR checks the files that ChatKitty's Platform API imports in bulk\n"
         "(JSON arrays of users, channels, channel members and messages) before they\n"
         "are uploaded, offline: each file against a JSON Schema for its resource type,\n"
         "and the references across files of a bundle: members and senders must be\n"
         "users, messages must name known channels, no username, channel name or\n"
         "idempotency key twice, and the rules of direct channels.\n"
         "Each problem is reported once, at its line and column, with a message that\n"
         "says what is wrong and how to fix it.\n"
         ".PP\n"
         "Files are read one array element at a time, so a message history of\n"
         "gigabytes is checked in flat memory.\n"
         "Lines and columns are 1-based; columns count Unicode code points.\n";

  out << ".SH COMMANDS\n";
  for (const auto& verb : model.verbs) {
    out << ".TP\n\\fB" << literal(verb.name) << "\\fR";
    for (const auto& positional : verb.positionals) out << ' ' << positional_usage(positional);
    out << '\n' << sentence(verb.description) << '\n';
    if (!verb.footer.empty()) out << ".IP\n" << sentence(verb.footer) << '\n';
    for (const auto& positional : verb.positionals) {
      std::string text = italic(positional.positional) + ": " + roff(positional.description);
      if (!text.ends_with('.')) text += '.';
      if (positional.values == Values::schema) {
        text += " The built-in schemas: " + join_words(model.schemas, "bold") + '.';
      } else if (positional.values == Values::rule) {
        text += " The rules are listed under RULES below.";
      }
      out << ".IP\n" << wrap(text) << '\n';
    }
  }

  out << ".SH OPTIONS\n";
  for (const auto& option : model.options) man_option(out, option);
  out << ".PP\n"
      << wrap("Every command takes " + bold("-h") + ", " + bold("--help") +
              " too: it prints the command's options and exits.")
      << '\n';
  // Options several verbs share (the same names, value and description)
  // are listed once, under all their verbs.
  struct Group {
    std::vector<std::size_t> verbs;
    std::vector<const Option*> options;
  };
  std::vector<Group> groups;
  std::map<std::string, std::vector<std::size_t>> verbs_of;
  const auto key = [](const Option& option) {
    std::string k;
    for (const auto& flag : option.flags) k += flag + ',';
    return k + '\n' + option.value_name + '\n' + option.description;
  };
  for (std::size_t v = 0; v < model.verbs.size(); ++v) {
    for (const auto& option : model.verbs[v].options) {
      if (!option.help) verbs_of[key(option)].push_back(v);
    }
  }
  for (std::size_t v = 0; v < model.verbs.size(); ++v) {
    for (const auto& option : model.verbs[v].options) {
      if (option.help) continue;
      const auto& verbs = verbs_of[key(option)];
      if (verbs.front() != v) continue;  // listed with its first verb
      auto group = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.verbs == verbs; });
      if (group == groups.end()) group = groups.insert(groups.end(), Group{verbs, {}});
      group->options.push_back(&option);
    }
  }
  // Each verb's own options, then those it shares, after the last verb that shares them.
  std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    if (a.verbs.back() != b.verbs.back()) return a.verbs.back() < b.verbs.back();
    return a.verbs.size() < b.verbs.size();
  });
  for (const auto& group : groups) {
    std::vector<std::string> names;
    for (const auto v : group.verbs) names.push_back(model.verbs[v].name);
    std::string title;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i > 0) title += i + 1 == names.size() ? " and " : ", ";
      title += literal(names[i]);
    }
    out << ".SS \"" << model.name << ' ' << title << "\"\n";
    for (const auto* option : group.options) man_option(out, *option);
  }

  out << ".SH RULES\n"
      << "Each rule has a default severity: " << bold("error") << ", " << bold("warning") << " or "
      << bold("note") << ".\n"
      << wrap("\\fB" + name + " rules\\fR lists them, and \\fB" + name +
              " explain\\fR \\fIrule\\fR explains one, with a bad and a good example.")
      << '\n'
      << "\\fB\\-\\-rule\\fR \\fIrule\\fR\\fB=\\fR\\fIsetting\\fR and the \\fBrules\\fR of\n"
      << "\\fBckimport.json\\fR set a rule's severity, or turn it off.\n";
  for (const auto& rule : model.rules) {
    out << ".TP\n" << bold(rule.id) << " (" << rule.severity << ")\n" << wrap(roff(rule.summary)) << '\n';
  }

  out << R"(.SH "EXIT STATUS"
.TP
.B 0
No errors.
Warnings and notes alone pass, unless \fB\-\-strict\fR is given, or there are
more warnings than \fB\-\-max\-warnings\fR allows.
.TP
.B 1
Errors were found in the checked files (or warnings, with \fB\-\-strict\fR or
above \fB\-\-max\-warnings\fR), whether or not they were shown.
The report is written as with status 0, in every format.
.TP
.B 2
The run itself failed: bad usage, a path that is missing or cannot be read,
a directory, FIFO or device where a file was needed (a stream is read from
standard input, the path \fB\-\fR), a broken \fB\-\-schema\-dir\fR or schema.
One line on standard error says why.
Standard output is not a complete report: a run that fails before any
diagnostic leaves it empty.
.SH "THE BUNDLE"
A folder is checked as one import, laid out by convention:
.PP
.RS 4
.nf
export/
  users*.json               users
  channels*.json            channels
  members/<channelId>.json  channel members
  messages*.json            messages
  existing/channels*.json   channels already on the platform
  existing/users*.json      users already on the platform
  ckimport.json             optional: overrides all of the above
.fi
.RE
.PP
Files are read in dependency order (users, channels, members, messages).
A reference check whose other side is missing (no users file and no user
snapshot, say), or known only in part, is not applied, and a note says so.
Files that match no kind are listed once, in a note.
.PP
A file named on the command line is checked with the rest of its bundle as
context (the nearest folder above it with a \fBckimport.json\fR, else its own
folder); only its own problems are reported.
This is what a \%pre-commit hook passes: the changed files.
.SH FILES
.TP
.B ckimport.json
At a bundle's root: which files are users, channels, members and messages
(globs relative to the root), the platform snapshots, and rule severities.
It is validated against the \fBckimport\-config\fR schema
(\fBckimport schema ckimport\-config\fR); the bundle is not checked until
its mistakes are fixed.
.TP
.B existing/
Snapshots of what is already on the platform, whose IDs the import files
refer to: \fBexisting/channels*.json\fR is what \fBGET\ /v1/channels\fR
returned (one page, or an array of pages), or a map such as
\fB{"general":\ 1001}\fR; \fBexisting/users*.json\fR is what
\fBGET\ /v1/users\fR returned, or an array of usernames.
.SH ENVIRONMENT
.TP
.B NO_COLOR
When set and not empty, \fB\-\-color auto\fR (the default) does not colour
the text output.
An explicit \fB\-\-color always\fR still does.
.TP
.B TMPDIR
Where temporary files go when a check's bookkeeping outgrows memory (the
idempotency keys of a very large messages file); \fB/tmp\fR when unset or
empty.
They are removed when the run ends.
.TP
.B GITHUB_STEP_SUMMARY
With \fB\-\-format github\fR, a Markdown report is appended to the file it
names: the counts, the table by rule and the first occurrence of each kind of
problem.
A file that cannot be written fails the run (exit status 2).
.SH EXAMPLES
Check a whole bundle folder:
.PP
.RS 4
.nf
ckimport check export/
.fi
.RE
.PP
Check each bundle of a folder of bundle folders (imports/slack\-export/,
imports/legacy/), each with its own context:
.PP
.RS 4
.nf
ckimport check imports/
.fi
.RE
.PP
Check one file, with the rest of its bundle as context, and a file whose
name does not say what it holds:
.PP
.RS 4
.nf
ckimport check export/messages.json
ckimport check \-\-type users people.json
.fi
.RE
.PP
A report for tools, and annotations or code scanning in GitHub Actions:
.PP
.RS 4
.nf
ckimport check \-\-format json export/ > report.json
ckimport check \-\-format github imports/
ckimport check \-\-format sarif imports/ > ckimport.sarif
.fi
.RE
.PP
Turn a rule off, or make another fail the check:
.PP
.RS 4
.nf
ckimport check \-\-rule sender\-not\-member=off \e
    \-\-rule duplicate\-member=error export/
.fi
.RE
.PP
Check an editor's unsaved buffer as if it were the file it will be saved to:
.PP
.RS 4
.nf
ckimport check \-\-format json \e
    \-\-stdin\-filename export/users.json \- < buffer
.fi
.RE
.PP
The rules, one explained, a built-in schema, and any JSON against any
draft-7 schema:
.PP
.RS 4
.nf
ckimport rules
ckimport explain duplicate\-idempotency\-key
ckimport schema message\-text
ckimport validate \-\-schema my.schema.json data.json
.fi
.RE
.SH "SEE ALSO"
.BR jq (1)
for the JSON output.
.PP
The README, in \fB/usr/share/doc/ckimport/\fR when installed from the Debian
package, and at \fBhttps://github.com/ckimport/ckimport\fR: \%pre-commit hooks,
CI and editor set-ups, the output formats, and how it works.
)";
}

// ---------------------------------------------------------------------------
// Completion scripts.

// `word` as one word of a POSIX shell (bash, zsh): single-quoted unless
// plain.
std::string sh_quote(std::string_view word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '/' || c == ',' || c == '+' || c == '%' || c == '@';
  });
  if (plain) return std::string(word);
  std::string out = "'";
  for (const char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string sh_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : " ") + sh_quote(word);
  return out;
}

std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) out += (c == '\n' || c == '\t') ? ' ' : c;
  return out;
}

std::vector<std::string> verb_names(const Model& model) {
  std::vector<std::string> names;
  for (const auto& verb : model.verbs) names.push_back(verb.name);
  return names;
}

std::vector<std::string> rule_ids(const Model& model) {
  std::vector<std::string> ids;
  for (const auto& rule : model.rules) ids.push_back(rule.id);
  return ids;
}

std::vector<std::string> all_flags(const std::vector<Option>& options) {
  std::vector<std::string> flags;
  for (const auto& option : options) {
    for (auto it = option.flags.rbegin(); it != option.flags.rend(); ++it) flags.push_back(*it);
  }
  return flags;
}

std::string case_pattern(const std::vector<std::string>& flags) {
  std::string out;
  for (const auto& flag : flags) out += (out.empty() ? "" : "|") + sh_quote(flag);
  return out;
}

// The bash command that completes a value of kind `values` (the current
// word's value part in $cur, what bash does not replace in $keep).
std::string bash_value(const Option& option) {
  switch (option.values) {
    case Values::words: return "_ckimport_reply \"$keep\" \"$cur\" " + sh_words(option.words);
    case Values::rule_setting: return "_ckimport_rule_setting \"$keep\" \"$cur\"";
    case Values::rule: return "_ckimport_reply \"$keep\" \"$cur\" \"${_ckimport_rules[@]}\"";
    case Values::schema: return "_ckimport_reply \"$keep\" \"$cur\" \"${_ckimport_schemas[@]}\"";
    case Values::file: return "_ckimport_files \"$keep\" \"$cur\" file";
    case Values::directory: return "_ckimport_files \"$keep\" \"$cur\" directory";
    case Values::none: break;
  }
  return "COMPREPLY=()";
}

void bash_script(const Model& model, std::ostream& out) {
  out << "# bash completion for " << model.name << "                          -*- shell-script -*-\n"
      << "# Generated by `" << model.name << " --generate complete-bash` from its command line,\n"
      << "# rule catalogue and built-in schemas. Do not edit.\n\n";
  out << "_ckimport_rules=(" << sh_words(rule_ids(model)) << ")\n";
  out << "_ckimport_schemas=(" << sh_words(model.schemas) << ")\n";
  out << "_ckimport_rule_settings=(";
  for (std::size_t i = 0; i < rule_settings.size(); ++i) out << (i ? " " : "") << rule_settings[i];
  out << ")\n\n";
  out << R"(# _ckimport_reply KEEP CUR WORD...: the WORDs that start with CUR, each after
# KEEP (what the typed word has before CUR: "--format=", "unknown-field="),
# unless bash has split the word at "=" already (COMP_WORDBREAKS).
_ckimport_reply() {
  local keep=$1 cur=$2 word
  shift 2
  [[ $COMP_WORDBREAKS == *=* ]] && keep=
  COMPREPLY=()
  for word; do
    [[ $word == "$cur"* ]] && COMPREPLY+=("$keep$word")
  done
}

# _ckimport_files KEEP CUR file|directory: files (and folders), or folders.
_ckimport_files() {
  local keep=$1 cur=$2 path
  [[ $COMP_WORDBREAKS == *=* ]] && keep=
  compopt -o filenames 2>/dev/null
  COMPREPLY=()
  while IFS= read -r path; do
    COMPREPLY+=("$keep$path")
  done < <(compgen -A "$3" -- "$cur")
}

# _ckimport_rule_setting KEEP CUR: RULE=, then off, warning or error.
_ckimport_rule_setting() {
  local keep=$1 cur=$2
  if [[ $cur == *=* ]]; then
    _ckimport_reply "$keep${cur%%=*}=" "${cur#*=}" "${_ckimport_rule_settings[@]}"
  else
    _ckimport_reply "$keep" "$cur" "${_ckimport_rules[@]/%/=}"
    compopt -o nospace 2>/dev/null
  fi
  return 0
}

)";
  // Which options take a value, to skip their values when counting
  // positionals, and to know that the word after one is its value.
  out << "# _ckimport_takes_value VERB OPTION: whether OPTION of VERB takes a value.\n"
      << "_ckimport_takes_value() {\n  case $1 in\n";
  for (const auto& verb : model.verbs) {
    std::vector<std::string> flags;
    for (const auto& option : verb.options) {
      if (!option.value_name.empty()) flags.insert(flags.end(), option.flags.begin(), option.flags.end());
    }
    if (flags.empty()) continue;
    out << "    " << sh_quote(verb.name) << ") case $2 in " << case_pattern(flags) << ") return 0 ;; esac ;;\n";
  }
  out << "  esac\n  return 1\n}\n\n";

  out << R"(_ckimport() {
  # The words up to the cursor as typed: bash splits RULE=off and
  # --format=json at "=" (COMP_WORDBREAKS); join them again.
  local -a words=()
  local i word
  for ((i = 0; i <= COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if ((i > 1)) && [[ $word == "=" || ${COMP_WORDS[i-1]} == "=" ]]; then
      words[${#words[@]}-1]+=$word
    else
      words+=("$word")
    fi
  done
  local cword=$((${#words[@]} - 1))
  local cur=${words[cword]} prev=${words[cword-1]}
  # The verb, the first word that is not an option, and how many positional
  # arguments come after it before the cursor.
  local verb='' count=0
  for ((i = 1; i < cword; i++)); do
    word=${words[i]}
    if [[ -z $verb ]]; then
      [[ $word != -?* ]] && verb=$word
    elif [[ $word == -?* ]]; then
      [[ $word != *=* ]] && _ckimport_takes_value "$verb" "$word" && i=$((i + 1))
    else
      count=$((count + 1))
    fi
  done
)";
  out << "  if [[ -z $verb ]]; then\n"
      << "    if [[ $cur == -* ]]; then\n"
      << "      _ckimport_reply '' \"$cur\" " << sh_words(all_flags(model.options)) << "\n"
      << "    else\n"
      << "      _ckimport_reply '' \"$cur\" " << sh_words(verb_names(model)) << "\n"
      << "    fi\n"
      << "    return 0\n"
      << "  fi\n";
  out << R"(  # An option's value: --option VALUE, or --option=VALUE.
  local option='' keep=''
  if [[ $cur == -?*=* ]]; then
    option=${cur%%=*}
    keep=$option=
    cur=${cur#*=}
  elif [[ $prev == -?* && $prev != *=* ]] && _ckimport_takes_value "$verb" "$prev"; then
    option=$prev
  fi
  case $verb in
)";
  for (const auto& verb : model.verbs) {
    out << "    " << sh_quote(verb.name) << ")\n      case $option in\n";
    for (const auto& option : verb.options) {
      if (option.value_name.empty()) continue;
      out << "        " << case_pattern(option.flags) << ") " << bash_value(option) << " ;;\n";
    }
    out << "        '')\n"
        << "          if [[ $cur == -* ]]; then\n"
        << "            _ckimport_reply '' \"$cur\" " << sh_words(all_flags(verb.options)) << "\n"
        << "          else\n";
    if (verb.positionals.empty()) {
      out << "            COMPREPLY=()\n";
    } else {
      out << "            case $count in\n";
      bool rest = false;
      for (std::size_t i = 0; i < verb.positionals.size() && !rest; ++i) {
        const auto& positional = verb.positionals[i];
        rest = positional.many;
        out << "              " << (rest ? "*" : std::to_string(i)) << ") " << bash_value(positional) << " ;;\n";
      }
      if (!rest) out << "              *) COMPREPLY=() ;;\n";
      out << "            esac\n";
    }
    out << "          fi\n"
        << "          ;;\n"
        << "        *) COMPREPLY=() ;;\n"
        << "      esac\n"
        << "      ;;\n";
  }
  out << "    *) COMPREPLY=() ;;\n  esac\n  return 0\n}\n\n"
      << "complete -F _ckimport " << model.name << '\n';
}

// zsh: an _arguments spec's [explanation] text.
std::string zsh_explanation(std::string_view text) {
  std::string out;
  for (const char c : one_line(text)) {
    if (c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// zsh: a single-quoted word.
std::string zsh_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// zsh: a _describe item, NAME:DESCRIPTION, the colons of NAME escaped.
std::string zsh_item(std::string_view name, std::string_view description) {
  std::string item;
  for (const char c : name) {
    if (c == ':') item += '\\';
    item += c;
  }
  return zsh_quote(item + ":" + one_line(description));
}

std::string zsh_action(const Option& option) {
  switch (option.values) {
    case Values::words: {
      std::string words;
      for (const auto& word : option.words) words += (words.empty() ? "" : " ") + word;
      return "(" + words + ")";
    }
    case Values::rule_setting: return "_ckimport_rule_settings";
    case Values::rule: return "_ckimport_rules";
    case Values::schema: return "_ckimport_schemas";
    case Values::file: return "_files";
    case Values::directory: return "_files -/";
    case Values::none: break;
  }
  return " ";
}

// zsh: a value's message, from the option's name ("--schema-dir": "schema dir").
std::string zsh_message(std::string_view name) {
  while (name.starts_with('-')) name.remove_prefix(1);
  std::string out;
  for (const char c : name) {
    if (c == ':') out += '\\';
    out += c == '-' ? ' ' : c;
  }
  return out;
}

// One _arguments spec for `option`, as a word of zsh code.
std::string zsh_option(const Option& option) {
  const bool value = !option.value_name.empty();
  std::string names;
  std::string exclusion;
  for (const auto& flag : option.flags) {
    const std::string suffix = !value ? "" : flag.starts_with("--") ? "=" : "+";
    names += (names.empty() ? "" : ",") + flag + suffix;
    exclusion += (exclusion.empty() ? "" : " ") + flag;
  }
  std::string spec;
  if (option.help) {
    spec = "'(- : *)'";
  } else if (option.many) {
    spec = "'*'";
  } else if (option.flags.size() > 1) {
    spec = "'(" + exclusion + ")'";
  }
  const std::string rest = "[" + zsh_explanation(option.description) + "]" +
                           (value ? ":" + zsh_message(option.flags.back()) + ":" + zsh_action(option) : "");
  if (option.flags.size() > 1) return spec + "{" + names + "}" + zsh_quote(rest);
  if (spec.size() > 2) spec = spec.substr(1, spec.size() - 2);  // unquoted, to quote it with the rest
  return zsh_quote(spec + names + rest);
}

void zsh_script(const Model& model, std::ostream& out) {
  out << "#compdef " << model.name << "\n"
      << "# zsh completion for " << model.name << ", generated by `" << model.name
      << " --generate complete-zsh` from its\n"
      << "# command line, rule catalogue and built-in schemas. Do not edit.\n\n";
  out << "_ckimport_rules() {\n  local -a rules\n  rules=(\n";
  for (const auto& rule : model.rules) out << "    " << zsh_item(rule.id, rule.summary) << '\n';
  out << "  )\n  _describe -t rules 'rule' rules \"$@\"\n}\n\n";
  out << "_ckimport_rule_settings() {\n"
      << "  if compset -P '*='; then\n"
      << "    local -a settings\n    settings=(";
  for (std::size_t i = 0; i < rule_settings.size(); ++i) out << (i ? " " : "") << rule_settings[i];
  out << ")\n"
      << "    _describe -t settings 'severity' settings\n"
      << "  else\n"
      << "    _ckimport_rules -S '='\n"
      << "  fi\n}\n\n";
  out << "_ckimport_schemas() {\n  local -a schemas\n  schemas=(" << sh_words(model.schemas)
      << ")\n  _describe -t schemas 'schema' schemas\n}\n\n";
  out << "_ckimport_commands() {\n  local -a commands\n  commands=(\n";
  for (const auto& verb : model.verbs) out << "    " << zsh_item(verb.name, verb.description) << '\n';
  out << "  )\n  _describe -t commands '" << model.name << " command' commands\n}\n\n";

  out << "_ckimport() {\n"
      << "  local curcontext=$curcontext state line ret=1\n"
      << "  typeset -A opt_args\n"
      << "  _arguments -C \\\n";
  for (const auto& option : model.options) out << "    " << zsh_option(option) << " \\\n";
  out << "    ': :_ckimport_commands' \\\n"
      << "    '*:: :->command' && ret=0\n"
      << "  case $state in\n"
      << "    command)\n"
      << "      curcontext=${curcontext%:*:*}:" << model.name << "-$words[1]:\n"
      << "      case $words[1] in\n";
  for (const auto& verb : model.verbs) {
    out << "        (" << sh_quote(verb.name) << ")\n          _arguments -s -S \\\n";
    for (const auto& option : verb.options) out << "            " << zsh_option(option) << " \\\n";
    for (const auto& positional : verb.positionals) {
      out << "            " << zsh_quote(std::string(positional.many ? "*" : "") + ":" +
                                         zsh_message(positional.positional) + ":" + zsh_action(positional))
          << " \\\n";
    }
    out << "            && ret=0\n          ;;\n";
  }
  out << "      esac\n      ;;\n  esac\n  return ret\n}\n\n"
      << "if [[ $funcstack[1] == _ckimport ]]; then\n"
      << "  _ckimport \"$@\"\nelse\n  compdef _ckimport " << model.name << "\nfi\n";
}

// fish: a single-quoted string.
std::string fish_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : one_line(text)) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string fish_values(const Option& option) {
  switch (option.values) {
    case Values::words: {
      std::string words;
      for (const auto& word : option.words) words += (words.empty() ? "" : " ") + word;
      return " -x -a " + fish_quote(words);
    }
    case Values::rule_setting: return " -x -a '(__ckimport_rule_settings)'";
    case Values::rule: return " -x -a '(__ckimport_rules)'";
    case Values::schema: return " -x -a '(__ckimport_schemas)'";
    case Values::file: return " -r -F";
    case Values::directory: return " -x -a '(__fish_complete_directories)'";
    case Values::none: break;
  }
  return option.value_name.empty() ? "" : " -x";
}

void fish_option(std::ostream& out, const std::string& condition, const Option& option) {
  out << "complete -c ckimport -n " << condition;
  for (const auto& flag : option.flags) {
    out << (flag.starts_with("--") ? " -l " : " -s ") << fish_quote(flag.substr(flag.starts_with("--") ? 2 : 1));
  }
  out << fish_values(option) << " -d " << fish_quote(option.description) << '\n';
}

void fish_script(const Model& model, std::ostream& out) {
  out << "# fish completion for " << model.name << ", generated by `" << model.name
      << " --generate complete-fish` from its\n"
      << "# command line, rule catalogue and built-in schemas. Do not edit.\n\n";
  out << R"(# The verb of the command line: its first word after ckimport that is not an
# option.
function __ckimport_verb
    for word in (commandline -opc)[2..-1]
        if not string match -q -- '-?*' $word
            echo $word
            return 0
        end
    end
    return 1
end

function __ckimport_using
    set -l verb (__ckimport_verb)
    and test "$verb" = $argv[1]
end

function __ckimport_no_verb
    not __ckimport_verb >/dev/null
end

# How many positional arguments the verb has before the word being completed
# (the values of options that take one not counted).
function __ckimport_positionals
    set -l words (commandline -opc)[2..-1]
    set -l count -1
    set -l skip 0
    for word in $words
        if test $skip = 1
            set skip 0
        else if string match -q -- '-?*' $word
            if not string match -q -- '*=*' $word; and contains -- $word $__ckimport_value_options
                set skip 1
            end
        else
            set count (math $count + 1)
        end
    end
    echo $count
end

)";
  // Options that take a value, as typed, for __ckimport_positionals.
  std::vector<std::string> value_flags;
  for (const auto& verb : model.verbs) {
    for (const auto& option : verb.options) {
      if (option.value_name.empty()) continue;
      for (const auto& flag : option.flags) {
        if (std::find(value_flags.begin(), value_flags.end(), flag) == value_flags.end()) value_flags.push_back(flag);
      }
    }
  }
  out << "set -g __ckimport_value_options";
  for (const auto& flag : value_flags) out << ' ' << fish_quote(flag);
  out << "\n\nfunction __ckimport_rules\n    printf '%s\\t%s\\n' \\\n";
  for (std::size_t i = 0; i < model.rules.size(); ++i) {
    out << "        " << fish_quote(model.rules[i].id) << ' ' << fish_quote(model.rules[i].summary)
        << (i + 1 < model.rules.size() ? " \\\n" : "\n");
  }
  out << "end\n\n";
  out << "function __ckimport_schemas\n    printf '%s\\n'";
  for (const auto& name : model.schemas) out << ' ' << fish_quote(name);
  out << "\nend\n\n";
  out << "# RULE=, then off, warning or error.\n"
      << "function __ckimport_rule_settings\n"
      << "    set -l token (commandline -ct)\n"
      << "    string match -q -- '--*=*' $token; and set token (string split -m 1 = -- $token)[2]\n"
      << "    if string match -q -- '*=*' $token\n"
      << "        set -l rule (string split -m 1 = -- $token)[1]\n"
      << "        for setting in";
  for (const auto setting : rule_settings) out << ' ' << setting;
  out << "\n            echo $rule=$setting\n        end\n"
      << "    else\n"
      << "        __ckimport_rules | string replace -r '^([^\\t]*)' '$1='\n"
      << "    end\nend\n\n";

  out << "complete -c " << model.name << " -f\n";
  for (const auto& option : model.options) fish_option(out, "__ckimport_no_verb", option);
  for (const auto& verb : model.verbs) {
    out << "complete -c " << model.name << " -n __ckimport_no_verb -a " << fish_quote(verb.name) << " -d "
        << fish_quote(verb.description) << '\n';
  }
  for (const auto& verb : model.verbs) {
    out << "\n# " << verb.name << '\n';
    const std::string using_verb = fish_quote("__ckimport_using " + verb.name);
    for (const auto& option : verb.options) fish_option(out, using_verb, option);
    for (std::size_t i = 0; i < verb.positionals.size(); ++i) {
      const auto& positional = verb.positionals[i];
      const std::string condition =
          positional.many ? using_verb
                          : fish_quote("__ckimport_using " + verb.name + "; and test (__ckimport_positionals) = " +
                                       std::to_string(i));
      std::string values = fish_values(positional);
      if (values.starts_with(" -x")) values.erase(0, 3);
      if (values.starts_with(" -r")) values.erase(0, 3);
      out << "complete -c " << model.name << " -n " << condition << values << '\n';
      if (positional.many) break;
    }
  }
}

}  // namespace

std::span<const std::string_view> generator_names() { return generators; }

std::span<const std::string_view> rule_setting_words() { return rule_settings; }

void generate(CLI::App& app, std::string_view what, std::ostream& out) {
  const auto model = read_model(app);
  if (what == "man") {
    man_page(model, out);
  } else if (what == "complete-bash") {
    bash_script(model, out);
  } else if (what == "complete-zsh") {
    zsh_script(model, out);
  } else if (what == "complete-fish") {
    fish_script(model, out);
  } else {
    throw std::invalid_argument("no generator named `" + std::string(what) + "`");
  }
}

void add_generate_option(CLI::App& app, std::ostream& out) {
  const std::vector<std::string> names(generators.begin(), generators.end());
  app.add_option_function<std::string>(
         "--generate",
         [&app, &out](const std::string& what) {
           generate(app, what, out);
           throw CLI::Success();
         },
         "Print the man page or a shell completion script: man, complete-bash, complete-zsh or complete-fish")
      ->check(CLI::IsMember(names))
      ->group("");
}

}  // namespace ckimport::cli
