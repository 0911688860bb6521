#include "check/bundle_loader.hpp"
#include "json/dom.hpp"

#include <fmt/format.h>

#include "diag/rule_catalog.hpp"
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

// Calls `each(entry, pointer)` for the entries of `_embedded.<collection>` of
// a page, or of each page of an array of pages. False when `root` is neither.
template <typename Each>
bool for_each_page_entry(element root, std::string_view collection, Each each) {
  const auto visit_page = [&](element page, const json::JsonPointer& at) {
    const auto embedded = member(page, "_embedded");
    if (!embedded) return false;
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

}  // namespace

std::optional<model::BundleConfig> load_bundle_config(const std::string& path, source::ByteSource& input,
                                                      DocumentChecker& checker, diag::DiagnosticSink& sink) {
  model::BundleConfig config;
  const auto& schema = checker.schemas().get("ckimport-config.schema.json");
  const bool parsed = checker.check(
      path, input, sink, [&](element root, std::vector<Finding>& findings) {
        checker.validate_value(schema, root, "ckimport.json", findings);
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
  complete = checker.check(path, input, sink, [&](element root, std::vector<Finding>& findings) {
    const auto add = [&](std::uint64_t id, std::string_view name, std::string_view type) {
      snapshot.channels[id] = {id, std::string(name), std::string(type)};
    };
    const bool paged = for_each_page_entry(root, "channels", [&](element entry, const json::JsonPointer& at) {
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
    if (paged) return;
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
  if (!complete && snapshot.broken_channels.empty()) snapshot.broken_channels = path;
}

void load_user_snapshot(const std::string& path, source::ByteSource& input, DocumentChecker& checker,
                        diag::DiagnosticSink& sink, model::PlatformSnapshot& snapshot) {
  snapshot.has_users = true;
  bool complete = true;
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
    const bool paged = for_each_page_entry(root, "users", [&](element entry, const json::JsonPointer& at) {
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
    }
  }) && complete;
  if (!complete && snapshot.broken_users.empty()) snapshot.broken_users = path;
}

}  // namespace ckimport::check
