#include "check/element_checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <new>

#include "check/excerpt.hpp"
#include "json/syntax_locator.hpp"
#include "json/token_locator.hpp"

namespace ckimport::check {
namespace {

diag::Location locate(const std::string& file, source::Position start, std::string_view text,
                      std::size_t offset, std::size_t length) {
  offset = std::min(offset, text.size());
  length = std::min(length, text.size() - offset);
  diag::Location location;
  location.file = file;
  location.begin = source::advance(start, text.substr(0, offset));
  location.end = source::advance(location.begin, text.substr(offset, length));
  return location;
}

// The finding's fix as byte edits of the file, or nullopt when one of its
// tokens cannot be found (then no part of it is offered).
std::optional<diag::Fix> locate_fix(const schema::FindingFix& fix, source::Position start, std::string_view text) {
  diag::Fix located;
  located.message = fix.message;
  located.applicability = fix.applicability;
  for (const auto& edit : fix.edits) {
    const auto range = edit.action == schema::TokenEdit::Action::remove
                           ? json::locate_removal(text, edit.at.pointer, edit.at.occurrence)
                           : json::locate_token(text, edit.at.pointer, edit.at.part, edit.at.occurrence);
    if (!range) return std::nullopt;
    diag::Edit e;
    e.begin = source::advance(start, text.substr(0, range->offset));
    e.end = source::advance(e.begin, text.substr(range->offset, range->length));
    e.replacement = edit.text;
    located.edits.push_back(std::move(e));
  }
  return located;
}

}  // namespace

diag::Fix removal_fix(source::Position begin, std::string_view removed, std::string message) {
  diag::Fix fix;
  fix.message = std::move(message);
  fix.edits.push_back({begin, source::advance(begin, removed), ""});
  return fix;
}

ElementChecker::ElementChecker(schema::SchemaRegistry& schemas, std::size_t max_depth, bool message_lane)
    : max_depth_(max_depth), items_(schemas), lane_(max_depth) {
  if (!message_lane) lane_usable_ = false;
}

bool ElementChecker::clean_item(model::ResourceKind kind, std::string_view text, rules::ItemFacts& facts) {
  if (kind != model::ResourceKind::messages) return false;
  if (!lane_usable_) {
    try {
      lane_usable_ = items_.has_fast_path(kind);
    } catch (const std::exception&) {
      lane_usable_ = false;  // a schema that cannot be read: check_item() meets it and says so
    }
  }
  return *lane_usable_ && lane_.clean(text, facts);
}

std::optional<simdjson::dom::element> ElementChecker::parse(const std::string& display_path,
                                                            source::ByteSource& input,
                                                            source::Position start,
                                                            std::string_view text,
                                                            std::vector<diag::Diagnostic>& out) {
  if (parser_.capacity() < text.size() || parser_.max_depth() != max_depth_) {
    if (parser_.allocate(std::max<std::size_t>(text.size(), 4096), max_depth_)) {
      throw std::bad_alloc();
    }
  }
  masked_.clear();
  auto parsed = parser_.parse(text.data(), text.size(), false);
  if (!parsed.error()) return parsed.value_unsafe();

  auto error = json::find_syntax_error(text, {max_depth_});
  if (!error) {
    // simdjson and the locator disagree: never call the element valid.
    diag::Diagnostic d;
    d.rule = diag::RuleId::syntax;
    d.message = fmt::format("the JSON parser rejected this element: {}",
                            simdjson::error_message(parsed.error()));
    d.location = locate(display_path, start, text, 0, 1);
    attach_excerpt(d, input);
    out.push_back(std::move(d));
    return std::nullopt;
  }
  report(display_path, input, start, text, *error, out);
  if (error->kind != json::SyntaxErrorKind::number_out_of_range) return std::nullopt;

  // Out-of-range numbers read as null, padded to the token's length so that
  // every offset stays (such a number has at least 5 characters: 1e309).
  std::string copy(text);
  copy.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  while (error && error->kind == json::SyntaxErrorKind::number_out_of_range && error->length >= 4) {
    masked_.push_back({error->offset, error->length});
    copy.replace(error->offset, error->length, "null" + std::string(error->length - 4, ' '));
    error = json::find_syntax_error(copy, {max_depth_});
    if (error && error->kind == json::SyntaxErrorKind::number_out_of_range) {
      report(display_path, input, start, text, *error, out);
    }
  }
  if (error) {
    // Another kind of error after the numbers: the element cannot be read.
    if (error->kind != json::SyntaxErrorKind::number_out_of_range) report(display_path, input, start, text, *error, out);
    masked_.clear();
    return std::nullopt;
  }
  auto reparsed = parser_.parse(copy.data(), copy.size(), false);
  if (reparsed.error()) {
    masked_.clear();
    return std::nullopt;
  }
  return reparsed.value_unsafe();
}

void ElementChecker::report(const std::string& display_path, source::ByteSource& input, source::Position start,
                            std::string_view text, const json::SyntaxError& error,
                            std::vector<diag::Diagnostic>& out) {
  diag::Diagnostic d;
  d.rule = json::rule_for(error.kind);
  d.message = error.message;
  if (!error.help.empty()) d.help = error.help;
  d.location = locate(display_path, start, text, error.offset, error.length);
  if (!error.fix_message.empty()) {
    d.fix = removal_fix(d.location.begin, text.substr(error.offset, error.length), error.fix_message);
  }
  if (error.related_offset) {
    diag::Related related;
    related.location = locate(display_path, start, text, *error.related_offset, 1);
    related.message = "opened";
    d.related.push_back(std::move(related));
  }
  attach_excerpt(d, input);
  out.push_back(std::move(d));
}

namespace {

// Puts the file's spelling of a number, `token`, in the message in place of
// the parsed value's (see Finding::shown_number): "found 1e-400", not
// "found 0.0".
void show_source_number(std::string& message, std::string_view shown, std::string_view token) {
  if (token == shown || token.empty()) return;
  const bool number = token.front() == '-' || (token.front() >= '0' && token.front() <= '9');
  if (!number) return;
  const std::size_t where = message.rfind(shown);
  if (where == std::string::npos) return;
  std::string spelled(token.substr(0, 40));
  if (token.size() > 40) spelled += "…";
  message.replace(where, shown.size(), spelled);
}

// Whether `token` is one that ElementChecker::parse() read as null.
bool masked_out(const json::TokenRange& token, std::span<const json::TokenRange> masked) {
  return std::any_of(masked.begin(), masked.end(), [&](const json::TokenRange& m) {
    return token.offset >= m.offset && token.offset < m.offset + m.length;
  });
}

}  // namespace

void locate_findings(const std::string& display_path, source::ByteSource& input,
                     source::Position start, std::string_view text,
                     const std::string& pointer_prefix, std::vector<schema::Finding>& findings,
                     std::vector<diag::Diagnostic>& out, std::span<const json::TokenRange> masked) {
  for (auto& finding : findings) {
    // The finding's own token, found once: for the stand-ins, the location
    // and the number's spelling.
    const auto token = json::locate_token(text, finding.at.pointer, finding.at.part, finding.at.occurrence);
    if (token && masked_out(*token, masked)) continue;
    const auto place_range = [&](const std::optional<json::TokenRange>& range) {
      return range ? locate(display_path, start, text, range->offset, range->length)
                   : locate(display_path, start, text, 0, 1);
    };
    const auto place = [&](const schema::TokenRef& ref) {
      return place_range(json::locate_token(text, ref.pointer, ref.part, ref.occurrence));
    };
    diag::Diagnostic d;
    d.rule = finding.rule;
    d.merged = std::move(finding.merged);
    d.severity = finding.severity;
    d.message = std::move(finding.message);
    d.help = std::move(finding.help);
    d.location = place_range(token);
    if (!finding.shown_number.empty() && token) {
      show_source_number(d.message, finding.shown_number, text.substr(token->offset, token->length));
    }
    if (finding.fix) d.fix = locate_fix(*finding.fix, start, text);
    for (const auto& related : finding.related) {
      d.related.push_back({related.location ? *related.location : place(related.at), related.message});
    }
    attach_excerpt(d, input);
    d.pointer = pointer_prefix + finding.at.pointer.to_string();
    out.push_back(std::move(d));
  }
  findings.clear();
}

}  // namespace ckimport::check
