#pragma once
// The per-thread part of checking an element: its parser and its item
// checker. One per thread (a simdjson parser and valijson's regex cache are
// not shared); knows nothing of the file as a whole.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "check/item_checker.hpp"
#include "check/message_lane.hpp"
#include "diag/diagnostic.hpp"
#include "json/syntax_locator.hpp"
#include "json/token_locator.hpp"
#include "rules/item_facts.hpp"
#include "source/byte_source.hpp"

namespace ckimport::check {

class ElementChecker {
 public:
  // `message_lane`: whether clean_item() may use MessageLane (tests turn it
  // off to compare the two paths).
  ElementChecker(schema::SchemaRegistry& schemas, std::size_t max_depth, bool message_lane = true);

  // True when `text` (followed by SIMDJSON_PADDING readable bytes), an item
  // of `kind`, is shown to have nothing of its own to report without
  // parse() and check_item(): a message, by MessageLane, while the message
  // schemas are the built-in ones. Its facts are then in `facts`. False
  // says nothing: parse() and check_item() decide.
  bool clean_item(model::ResourceKind kind, std::string_view text, rules::ItemFacts& facts);

  // Parses `text` (followed by SIMDJSON_PADDING readable bytes), which
  // starts at `start` in `input`. On failure appends the located syntax
  // error to `out` and returns nullopt. The value is valid until the next
  // call.
  //
  // A number out of range (123456789012345678901234567890, 1e999) is an
  // error, but the element is still well-formed JSON, and its other
  // problems must not wait for the next run: the error is appended, the
  // number read as null, and the value returned. masked() then lists the
  // numbers' tokens, where the findings about the stand-in belong to no one.
  std::optional<simdjson::dom::element> parse(const std::string& display_path,
                                              source::ByteSource& input, source::Position start,
                                              std::string_view text,
                                              std::vector<diag::Diagnostic>& out);

  // The tokens of `text` that the last parse() read as null (see there).
  const std::vector<json::TokenRange>& masked() const { return masked_; }

  // The item's own checks (schema, item rules), appended to `findings`.
  void check_item(model::ResourceKind kind, simdjson::dom::element item,
                  std::vector<schema::Finding>& findings) {
    items_.check(kind, item, findings);
  }

  // Validates a value against any schema (a snapshot, ckimport.json, a
  // document for `validate`), appending findings relative to it.
  void validate(const schema::CompiledSchema& schema, simdjson::dom::element value, std::string_view noun,
                std::vector<schema::Finding>& findings) {
    items_.validator().validate(schema, value, noun, findings);
  }

 private:
  // Appends the located syntax error to `out`.
  void report(const std::string& display_path, source::ByteSource& input, source::Position start,
              std::string_view text, const json::SyntaxError& error, std::vector<diag::Diagnostic>& out);

  simdjson::dom::parser parser_;
  std::size_t max_depth_;
  std::vector<json::TokenRange> masked_;
  ItemChecker items_;
  MessageLane lane_;
  // Whether the lane holds: asked of the registry at the first message.
  std::optional<bool> lane_usable_;
};

// A safe fix that deletes `removed`, the bytes of the file at `begin` (a
// trailing comma, a byte order mark).
diag::Fix removal_fix(source::Position begin, std::string_view removed, std::string message);

// Turns findings located by pointer in a value that starts at `start` into
// diagnostics with positions and excerpts. `pointer_prefix` is where the
// value sits in its file ("/3" for the fourth item). A finding at a token of
// `masked` (ElementChecker::masked()) is dropped: it is about a stand-in.
// Clears `findings`.
void locate_findings(const std::string& display_path, source::ByteSource& input,
                     source::Position start, std::string_view text,
                     const std::string& pointer_prefix, std::vector<schema::Finding>& findings,
                     std::vector<diag::Diagnostic>& out, std::span<const json::TokenRange> masked = {});

}  // namespace ckimport::check
