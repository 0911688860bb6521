#include "schema/finding.hpp"

#include <fmt/format.h>

namespace ckimport::schema {

FindingFix rename_key_fix(const json::JsonPointer& member, std::string_view name,
                          diag::Applicability applicability) {
  FindingFix fix;
  const std::string_view old_name = member.steps.empty() ? std::string_view{} : member.steps.back().key;
  fix.message = fmt::format("rename `{}` to `{}`", diag::shown(old_name), name);
  fix.applicability = applicability;
  // The names renamed to are the schema's own field names: plain ASCII that
  // needs no escaping in a JSON string.
  fix.edits.push_back({TokenEdit::Action::replace, {member, json::TokenPart::key}, fmt::format("\"{}\"", name)});
  return fix;
}

FindingFix removal_fix(const json::JsonPointer& at, std::string message, diag::Applicability applicability,
                       std::size_t occurrence) {
  FindingFix fix;
  fix.message = std::move(message);
  fix.applicability = applicability;
  fix.edits.push_back({TokenEdit::Action::remove, {at, json::TokenPart::value, occurrence}, {}});
  return fix;
}

}  // namespace ckimport::schema
