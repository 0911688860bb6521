#include "check/file_checker.hpp"

#include <fmt/format.h>

#include "json/syntax_locator.hpp"
#include "json/token_locator.hpp"

namespace ckimport::check {
namespace {

// How much of a line an excerpt shows on each side of the token; a minified
// file is one line of gigabytes.
constexpr std::size_t excerpt_context = 120;

std::string_view syntax_rule(json::SyntaxErrorKind kind) {
  switch (kind) {
    case json::SyntaxErrorKind::number_out_of_range: return "number-out-of-range";
    case json::SyntaxErrorKind::too_deep: return "nesting-too-deep";
    default: return "syntax";
  }
}

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

}  // namespace

void attach_excerpt(diag::Diagnostic& d, source::ByteSource& input) {
  const std::uint64_t token = d.location.begin.offset.value;
  const std::uint64_t window_start = token > excerpt_context ? token - excerpt_context : 0;
  const std::uint64_t token_end = std::max(d.location.end.offset.value, token);
  const std::size_t token_length = static_cast<std::size_t>(
      std::min<std::uint64_t>(token_end - token, excerpt_context));
  std::string window;
  if (!input.read_at(window_start, static_cast<std::size_t>(token - window_start) + token_length +
                                       excerpt_context,
                     window)) {
    return;
  }
  const auto at = static_cast<std::size_t>(token - window_start);
  if (at > window.size()) return;
  diag::Excerpt excerpt;
  std::size_t line_begin = 0;
  const auto newline_before = at == 0 ? std::string::npos : window.rfind('\n', at - 1);
  if (newline_before != std::string::npos) {
    line_begin = newline_before + 1;
  } else if (window_start > 0) {
    excerpt.cut_before = true;
  }
  // Do not start in the middle of a UTF-8 sequence.
  while (excerpt.cut_before && line_begin < at &&
         source::is_utf8_continuation(static_cast<unsigned char>(window[line_begin]))) {
    ++line_begin;
  }
  std::size_t line_end = window.find('\n', at);
  if (line_end == std::string::npos) {
    line_end = window.size();
    // The window ended before the line did, unless it reached the file's end.
    if (input.size() && window_start + window.size() < *input.size()) excerpt.cut_after = true;
    while (excerpt.cut_after && line_end > at &&
           source::is_utf8_continuation(static_cast<unsigned char>(window[line_end - 1]))) {
      --line_end;
    }
  }
  if (line_end > line_begin && window[line_end - 1] == '\r') --line_end;
  excerpt.text = window.substr(line_begin, line_end - line_begin);
  excerpt.caret_begin = at - line_begin;
  excerpt.caret_end = std::min(excerpt.caret_begin + std::max<std::size_t>(token_length, 1),
                               excerpt.text.size());
  if (excerpt.caret_end < excerpt.caret_begin) excerpt.caret_end = excerpt.caret_begin;
  d.excerpt = std::move(excerpt);
}

FileChecker::FileChecker(schema::SchemaRegistry& schemas, FileCheckOptions options)
    : schemas_(schemas), options_(options), parser_(), items_(schemas) {}

std::optional<simdjson::dom::element> FileChecker::parse(const std::string& display_path,
                                                         source::ByteSource& input,
                                                         source::Position start,
                                                         std::string_view text,
                                                         diag::Sink& sink) {
  if (parser_.capacity() < text.size() || parser_.max_depth() != options_.max_depth) {
    if (parser_.allocate(std::max<std::size_t>(text.size(), 4096), options_.max_depth)) {
      throw std::bad_alloc();
    }
  }
  auto parsed = parser_.parse(text.data(), text.size(), false);
  if (!parsed.error()) return parsed.value_unsafe();

  diag::Diagnostic d;
  const auto error = json::find_syntax_error(text, {options_.max_depth});
  if (error) {
    d.rule = std::string(syntax_rule(error->kind));
    d.message = error->message;
    if (!error->help.empty()) d.help = error->help;
    d.location = locate(display_path, start, text, error->offset, error->length);
    if (error->related_offset) {
      diag::Related related;
      related.location = locate(display_path, start, text, *error->related_offset, 1);
      related.message = "opened";
      d.related.push_back(std::move(related));
    }
  } else {
    // simdjson and the locator disagree: never call the element valid.
    d.rule = "syntax";
    d.message = fmt::format("the JSON parser rejected this element: {}",
                            simdjson::error_message(parsed.error()));
    d.location = locate(display_path, start, text, 0, 1);
  }
  attach_excerpt(d, input);
  sink.add(std::move(d));
  return std::nullopt;
}

void FileChecker::report_findings(const std::string& display_path, source::ByteSource& input,
                                  source::Position start, std::string_view text,
                                  const std::string& pointer_prefix,
                                  std::vector<schema::Finding>& findings, diag::Sink& sink) {
  for (auto& finding : findings) {
    const auto place = [&](const schema::TokenRef& ref) {
      const auto range = json::locate_token(text, ref.pointer, ref.part, ref.occurrence);
      return range ? locate(display_path, start, text, range->offset, range->length)
                   : locate(display_path, start, text, 0, 1);
    };
    diag::Diagnostic d;
    d.rule = std::move(finding.rule);
    d.severity = finding.severity;
    d.message = std::move(finding.message);
    d.help = std::move(finding.help);
    d.location = place(finding.at);
    for (const auto& related : finding.related) {
      d.related.push_back({related.location ? *related.location : place(related.at), related.message});
    }
    attach_excerpt(d, input);
    d.pointer = pointer_prefix + finding.at.pointer.to_string();
    sink.add(std::move(d));
  }
  findings.clear();
}

std::uint64_t FileChecker::check(const std::string& display_path, model::ResourceKind kind,
                                 source::ByteSource& input, diag::Sink& sink,
                                 const ItemObserver& observer) {
  json::ElementReader reader(input, options_.reader);
  std::vector<schema::Finding> findings;
  std::uint64_t items = 0;
  const auto flush_reader_problems = [&] {
    for (auto& problem : reader.problems()) {
      problem.location.file = display_path;
      for (auto& related : problem.related) related.location.file = display_path;
      attach_excerpt(problem, input);
      sink.add(std::move(problem));
    }
    reader.problems().clear();
  };
  while (auto element = reader.next()) {
    flush_reader_problems();
    ++items;
    const auto value = parse(display_path, input, element->start, element->text, sink);
    if (!value) {
      reader.element_rejected();
      continue;
    }
    items_.check(kind, *value, findings);
    if (observer) observer(*element, *value, findings);
    // Findings point into the item; the item sits at /<index> in the file.
    report_findings(display_path, input, element->start, element->text,
                    "/" + std::to_string(element->index), findings, sink);
  }
  flush_reader_problems();
  return items;
}

bool FileChecker::check_document(const std::string& display_path, source::ByteSource& input,
                                 diag::Sink& sink, const DocumentVisitor& visit) {
  std::string bytes;
  char buffer[1 << 16];
  for (std::size_t n; (n = input.read(buffer, sizeof buffer)) > 0;) bytes.append(buffer, n);
  source::Position start;
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) {
    diag::Diagnostic d;
    d.rule = "utf8-bom";
    d.severity = diag::Severity::warning;
    d.message = "file starts with a UTF-8 byte order mark";
    d.help = "save the file as UTF-8 without a BOM";
    d.location.file = display_path;
    attach_excerpt(d, input);
    sink.add(std::move(d));
    text.remove_prefix(3);
    start.offset.value = 3;
  }
  const simdjson::padded_string padded(text);
  const auto value = parse(display_path, input, start, {padded.data(), padded.size()}, sink);
  if (!value) return false;
  std::vector<schema::Finding> findings;
  find_duplicate_keys(*value, findings);
  visit(*value, findings);
  report_findings(display_path, input, start, text, "", findings, sink);
  return true;
}

void FileChecker::validate_document(const std::string& display_path,
                                    const schema::CompiledSchema& schema,
                                    source::ByteSource& input, diag::Sink& sink) {
  check_document(display_path, input, sink,
                 [&](simdjson::dom::element value, std::vector<schema::Finding>& findings) {
                   validator_.validate(schema, value, "the document", findings);
                 });
}

}  // namespace ckimport::check
