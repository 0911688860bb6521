#pragma once
// The invariant of the messages fast lane (src/check/message_lane.hpp),
// shared by its unit test (tests/unit/check/test_message_lane.cpp) and its
// fuzzer (fuzz_message_lane.cpp): an item the lane calls clean is one the
// DOM path (ElementChecker::parse, then check_item with valijson, the
// reference) finds nothing in, and the lane's facts are extract_facts()'.
// A lane that gives up is never wrong, only slower.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "check/element_checker.hpp"
#include "check/message_lane.hpp"
#include "diag/rule_catalog.hpp"
#include "rules/item_facts.hpp"
#include "source/byte_source.hpp"

namespace ckimport::testing {

class MessageLaneAgreement {
 public:
  MessageLaneAgreement() : dom_(registry_, max_depth, false), lane_(max_depth) {}

  // Whether the lane called `text` clean (then `disagreement` says what the
  // DOM path thinks otherwise, empty when it agrees).
  bool compare(std::string_view text, std::string& disagreement) {
    disagreement.clear();
    padded_.assign(text);
    padded_.append(simdjson::SIMDJSON_PADDING, '\0');
    const std::string_view item(padded_.data(), text.size());
    rules::ItemFacts lane_facts;
    if (!lane_.clean(item, lane_facts)) return false;

    auto input = source::memory_source(std::string(text));
    std::vector<diag::Diagnostic> diagnostics;
    const auto value = dom_.parse("item.json", *input, source::Position{}, item, diagnostics);
    if (!value) {
      disagreement = "the lane passed what the DOM parser rejects";
      if (!diagnostics.empty()) disagreement += ": " + diagnostics.front().message;
      return true;
    }
    if (!diagnostics.empty()) {
      disagreement = "the lane passed an item with a syntax diagnostic: " + diagnostics.front().message;
      return true;
    }
    std::vector<schema::Finding> findings;
    dom_.check_item(model::ResourceKind::messages, *value, findings);
    if (!findings.empty()) {
      disagreement = fmt::format("the lane passed an item the DOM path reports: {} at {}: {}",
                                 diag::rule_name(findings.front().rule), findings.front().at.pointer.to_string(),
                                 findings.front().message);
      return true;
    }
    rules::ItemFacts dom_facts;
    rules::extract_facts(model::ResourceKind::messages, *value, dom_facts);
    disagreement = facts_difference(lane_facts, dom_facts);
    return true;
  }

 private:
  static constexpr std::size_t max_depth = 512;  // FileCheckOptions' default

  static std::string shown(const std::optional<rules::StringFact>& fact) {
    if (!fact) return "none";
    return fmt::format("\"{}\" at {} (hash {:x})", fact->value, fact->path.to_pointer().to_string(), fact->hash);
  }

  static std::string facts_difference(const rules::ItemFacts& lane, const rules::ItemFacts& dom) {
    std::string out;
    const auto differ = [&](std::string_view what, const std::string& a, const std::string& b) {
      if (a != b) out += fmt::format("{}: lane {}, DOM path {}; ", what, a, b);
    };
    differ("kind", std::string(model::to_string(lane.kind)), std::string(model::to_string(dom.kind)));
    differ("type", std::string(lane.type), std::string(dom.type));
    const auto id = [](const std::optional<std::uint64_t>& v) { return v ? std::to_string(*v) : "none"; };
    differ("channel_id", id(lane.channel_id), id(dom.channel_id));
    differ("user", shown(lane.user), shown(dom.user));
    differ("idempotency_key", shown(lane.idempotency_key), shown(dom.idempotency_key));
    differ("name", shown(lane.name), shown(dom.name));
    differ("creator", shown(lane.creator), shown(dom.creator));
    differ("username", shown(lane.username), shown(dom.username));
    differ("members", std::to_string(lane.members.size()), std::to_string(dom.members.size()));
    return out;
  }

  schema::SchemaRegistry registry_;
  check::ElementChecker dom_;
  check::MessageLane lane_;
  std::string padded_;
};

}  // namespace ckimport::testing
