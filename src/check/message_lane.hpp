#pragma once
// The fast lane for messages (issue 14). A messages file is nearly all of a
// large bundle, and nearly all of its items are clean. For each one, one
// simdjson On-Demand pass over the item's text, straight from the reader's
// buffer, either proves that the item's own checks have nothing to say:
//  - it is JSON simdjson's DOM parser reads (every value read and checked,
//    nothing after it),
//  - valid under the built-in message-text or message-system-text schema,
//  - no key twice in any object, no field the server ignores, a channelId
//    that int64 holds,
// and reads the facts the cross-file rules need, or it gives up. Giving up
// says nothing about the item: the item then takes the DOM path (parse,
// ItemChecker, valijson), which decides and explains. So the lane never
// reports anything; it only spares the DOM path (a parse into a tree, the
// schema walk, the duplicate-key walk, the facts walk) the clean items.
//
// It is written from the two message schemas, so it holds for them only:
// ElementChecker uses it only when the registry's message schemas are the
// built-in ones (a --schema-dir takes the DOM path). The tests keep it true
// to them: its fields are the schemas' properties, and on every fixture and
// in a fuzzer (tests/fuzz/fuzz_message_lane.cpp) an item it passes is one
// that the DOM path finds nothing in, with the same facts.
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "rules/item_facts.hpp"

namespace ckimport::check {

class MessageLane {
 public:
  // `max_depth`: the DOM path's nesting limit; deeper items are its to
  // report.
  explicit MessageLane(std::size_t max_depth);

  // True when the message item `text` (followed by SIMDJSON_PADDING
  // readable bytes) has nothing to report of its own; its facts are then in
  // `facts`, as rules::extract_facts() reads them. False says nothing about
  // the item, and leaves `facts` unspecified.
  bool clean(std::string_view text, rules::ItemFacts& facts);

  // The top-level fields it knows: those of the message schemas.
  static std::span<const std::string_view> fields();

 private:
  bool clean_value(simdjson::ondemand::value value, std::size_t depth);
  bool clean_object(simdjson::ondemand::object object, std::size_t depth);

  simdjson::ondemand::parser parser_;
  std::size_t max_depth_;
  const char* end_ = nullptr;              // of the item's text
  std::vector<std::string_view> keys_;     // of the objects being read, outermost first
  std::vector<std::string_view> scratch_;  // for has_duplicate_key
};

}  // namespace ckimport::check
