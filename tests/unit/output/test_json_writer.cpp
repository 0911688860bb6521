#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <catch2/catch.hpp>
#include <simdjson.h>

#include "output/json_writer.hpp"

using ckimport::output::json_string;
using ckimport::output::JsonWriter;

namespace {

// The string a JSON parser reads back from json_string(raw).
std::string round_trip(std::string_view raw) {
  simdjson::dom::parser parser;
  const std::string doc = json_string(raw);
  simdjson::dom::element element;
  REQUIRE(parser.parse(doc).get(element) == simdjson::SUCCESS);
  std::string_view value;
  REQUIRE(element.get(value) == simdjson::SUCCESS);
  return std::string(value);
}

}  // namespace

TEST_CASE("json writer: pretty printing with two spaces", "[output][json_writer]") {
  std::ostringstream out;
  JsonWriter json(out);
  json.begin_object();
  json.key("a").number(1);
  json.key("list").begin_array().number(-2).string("x").boolean(true).boolean(false).null().end_array();
  json.key("empty_object").begin_object().end_object();
  json.key("empty_array").begin_array().end_array();
  json.key("nested").begin_object().key("k").begin_array();
  json.begin_object().key("z").string("").end_object();
  json.end_array().end_object();
  json.end_object();
  CHECK(json.complete());
  CHECK(out.str() ==
        "{\n"
        "  \"a\": 1,\n"
        "  \"list\": [\n"
        "    -2,\n"
        "    \"x\",\n"
        "    true,\n"
        "    false,\n"
        "    null\n"
        "  ],\n"
        "  \"empty_object\": {},\n"
        "  \"empty_array\": [],\n"
        "  \"nested\": {\n"
        "    \"k\": [\n"
        "      {\n"
        "        \"z\": \"\"\n"
        "      }\n"
        "    ]\n"
        "  }\n"
        "}");
}

TEST_CASE("json writer: compact output with indent 0", "[output][json_writer]") {
  std::ostringstream out;
  JsonWriter json(out, 0);
  json.begin_array().begin_object().key("a").number(1).key("b").begin_array().end_array().end_object();
  json.string("s").end_array();
  CHECK(out.str() == R"([{"a":1,"b":[]},"s"])");
}

TEST_CASE("json writer: numbers at the limits", "[output][json_writer]") {
  std::ostringstream out;
  JsonWriter json(out, 0);
  json.begin_array()
      .number(std::numeric_limits<std::uint64_t>::max())
      .number(std::numeric_limits<std::int64_t>::min())
      .number(0)
      .number(std::size_t{42})
      .number(static_cast<unsigned char>(7))
      .end_array();
  CHECK(out.str() == "[18446744073709551615,-9223372036854775808,0,42,7]");
}

TEST_CASE("json writer: escaping per RFC 8259", "[output][json_writer]") {
  CHECK(json_string("plain") == R"("plain")");
  CHECK(json_string("q\"b\\s/") == R"("q\"b\\s/")");
  CHECK(json_string("\b\f\n\r\t") == R"("\b\f\n\r\t")");
  CHECK(json_string(std::string_view("\0\x01\x1b\x1f", 4)) == R"("\u0000\u0001\u001b\u001f")");
  CHECK(json_string("\x7f") == "\"\x7f\"");  // DEL needs no escape in JSON
  CHECK(json_string("caf\u00e9 \u65e5 \U0001F600") == "\"caf\u00e9 \u65e5 \U0001F600\"");
  CHECK(json_string("\u2028") == "\"\u2028\"");
}

TEST_CASE("json writer: ill-formed UTF-8 becomes U+FFFD, one per maximal subpart", "[output][json_writer]") {
  const std::string fffd = "\xef\xbf\xbd";
  CHECK(json_string("a\xff" "b") == "\"a" + fffd + "b\"");
  CHECK(json_string("\xff\xfe") == "\"" + fffd + fffd + "\"");
  CHECK(json_string("\xe2\x82" "x") == "\"" + fffd + "x\"");        // truncated 3-byte sequence: one
  CHECK(json_string("\xf0\x9f\x98") == "\"" + fffd + "\"");         // truncated emoji at the end: one
  CHECK(json_string("\xc0\x80") == "\"" + fffd + fffd + "\"");      // overlong: C0 is never valid
  CHECK(json_string("\xed\xa0\x80") == "\"" + fffd + fffd + fffd + "\"");  // surrogate
  CHECK(json_string("\xf4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\"");  // > U+10FFFF
  CHECK(json_string("\x80") == "\"" + fffd + "\"");                 // lone continuation byte
  CHECK(json_string("\xc3") == "\"" + fffd + "\"");                 // cut at the end
}

TEST_CASE("json writer: any bytes come back from a JSON parser as valid UTF-8", "[output][json_writer]") {
  CHECK(round_trip("tab\there \"quoted\" back\\slash \x1b[31m") == "tab\there \"quoted\" back\\slash \x1b[31m");
  CHECK(round_trip("bad \xff byte") == "bad \xef\xbf\xbd byte");
  CHECK(round_trip(std::string_view("nul\0!", 5)) == std::string("nul\0!", 5));

  // Every single byte and every pair of bytes: the output always parses.
  simdjson::dom::parser parser;
  std::size_t failures = 0;
  for (unsigned a = 0; a < 256; ++a) {
    for (unsigned b = 0; b < 256; ++b) {
      const char raw[] = {static_cast<char>(a), static_cast<char>(b), '\xe0'};
      const std::string doc = json_string(std::string_view(raw, 3));
      simdjson::dom::element element;
      if (parser.parse(doc).get(element) != simdjson::SUCCESS) ++failures;
    }
  }
  CHECK(failures == 0);
}

TEST_CASE("json writer: misuse throws logic_error", "[output][json_writer]") {
  std::ostringstream out;
  SECTION("value without key in an object") {
    JsonWriter json(out);
    json.begin_object();
    CHECK_THROWS_AS(json.number(1), std::logic_error);
  }
  SECTION("key in an array") {
    JsonWriter json(out);
    json.begin_array();
    CHECK_THROWS_AS(json.key("k"), std::logic_error);
  }
  SECTION("two keys") {
    JsonWriter json(out);
    json.begin_object().key("a");
    CHECK_THROWS_AS(json.key("b"), std::logic_error);
  }
  SECTION("mismatched end") {
    JsonWriter json(out);
    json.begin_object();
    CHECK_THROWS_AS(json.end_array(), std::logic_error);
  }
  SECTION("dangling key") {
    JsonWriter json(out);
    json.begin_object().key("a");
    CHECK_THROWS_AS(json.end_object(), std::logic_error);
  }
  SECTION("second top-level value") {
    JsonWriter json(out);
    json.null();
    CHECK(json.complete());
    CHECK_THROWS_AS(json.null(), std::logic_error);
  }
}
