#include "check/bundle_loader.hpp"
#include "json/dom.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "diag/rule_catalog.hpp"
#include "model/bundle.hpp"
#include "schema/value_validator.hpp"

namespace ckimport::check {
namespace {

using simdjson::dom::element;
using schema::Finding;

using json::member;

std::optional<std::vector<std::string>> string_list(element object, std::string_view key) {
  const auto list = member(object, key);
  if (!list || !list->is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (element item : json::as_array(*list)) {
    if (item.is_string()) out.emplace_back(item.get_string().value_unsafe());
  }
  return out;
}

std::optional<std::uint64_t> positive_id(element value) {
  if (value.is_uint64()) {
    const std::uint64_t id = value.get_uint64().value_unsafe();
    if (id > 0 && id <= static_cast<std::uint64_t>(INT64_MAX)) return id;
  }
  return std::nullopt;
}

Finding snapshot_problem(json::JsonPointer at, std::string message, std::string help) {
  Finding f;
  f.rule = diag::RuleId::snapshot_format;
  f.at = {std::move(at), json::TokenPart::value};
  f.message = std::move(message);
  f.help = std::move(help);
  return f;
}

// The pages of a GET /v1/channels or /v1/users response seen, as their
// `page` objects say ({"totalPages": 2, "number": 0}, number 0-based).
struct Pages {
  std::uint64_t total = 0;         // the largest totalPages any page gives
  std::vector<std::uint64_t> seen;  // numbers of the pages given, each once
  std::optional<json::JsonPointer> first;  // the first `page` object
  std::uint64_t first_number = 0;

  void add(element page, const json::JsonPointer& at) {
    const auto info = member(page, "page");
    if (!info) return;
    const auto total_pages = member(*info, "totalPages");
    const auto number = member(*info, "number");
    if (!total_pages || !total_pages->is_uint64() || !number || !number->is_uint64()) return;
    total = std::max(total, total_pages->get_uint64().value_unsafe());
    const std::uint64_t n = number->get_uint64().value_unsafe();
    if (std::find(seen.begin(), seen.end(), n) == seen.end()) seen.push_back(n);
    if (!first) {
      first = at.with_key("page");
      first_number = n;
    }
  }
  bool partial() const { return total > seen.size(); }
};

// Calls `each(entry, pointer)` for the entries of `_embedded.<collection>` of
// a page, or of each page of an array of pages, noting the pages in `pages`.
// False when `root` is neither.
template <typename Each>
bool for_each_page_entry(element root, std::string_view collection, Pages& pages, Each each) {
  const auto visit_page = [&](element page, const json::JsonPointer& at) {
    const auto embedded = member(page, "_embedded");
    if (!embedded) return false;
    pages.add(page, at);
    const auto entries = member(*embedded, collection);
    if (!entries || !entries->is_array()) return true;  // an empty page has no _embedded list
    std::uint64_t i = 0;
    for (element entry : json::as_array(*entries)) {
      each(entry, at.with_key("_embedded").with_key(collection).with_index(i++));
    }
    return true;
  };
  if (root.is_object()) return visit_page(root, {});
  if (!root.is_array()) return false;
  std::uint64_t i = 0;
  bool all_pages = true;
  for (element page : json::as_array(root)) {
    if (!page.is_object()) {
      all_pages = false;
      break;
    }
    all_pages = visit_page(page, json::JsonPointer{}.with_index(i++)) && all_pages;
  }
  return all_pages;
}

// A snapshot that is one page of several lists only part of the platform:
// said once, at its `page`, as a warning (the references it cannot judge are
// then not checked, and the run's notes say so).
void note_partial(const Pages& pages, std::string_view collection, std::vector<Finding>& findings) {
  if (!pages.partial() || !pages.first) return;
  Finding f;
  f.rule = diag::RuleId::snapshot_format;
  f.severity = diag::Severity::warning;
  f.at = {*pages.first, json::TokenPart::value};
  f.message = pages.seen.size() == 1
                  ? fmt::format("page {} of {}: the {} on the other pages are not known", pages.first_number + 1,
                                pages.total, collection)
                  : fmt::format("{} of {} pages: the {} on the other pages are not known", pages.seen.size(),
                                pages.total, collection);
  f.help = fmt::format("add the other pages of GET /v1/{} as an array of pages: [page 1, page 2, ...]", collection);
  findings.push_back(std::move(f));
}

std::string partial_reason(const std::string& path, const Pages& pages) {
  return pages.seen.size() == 1 ? fmt::format("{} holds page {} of {}", path, pages.first_number + 1, pages.total)
                                : fmt::format("{} holds {} of {} pages", path, pages.seen.size(), pages.total);
}

// A path of ckimport.json that names nothing the import can use, found after
// the file is read: each is a config-path finding at its entry.
struct ConfigEntry {
  json::JsonPointer at;
  std::string value;
  std::optional<std::uint64_t> channel_id;  // members entries
};

bool outside_bundle(std::string_view path) {
  if (path.starts_with('/')) return true;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    if (path.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

void check_config_entries(const std::string& root, const std::vector<ConfigEntry>& entries,
                          std::vector<Finding>& findings) {
  const auto finding = [&](const ConfigEntry& entry, diag::Severity severity, std::string message,
                           std::string help) -> Finding& {
    Finding f;
    f.rule = diag::RuleId::config_path;
    f.severity = severity;
    f.at = {entry.at, json::TokenPart::value};
    f.message = std::move(message);
    f.help = std::move(help);
    findings.push_back(std::move(f));
    return findings.back();
  };
  std::vector<std::string> patterns;
  for (const auto& entry : entries) patterns.push_back(entry.value);
  const auto matched = model::patterns_matched(root, patterns);
  const std::string shown_root = root == "." ? "the folder of ckimport.json" : root;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    const std::string shown = diag::shown(entry.value);
    if (outside_bundle(entry.value)) {
      finding(entry, diag::Severity::error,
              fmt::format("`{}` is outside the bundle: paths in ckimport.json are relative to its folder", shown),
              "move the file into the bundle folder and name it from there");
      continue;
    }
    if (entry.channel_id) {
      const auto first = std::find_if(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(i),
                                      [&](const ConfigEntry& e) { return e.channel_id && e.value == entry.value; });
      if (first != entries.begin() + static_cast<std::ptrdiff_t>(i) && first->channel_id != entry.channel_id) {
        auto& f = finding(entry, diag::Severity::error,
                          fmt::format("`{}` is listed for channel {} and again for channel {}", shown,
                                      *first->channel_id, *entry.channel_id),
                          "a members file adds members to one channel: list it once");
        f.related.push_back({{first->at, json::TokenPart::value}, "first listed here", std::nullopt});
        continue;
      }
    }
    if (matched[i]) continue;
    if (entry.value.find_first_of("*?[") != std::string::npos) {
      finding(entry, diag::Severity::warning, fmt::format("`{}` matches no file in the bundle", shown),
              fmt::format("check the pattern against the files under {}, or remove it", shown_root));
    } else {
      finding(entry, diag::Severity::error, fmt::format("`{}` does not exist in the bundle", shown),
              fmt::format("create it or correct the path (relative to {})", shown_root));
    }
  }
}

std::string folder_of(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

}  // namespace

std::optional<model::BundleConfig> load_bundle_config(const std::string& path, source::ByteSource& input,
                                                      DocumentChecker& checker, diag::DiagnosticSink& sink) {
  model::BundleConfig config;
  const auto& schema = checker.schemas().get("ckimport-config.schema.json");
  const bool parsed = checker.check(
      path, input, sink, [&](element root, std::vector<Finding>& findings) {
        checker.validate_value(schema, root, "ckimport.json", findings);
        std::vector<ConfigEntry> entries;
        const auto add_entries = [&](element object, const json::JsonPointer& at, std::string_view key) {
          const auto list = member(object, key);
          if (!list || !list->is_array()) return;
          std::uint64_t i = 0;
          for (element item : json::as_array(*list)) {
            if (item.is_string()) {
              entries.push_back({at.with_key(key).with_index(i), std::string(item.get_string().value_unsafe()), {}});
            }
            ++i;
          }
        };
        if (const auto files = member(root, "files")) {
          const auto at = json::JsonPointer{}.with_key("files");
          for (const auto* key : {"users", "channels", "messages"}) add_entries(*files, at, key);
          if (const auto members = member(*files, "members"); members && members->is_array()) {
            std::uint64_t i = 0;
            for (element entry : json::as_array(*members)) {
              const auto file = member(entry, "path");
              const auto id = member(entry, "channelId");
              if (file && file->is_string() && id && positive_id(*id)) {
                entries.push_back({at.with_key("members").with_index(i).with_key("path"),
                                   std::string(file->get_string().value_unsafe()), positive_id(*id)});
              }
              ++i;
            }
          }
        }
        if (const auto existing = member(root, "existing")) {
          const auto at = json::JsonPointer{}.with_key("existing");
          for (const auto* key : {"channels", "users"}) add_entries(*existing, at, key);
        }
        check_config_entries(folder_of(path), entries, findings);
        if (const auto files = member(root, "files")) {
          config.users = string_list(*files, "users");
          config.channels = string_list(*files, "channels");
          config.messages = string_list(*files, "messages");
          if (const auto members = member(*files, "members"); members && members->is_array()) {
            config.members.emplace();
            for (element entry : json::as_array(*members)) {
              const auto file = member(entry, "path");
              const auto id = member(entry, "channelId");
              if (file && file->is_string() && id && positive_id(*id)) {
                config.members->push_back({std::string(file->get_string().value_unsafe()), *positive_id(*id)});
              }
            }
          }
        }
        if (const auto existing = member(root, "existing")) {
          config.existing_channels = string_list(*existing, "channels");
          config.existing_users = string_list(*existing, "users");
        }
        if (const auto rules = member(root, "rules"); rules && rules->is_object()) {
          std::vector<std::string_view> ids;
          for (const auto& rule : diag::all_rules()) ids.push_back(rule.id);
          for (auto field : json::as_object(*rules)) {
            const std::string id(field.key);
            const auto rule = diag::find_rule(id);
            if (!rule) {
              Finding f;
              f.rule = diag::RuleId::unknown_field;
              f.at = {json::JsonPointer{}.with_key("rules").with_key(id), json::TokenPart::key};
              const auto suggestion = schema::suggest_name(id, ids);
              f.message = suggestion.empty()
                              ? fmt::format("`{}` is not a rule", diag::shown(id))
                              : fmt::format("`{}` is not a rule; did you mean `{}`?", diag::shown(id), suggestion);
              f.help = "`ckimport rules` lists the rules";
              findings.push_back(std::move(f));
              continue;
            }
            // Any other value is the schema's to report.
            const auto setting = diag::parse_rule_setting(json::as_string(field.value));
            if (!setting) continue;
            if (const auto why = diag::refused_setting(*rule, *setting)) {
              Finding f;
              f.rule = diag::RuleId::invalid_value;
              f.at = {json::JsonPointer{}.with_key("rules").with_key(id), json::TokenPart::value};
              f.message = fmt::format("`{}` cannot be set to `{}`: {}", id, json::as_string(field.value), *why);
              f.help = fmt::format("remove `\"{}\"` from the rules", id);
              findings.push_back(std::move(f));
              continue;
            }
            config.rules[*rule] = *setting;
          }
        }
      });
  if (!parsed) return std::nullopt;
  return config;
}

void load_channel_snapshot(const std::string& path, source::ByteSource& input, DocumentChecker& checker,
                           diag::DiagnosticSink& sink, model::PlatformSnapshot& snapshot) {
  snapshot.has_channels = true;
  bool complete = true;
  const auto problem = [&](std::vector<Finding>& findings, Finding f) {
    findings.push_back(std::move(f));
    complete = false;
  };
  Pages pages;
  complete = checker.check(path, input, sink, [&](element root, std::vector<Finding>& findings) {
    const auto add = [&](std::uint64_t id, std::string_view name, std::string_view type) {
      snapshot.channels[id] = {id, std::string(name), std::string(type)};
    };
    const bool paged = for_each_page_entry(root, "channels", pages, [&](element entry, const json::JsonPointer& at) {
      const auto id = member(entry, "id");
      if (!id || !positive_id(*id)) {
        problem(findings, snapshot_problem(at, "a channel in the snapshot has no positive integer `id`",
                                           "copy the response of GET /v1/channels as it is"));
        return;
      }
      const auto name = member(entry, "name");
      const auto type = member(entry, "type");
      add(*positive_id(*id), name && name->is_string() ? name->get_string().value_unsafe() : "",
          type && type->is_string() ? type->get_string().value_unsafe() : "");
    });
    if (paged) {
      note_partial(pages, "channels", findings);
      return;
    }
    if (root.is_object()) {  // {"general": 1001}
      for (auto field : json::as_object(root)) {
        const auto id = positive_id(field.value);
        if (!id) {
          problem(findings, snapshot_problem(json::JsonPointer{}.with_key(field.key),
                                             fmt::format("the ID of channel `{}` must be a positive integer", diag::shown(field.key)),
                                             "a channel map is {\"name\": id, ...}"));
          continue;
        }
        add(*id, field.key, "");
      }
      return;
    }
    problem(findings, snapshot_problem(
        {}, "not a channel snapshot",
        "use the JSON of GET /v1/channels (a page or an array of pages) or a {\"name\": id} map"));
  }) && complete;
  if (snapshot.incomplete_channels.empty()) {
    if (!complete) {
      snapshot.incomplete_channels = path + " could not be read in full (see its errors)";
    } else if (pages.partial()) {
      snapshot.incomplete_channels = partial_reason(path, pages);
    }
  }
}

void load_user_snapshot(const std::string& path, source::ByteSource& input, DocumentChecker& checker,
                        diag::DiagnosticSink& sink, model::PlatformSnapshot& snapshot) {
  snapshot.has_users = true;
  bool complete = true;
  Pages pages;
  const auto problem = [&](std::vector<Finding>& findings, Finding f) {
    findings.push_back(std::move(f));
    complete = false;
  };
  complete = checker.check(path, input, sink, [&](element root, std::vector<Finding>& findings) {
    if (root.is_array()) {  // ["jane", "joe"], or an array of pages
      bool strings = true;
      for (element entry : json::as_array(root)) strings = strings && entry.is_string();
      if (strings) {
        for (element entry : json::as_array(root)) {
          snapshot.users.emplace(entry.get_string().value_unsafe());
        }
        return;
      }
    }
    const bool paged = for_each_page_entry(root, "users", pages, [&](element entry, const json::JsonPointer& at) {
      const auto name = member(entry, "name");
      if (!name || !name->is_string()) {
        problem(findings, snapshot_problem(at, "a user in the snapshot has no string `name`",
                                           "copy the response of GET /v1/users as it is"));
        return;
      }
      snapshot.users.emplace(name->get_string().value_unsafe());
    });
    if (!paged) {
      problem(findings, snapshot_problem(
          {}, "not a user snapshot",
          "use the JSON of GET /v1/users (a page or an array of pages) or an array of usernames"));
      return;
    }
    note_partial(pages, "users", findings);
  }) && complete;
  if (snapshot.incomplete_users.empty()) {
    if (!complete) {
      snapshot.incomplete_users = path + " could not be read in full (see its errors)";
    } else if (pages.partial()) {
      snapshot.incomplete_users = partial_reason(path, pages);
    }
  }
}

}  // namespace ckimport::check
