// The messages fast lane (src/check/message_lane.hpp) against the DOM path,
// which stays the reference: an item the lane calls clean must be one the
// DOM path finds nothing in, with the same facts (see
// tests/fuzz/message_lane_agreement.hpp). On every item of every fixture,
// and on a valid message changed field by field and two fields at a time;
// the lane must also pass the clean ones it was made for, or it is only a
// slower way to the same place.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "../../fuzz/message_lane_agreement.hpp"
#include "../test_support.hpp"
#include "check/engine.hpp"
#include "check/message_lane.hpp"
#include "schema/embedded_schemas.hpp"
#include "json/element_reader.hpp"
#include "schema/schema_registry.hpp"
#include "schema/value_validator.hpp"

namespace {

namespace fs = std::filesystem;
using ckimport::check::MessageLane;
using ckimport::testing::MessageLaneAgreement;

// Each field's spellings: the first is the base message's; "" leaves the
// field out.
struct FieldChoices {
  std::string_view name;
  std::vector<std::string_view> values;
};

const std::vector<FieldChoices>& choices() {
  static const std::vector<FieldChoices> all{
      {"type", {R"("TEXT")", R"("SYSTEM_TEXT")", R"("text")", R"("T\u0045XT")", "1", "null", ""}},
      {"channelId",
       {"70949", "1", "0", "-1", "1.0", "1e3", "9223372036854775807", "9223372036854775808",
        "18446744073709551615", "18446744073709551616", R"("5")", "00", ""}},
      {"user", {R"("ana")", R"("")", R"("\u0000x")", R"("x\u0000")", R"("\u00e9l\u00e8ve")", R"("bjørn")", "1", "null", ""}},
      {"body",
       {R"("hi")", R"("line\nbreak \"q\" \\ \/ \u263a \ud83d\ude00")", R"("\ud800")", R"("\x")", R"("")", "[]", "null", ""}},
      {"groupTag", {"", R"("g")", "1"}},
      {"properties",
       {"", "{}", R"({"a": 1, "b": [true, false, null, -0, 1.5e-3, "s", {"c": {}}]})", R"({"a": 1, "a": 2})",
        R"({"a": {"b": [1, {"c": 1, "c": 2}]}})", R"({"key": 1, "k\u0065y": 2})", R"({"x": 1e999})",
        R"({"x": 123456789012345678901234567890})", "[]", R"({"deep": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]})",
        R"({"a": 01})", R"({"a": tru})"}},
      {"idempotencyKey", {R"("msg-1")", "", R"("")", "7", R"("k\t")"}},
  };
  return all;
}

// The message with field `i` spelled choices()[i].values[pick[i]], in the
// schemas' order, and `extra` (", ..." or "") at the end.
std::string message(const std::vector<std::size_t>& pick, std::string_view extra = "") {
  std::string out = "{";
  bool first = true;
  for (std::size_t i = 0; i < choices().size(); ++i) {
    const std::string_view value = choices()[i].values[pick[i]];
    if (value.empty()) continue;
    if (!first) out += ", ";
    first = false;
    out += "\"" + std::string(choices()[i].name) + "\": " + std::string(value);
  }
  out += extra;
  out += "}";
  return out;
}

struct Tally {
  std::size_t items = 0;
  std::size_t clean = 0;
  std::vector<std::string> disagreements;
  void compare(MessageLaneAgreement& agreement, std::string_view text) {
    std::string disagreement;
    ++items;
    if (agreement.compare(text, disagreement)) ++clean;
    if (!disagreement.empty()) disagreements.push_back(disagreement + "\n  item: " + std::string(text));
  }
};

}  // namespace

TEST_CASE("The lane's fields are those of the message schemas", "[lane]") {
  ckimport::schema::SchemaRegistry registry;
  std::set<std::string_view> schema_fields;
  for (const auto* file : {"message-text.schema.json", "message-system-text.schema.json"}) {
    for (const auto field : ckimport::schema::field_names(registry.get(file), {})) schema_fields.insert(field);
  }
  const auto lane_fields = MessageLane::fields();
  CHECK(std::set<std::string_view>(lane_fields.begin(), lane_fields.end()) == schema_fields);
}

TEST_CASE("The lane passes clean messages, and gives up on everything else", "[lane]") {
  MessageLaneAgreement agreement;
  std::string disagreement;
  const auto clean = [&](std::string_view text) {
    INFO(text);
    const bool passed = agreement.compare(text, disagreement);
    CHECK(disagreement.empty());
    return passed;
  };
  CHECK(clean(R"({"type": "TEXT", "channelId": 1, "user": "ana", "body": "hi"})"));
  CHECK(clean(R"( {"body": "a\nb \u00e9", "user": "\u00e9", "channelId": 9223372036854775807, "type": "TEXT",
                  "idempotencyKey": "k", "groupTag": "g", "properties": {"a": [1, 2.5, {"b": null}], "c": {}}} )"));
  CHECK(clean(R"({"type": "SYSTEM_TEXT", "channelId": 7, "body": ""})"));
  // Valid, but keys and `type` are compared as written: escaped, the DOM
  // path reads them.
  CHECK_FALSE(clean(R"({"type": "T\u0045XT", "channelId": 1, "user": "ana", "body": "hi"})"));
  CHECK_FALSE(clean(R"({"typ\u0065": "TEXT", "channelId": 1, "user": "ana", "body": "hi"})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "ana", "body": "hi", "properties": {"\n": 1}})"));

  CHECK_FALSE(clean(R"({"type": "SYSTEM_TEXT", "channelId": 7, "body": "", "user": "ana"})"));  // ignored-field
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "ana", "body": "hi", "body": "ho"})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "ana", "body": "hi", "properties": {"a": 1, "a": 1}})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "ana", "body": "hi", "properties": {"a\u0062": 1, "ab": 1}})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 9223372036854775808, "user": "ana", "body": "hi"})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "", "body": "hi"})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "\u0000", "body": "hi"})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "body": "hi"})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "ana", "body": "hi", "sender": "x"})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "ana", "body": "hi"} x)"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "ana", "body": "hi"}})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "ana", "body": "hi",})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "ana", "body": "hi", "properties": {"n": 1e999}})"));
  CHECK_FALSE(clean(R"([{"type": "TEXT", "channelId": 1, "user": "ana", "body": "hi"}])"));
  // Found by fuzz_message_lane: a string followed by `:` where `,` belongs.
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "a", "body": "b-9": [1], "c": 1})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "a": "b", "body": "b"})"));
  CHECK_FALSE(clean(R"({"type": "TEXT" "channelId": 1, "user": "a", "body": "b"})"));
  CHECK_FALSE(clean(R"({"type": "TEXT", "channelId": 1, "user": "a", "body": "b" "groupTag": "g"})"));
}

TEST_CASE("The lane agrees with the DOM path on messages changed one and two fields at a time", "[lane]") {
  MessageLaneAgreement agreement;
  Tally tally;
  const std::size_t fields = choices().size();
  const std::vector<std::size_t> base(fields, 0);
  const std::vector<std::string_view> extras{"", R"(, "sender": "x")", R"(, "type": "TEXT")", R"(, "user": "ana")"};
  for (const auto extra : extras) {
    for (std::size_t i = 0; i < fields; ++i) {
      for (std::size_t a = 0; a < choices()[i].values.size(); ++a) {
        for (std::size_t j = i; j < fields; ++j) {
          for (std::size_t b = 0; b < choices()[j].values.size(); ++b) {
            if (j == i && b > 0) break;  // one field at a time: j == i, once
            std::vector<std::size_t> pick = base;
            pick[i] = a;
            if (j != i) pick[j] = b;
            tally.compare(agreement, message(pick, extra));
          }
        }
      }
    }
  }
  for (const auto& d : tally.disagreements) FAIL_CHECK(d);
  WARN("changed messages: " << tally.items << " items, " << tally.clean << " clean by the lane");
  CHECK(tally.clean > 100);
  CHECK(tally.clean < tally.items / 2);
}

TEST_CASE("The lane agrees with the DOM path on every item of every fixture", "[lane]") {
  MessageLaneAgreement agreement;
  Tally tally;
  const fs::path root = fs::path(CKIMPORT_SOURCE_DIR) / "fixtures";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::ifstream file(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    auto input = ckimport::source::memory_source(bytes.str());
    ckimport::json::ElementReader reader(*input);
    try {
      while (const auto element = reader.next()) tally.compare(agreement, element->text);
    } catch (const std::exception&) {
      // not an array file, or not readable as one: its elements so far count
    }
  }
  for (const auto& d : tally.disagreements) FAIL_CHECK(d);
  WARN("fixtures: " << tally.items << " items, " << tally.clean << " clean by the lane");
  CHECK(tally.clean > 30);  // 41 when written: the fixtures hold a few dozen clean messages
}

TEST_CASE("The lane is not taken with schemas of --schema-dir", "[lane]") {
  // The lane knows the built-in message schemas only: a stricter schema in
  // its place must see every message, or a message it forbids would pass.
  const ckimport::test::TempDir schemas;
  for (const auto& embedded : ckimport::schema::embedded_schemas()) {
    std::string text(embedded.text);
    if (embedded.file_name == "message-text.schema.json") {
      const std::string body = R"("body": { "description": "The text body of this message.", "type": "string" })";
      const auto at = text.find(body);
      REQUIRE(at != std::string::npos);
      text.replace(at, body.size(), R"("body": { "type": "string", "maxLength": 2 })");
    }
    schemas.write(std::string(embedded.file_name), text);
  }
  const ckimport::test::TempDir bundle;
  bundle.write("messages.json", R"([{"type": "TEXT", "channelId": 1, "user": "ana", "body": "hello"}])");
  ckimport::check::CheckRequest request;
  request.paths = {bundle.str() + "/messages.json"};
  request.kind = ckimport::model::ResourceKind::messages;
  const auto errors_at_body = [&](ckimport::check::EngineOptions options) {
    ckimport::check::Engine engine(options);
    ckimport::check::ListReporter reporter;
    (void)engine.check(request, reporter);
    return std::count_if(reporter.diagnostics.begin(), reporter.diagnostics.end(), [](const auto& d) {
      return d.severity == ckimport::diag::Severity::error && d.pointer == "/0/body";
    });
  };
  CHECK(errors_at_body({}) == 0);  // the built-in schema: clean
  ckimport::check::EngineOptions custom;
  custom.schema_dir = schemas.str();
  CHECK(errors_at_body(custom) == 1);
}
