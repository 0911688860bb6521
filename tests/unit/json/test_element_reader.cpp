// json::ElementReader: splitting a file's top-level array into elements with
// their start positions, and the problems of the array's own punctuation.
// Elements and problems are compared as one-line strings:
//   element: "#<index> <offset> <line>:<column> <text>"
//   problem: "<severity> <rule> <offset> <line>:<column> <message>"

#include "json/element_reader.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using ckimport::diag::Diagnostic;
using ckimport::json::ElementReader;
using ckimport::json::ReaderLimits;
using ckimport::source::Position;
using Lines = std::vector<std::string>;

std::string at(const Position& p) {
  return std::to_string(p.offset.value) + " " + std::to_string(p.line.value) + ":" +
         std::to_string(p.column.value);
}

std::string describe(const Diagnostic& d) {
  return std::string(ckimport::diag::to_string(d.severity)) + " " + std::string(ckimport::diag::rule_name(d.rule)) + " " +
         at(d.location.begin) + " " + d.message;
}

// Everything about a problem, for comparing two runs.
std::string describe_fully(const Diagnostic& d) {
  std::string out = describe(d) + " | end " + at(d.location.end) + " | help " + d.help.value_or("-");
  for (const auto& r : d.related) out += " | related " + at(r.location.begin) + " " + r.message;
  return out;
}

struct ReadResult {
  Lines elements;
  std::optional<Diagnostic> unclosed;  // take_unclosed_array() at the end
  Lines problems;
  Lines problems_fully;
  std::vector<bool> parsed;  // per element: simdjson accepted it in place
  std::vector<Diagnostic> raw_problems;
};

const ReaderLimits kLargeChunks{std::size_t{64} << 20, std::size_t{1} << 20};

// Reads every element like the file checker does: each element is parsed in
// place by simdjson (which reads the padding after it). The array's
// "unexpected end of file" (take_unclosed_array) joins the problems, last,
// unless an element was rejected by simdjson and `drop_unclosed_after_rejection`
// (the file checker's rule: the same cut, reported once).
ReadResult read_all(const std::string& input, ReaderLimits limits = kLargeChunks,
                    bool drop_unclosed_after_rejection = true) {
  auto source = ckimport::source::memory_source(input);
  ElementReader reader(*source, limits);
  simdjson::dom::parser parser;
  ReadResult result;
  for (int guard = 0; guard < 100000; ++guard) {
    const auto element = reader.next();
    if (!element) break;
    const std::string_view text = element->text;
    result.elements.push_back("#" + std::to_string(element->index) + " " + at(element->start) +
                              " " + std::string(text));
    // realloc_if_needed = false: simdjson reads SIMDJSON_PADDING bytes past
    // the end in place; AddressSanitizer would catch a short buffer.
    simdjson::dom::element parsed;
    const auto error = parser.parse(text.data(), text.size(), false).get(parsed);
    result.parsed.push_back(error == simdjson::SUCCESS);
  }
  result.unclosed = reader.take_unclosed_array();
  CHECK_FALSE(reader.take_unclosed_array().has_value());  // handed over once
  std::vector<Diagnostic> problems = reader.problems();
  const bool rejected = std::find(result.parsed.begin(), result.parsed.end(), false) != result.parsed.end();
  if (result.unclosed && !(rejected && drop_unclosed_after_rejection)) problems.push_back(*result.unclosed);
  for (const auto& d : problems) {
    result.problems.push_back(describe(d));
    result.problems_fully.push_back(describe_fully(d));
    result.raw_problems.push_back(d);
  }
  CHECK_FALSE(reader.next().has_value());  // stays at the end
  return result;
}

ReaderLimits chunks_of(std::size_t bytes) { return ReaderLimits{std::size_t{64} << 20, bytes}; }

}  // namespace

// ---------------------------------------------------------------------------
// Elements and their positions

TEST_CASE("ElementReader: a pretty-printed array", "[json][element_reader]") {
  const std::string input = "[\n  {\"a\": 1},\n  {\"b\": [2, 3]}\n]\n";
  const auto r = read_all(input);
  CHECK(r.elements == Lines{"#0 4 2:3 {\"a\": 1}", "#1 16 3:3 {\"b\": [2, 3]}"});
  CHECK(r.problems.empty());
  CHECK(r.parsed == std::vector<bool>{true, true});
}

TEST_CASE("ElementReader: a minified array of every kind of value", "[json][element_reader]") {
  const std::string input = R"([{"a":1},{"b":2},3,"x",true,null,[4],-1.5e3])";
  const auto r = read_all(input);
  CHECK(r.elements == Lines{"#0 1 1:2 {\"a\":1}", "#1 9 1:10 {\"b\":2}", "#2 17 1:18 3",
                            "#3 19 1:20 \"x\"", "#4 23 1:24 true", "#5 28 1:29 null",
                            "#6 33 1:34 [4]", "#7 37 1:38 -1.5e3"});
  CHECK(r.problems.empty());
  CHECK(r.parsed == std::vector<bool>(8, true));
}

TEST_CASE("ElementReader: columns count code points of earlier multi-byte characters",
          "[json][element_reader]") {
  const std::string input = "[\"\xC3\xA9\xE2\x82\xAC\", {\"k\": \"\xF0\x9F\x98\x80\"}, 1]";
  const auto r = read_all(input);
  CHECK(r.elements == Lines{"#0 1 1:2 \"\xC3\xA9\xE2\x82\xAC\"",
                            "#1 10 1:8 {\"k\": \"\xF0\x9F\x98\x80\"}", "#2 25 1:20 1"});
  CHECK(r.problems.empty());
}

TEST_CASE("ElementReader: an empty array has no elements and no problems",
          "[json][element_reader]") {
  for (const std::string input : {"[]", "[ ]", "[\n]\n", "  \r\n\t[\r\n\t ]\r\n  "}) {
    INFO(input);
    const auto r = read_all(input);
    CHECK(r.elements.empty());
    CHECK(r.problems.empty());
  }
}

TEST_CASE("ElementReader: whitespace around the array and elements is skipped",
          "[json][element_reader]") {
  const std::string input = "  \n\t[ 1 ,\r\n\t2\t]  \n";
  const auto r = read_all(input);
  CHECK(r.elements == Lines{"#0 6 2:4 1", "#1 12 3:2 2"});
  CHECK(r.problems.empty());
}

TEST_CASE("ElementReader: a UTF-8 BOM is a warning and columns on line 1 start after it",
          "[json][element_reader]") {
  const auto r = read_all("\xEF\xBB\xBF[{\"a\":1},\n 2]");
  CHECK(r.problems == Lines{"warning utf8-bom 0 1:1 file starts with a UTF-8 byte order mark"});
  REQUIRE(r.raw_problems.size() == 1);
  CHECK(at(r.raw_problems[0].location.end) == "0 1:1");
  CHECK(r.raw_problems[0].help == "save the file as UTF-8 without a BOM");
  // Offsets count the BOM's 3 bytes; the `[` is column 1.
  CHECK(r.elements == Lines{"#0 4 1:2 {\"a\":1}", "#1 14 2:2 2"});
}

TEST_CASE("ElementReader: a BOM before a file that is not an array", "[json][element_reader]") {
  const auto r = read_all("\xEF\xBB\xBF{}");
  CHECK(r.problems == Lines{
                          "warning utf8-bom 0 1:1 file starts with a UTF-8 byte order mark",
                          "error not-an-array 3 1:1 expected a JSON array at the top level, found an object",
                      });
  CHECK(r.elements.empty());
}

// ---------------------------------------------------------------------------
// The file as a whole

TEST_CASE("ElementReader: a top-level value that is not an array is named",
          "[json][element_reader]") {
  struct Case {
    std::string input;
    std::string problem;
  };
  const Case cases[] = {
      {R"({"a": 1})", "error not-an-array 0 1:1 expected a JSON array at the top level, found an object"},
      {"\"users\"", "error not-an-array 0 1:1 expected a JSON array at the top level, found a string"},
      {"42", "error not-an-array 0 1:1 expected a JSON array at the top level, found a number"},
      {"-1", "error not-an-array 0 1:1 expected a JSON array at the top level, found a number"},
      {"true", "error not-an-array 0 1:1 expected a JSON array at the top level, found a boolean"},
      {"false", "error not-an-array 0 1:1 expected a JSON array at the top level, found a boolean"},
      {"null", "error not-an-array 0 1:1 expected a JSON array at the top level, found null"},
      {"\n  {}", "error not-an-array 3 2:3 expected a JSON array at the top level, found an object"},
  };
  for (const auto& c : cases) {
    INFO(c.input);
    const auto r = read_all(c.input);
    CHECK(r.elements.empty());
    CHECK(r.problems == Lines{c.problem});
  }
  const auto r = read_all(R"({"a": 1})");
  REQUIRE(r.raw_problems.size() == 1);
  CHECK(r.raw_problems[0].help == "an import file is a JSON array of items: `[{...}, {...}]`");
}

TEST_CASE("ElementReader: a file that starts with no JSON value is a syntax error at the byte",
          "[json][element_reader]") {
  const auto r = read_all("  hello");
  CHECK(r.elements.empty());
  REQUIRE(r.raw_problems.size() == 1);
  CHECK(ckimport::diag::rule_name(r.raw_problems[0].rule) == "syntax");
  CHECK(at(r.raw_problems[0].location.begin) == "2 1:3");
  CHECK_FALSE(r.raw_problems[0].message.empty());
}

TEST_CASE("ElementReader: an empty file, or one of whitespace only", "[json][element_reader]") {
  const auto empty = read_all("");
  CHECK(empty.elements.empty());
  CHECK(empty.problems == Lines{"error syntax 0 1:1 file is empty; expected a JSON array"});
  REQUIRE(empty.raw_problems.size() == 1);
  CHECK(empty.raw_problems[0].help == "an empty import file is `[]`");

  // At the end of the whitespace.
  const auto blank = read_all(" \n\t");
  CHECK(blank.problems == Lines{"error syntax 3 2:2 file is empty; expected a JSON array"});

  const auto bom_only = read_all("\xEF\xBB\xBF");
  CHECK(bom_only.problems ==
        Lines{"warning utf8-bom 0 1:1 file starts with a UTF-8 byte order mark",
              "error syntax 3 1:1 file is empty; expected a JSON array"});
}

// ---------------------------------------------------------------------------
// The array's punctuation

TEST_CASE("ElementReader: a trailing comma is reported at the comma", "[json][element_reader]") {
  const auto r = read_all("[1,2,]");
  CHECK(r.elements == Lines{"#0 1 1:2 1", "#1 3 1:4 2"});
  CHECK(r.problems == Lines{"error syntax 4 1:5 trailing comma after the last array element"});
  REQUIRE(r.raw_problems.size() == 1);
  CHECK(at(r.raw_problems[0].location.end) == "5 1:6");
  CHECK(r.raw_problems[0].help == "remove the comma");

  const auto pretty = read_all("[\n  {},\n  {},\n]");
  CHECK(pretty.elements == Lines{"#0 4 2:3 {}", "#1 10 3:3 {}"});
  CHECK(pretty.problems ==
        Lines{"error syntax 12 3:5 trailing comma after the last array element"});
}

TEST_CASE("ElementReader: a double comma is reported once, elements keep their indices",
          "[json][element_reader]") {
  const auto r = read_all("[1,,2]");
  CHECK(r.elements == Lines{"#0 1 1:2 1", "#1 4 1:5 2"});
  CHECK(r.problems == Lines{"error syntax 3 1:4 expected an array element, found `,`"});
  REQUIRE(r.raw_problems.size() == 1);
  CHECK(r.raw_problems[0].help == "remove the extra comma");

  const auto leading = read_all("[,1]");
  CHECK(leading.elements == Lines{"#0 2 1:3 1"});
  CHECK(leading.problems == Lines{"error syntax 1 1:2 expected an array element, found `,`"});

  // A double comma at the end: both the extra comma and the trailing one.
  const auto both = read_all("[1,,]");
  CHECK(both.elements == Lines{"#0 1 1:2 1"});
  CHECK(both.problems == Lines{"error syntax 3 1:4 expected an array element, found `,`",
                               "error syntax 3 1:4 trailing comma after the last array element"});
}

TEST_CASE("ElementReader: a missing comma between elements is reported at the second one",
          "[json][element_reader]") {
  const auto r = read_all("[1 2]");
  CHECK(r.elements == Lines{"#0 1 1:2 1", "#1 3 1:4 2"});
  CHECK(r.problems == Lines{"error syntax 3 1:4 missing `,` between array elements"});
  REQUIRE(r.raw_problems.size() == 1);
  CHECK(r.raw_problems[0].help == "add a comma after the previous element");

  const auto objects = read_all("[\n{\"a\":1}\n{\"b\":2}\n]");
  CHECK(objects.elements == Lines{"#0 2 2:1 {\"a\":1}", "#1 10 3:1 {\"b\":2}"});
  CHECK(objects.problems == Lines{"error syntax 10 3:1 missing `,` between array elements"});

  const auto touching = read_all("[{}{}]");
  CHECK(touching.elements == Lines{"#0 1 1:2 {}", "#1 3 1:4 {}"});
  CHECK(touching.problems == Lines{"error syntax 3 1:4 missing `,` between array elements"});
}

TEST_CASE("ElementReader: data after the array is reported once", "[json][element_reader]") {
  const auto r = read_all("[1] x");
  CHECK(r.elements == Lines{"#0 1 1:2 1"});
  CHECK(r.problems == Lines{"error syntax 4 1:5 unexpected data after the top-level array"});
  REQUIRE(r.raw_problems.size() == 1);
  CHECK(r.raw_problems[0].help == "a file holds exactly one JSON array");

  const auto second = read_all("[1]\n[2, 3]\n[4]");
  CHECK(second.elements == Lines{"#0 1 1:2 1"});
  CHECK(second.problems == Lines{"error syntax 4 2:1 unexpected data after the top-level array"});

  // Whitespace after the array is fine.
  CHECK(read_all("[1]\n\n  \t\r\n").problems.empty());
}

TEST_CASE("ElementReader: comments between elements are skipped with one problem each",
          "[json][element_reader]") {
  const auto r = read_all("[1, // c\n2, /* d */ 3]");
  CHECK(r.elements == Lines{"#0 1 1:2 1", "#1 9 2:1 2", "#2 20 2:12 3"});
  CHECK(r.problems == Lines{"error syntax 4 1:5 comments are not allowed in JSON",
                            "error syntax 12 2:4 comments are not allowed in JSON"});
  REQUIRE(r.raw_problems.size() == 2);
  CHECK(at(r.raw_problems[0].location.end) == "6 1:7");
  CHECK(r.raw_problems[0].help == "remove the comment");
}

TEST_CASE("ElementReader: comments right after `[`, before `]` and after the array",
          "[json][element_reader]") {
  const auto first = read_all("[/* x */1]");
  CHECK(first.elements == Lines{"#0 8 1:9 1"});
  CHECK(first.problems == Lines{"error syntax 1 1:2 comments are not allowed in JSON"});

  const auto last = read_all("[1 /* x */]");
  CHECK(last.elements == Lines{"#0 1 1:2 1"});
  CHECK(last.problems == Lines{"error syntax 3 1:4 comments are not allowed in JSON"});

  // After the array: the comment, and no "unexpected data" besides.
  const auto after = read_all("[1]\n// the end\n");
  CHECK(after.elements == Lines{"#0 1 1:2 1"});
  CHECK(after.problems == Lines{"error syntax 4 2:1 comments are not allowed in JSON"});

  // Two comments in a row, `*` and `/` inside a block comment.
  const auto two = read_all("[/* a * / b */ // c\n 1]");
  CHECK(two.elements == Lines{"#0 21 2:2 1"});
  CHECK(two.problems == Lines{"error syntax 1 1:2 comments are not allowed in JSON",
                              "error syntax 15 1:16 comments are not allowed in JSON"});
}

TEST_CASE("ElementReader: an unclosed block comment ends the file with the array open",
          "[json][element_reader]") {
  const auto r = read_all("[1, /* abc");
  CHECK(r.elements == Lines{"#0 1 1:2 1"});
  CHECK(r.problems == Lines{
                          "error syntax 4 1:5 comments are not allowed in JSON",
                          "error syntax 10 1:11 unexpected end of file; expected an array element or `]`",
                      });
}

TEST_CASE("ElementReader: a slash that does not start a comment is left to the element",
          "[json][element_reader]") {
  const auto r = read_all("[1, /x]");
  REQUIRE(r.elements.size() == 2);
  CHECK(r.elements[1] == "#1 4 1:5 /x");
  CHECK(r.parsed == std::vector<bool>{true, false});
}

// ---------------------------------------------------------------------------
// Truncated files

TEST_CASE("ElementReader: a file cut inside an element gives the partial element and nothing more",
          "[json][element_reader]") {
  const auto r = read_all("[{\"a\":1},{\"b\":");
  CHECK(r.elements == Lines{"#0 1 1:2 {\"a\":1}", "#1 9 1:10 {\"b\":"});
  CHECK(r.parsed == std::vector<bool>{true, false});
  CHECK(r.problems.empty());
}

TEST_CASE("ElementReader: a file cut after an element or a comma says the array is unclosed",
          "[json][element_reader]") {
  const auto after_element = read_all("[{\"a\":1}\n");
  CHECK(after_element.elements == Lines{"#0 1 1:2 {\"a\":1}"});
  CHECK(after_element.problems ==
        Lines{"error syntax 9 2:1 unexpected end of file; expected `,` or `]`"});
  REQUIRE(after_element.raw_problems.size() == 1);
  const auto& d = after_element.raw_problems[0];
  CHECK(d.help == "the file may have been cut short");
  REQUIRE(d.related.size() == 1);
  CHECK(at(d.related[0].location.begin) == "0 1:1");
  CHECK(at(d.related[0].location.end) == "1 1:2");
  CHECK(d.related[0].message == "the top-level array opened");

  const auto after_comma = read_all("[1,");
  CHECK(after_comma.elements == Lines{"#0 1 1:2 1"});
  CHECK(after_comma.problems ==
        Lines{"error syntax 3 1:4 unexpected end of file; expected an array element or `]`"});

  const auto after_open = read_all("  [");
  CHECK(after_open.elements.empty());
  CHECK(after_open.problems ==
        Lines{"error syntax 3 1:4 unexpected end of file; expected an array element or `]`"});
}

TEST_CASE("ElementReader: the array's end-of-file problem is handed over apart, once",
          "[json][element_reader]") {
  // The brackets balance wrongly: `{"a":[}]` looks complete to the splitter,
  // then the file ends where `,` or `]` was expected. The reader cannot know
  // the element is broken, so the cut is not in problems() but in
  // take_unclosed_array(), for the caller to drop when simdjson rejected an
  // element (the same cut, reported once).
  const std::string input = "[{\"a\":[}]";
  auto source = ckimport::source::memory_source(input);
  ElementReader reader(*source);
  const auto element = reader.next();
  REQUIRE(element.has_value());
  CHECK(element->text == "{\"a\":[}]");
  CHECK_FALSE(reader.next().has_value());
  CHECK(reader.problems().empty());
  const auto unclosed = reader.take_unclosed_array();
  REQUIRE(unclosed.has_value());
  CHECK(describe(*unclosed) == "error syntax 9 1:10 unexpected end of file; expected `,` or `]`");
  CHECK(unclosed->help == "the file may have been cut short");
  CHECK_FALSE(reader.take_unclosed_array().has_value());

  // As the file checker combines them.
  const auto rejected = read_all(input, kLargeChunks, true);
  CHECK(rejected.elements == Lines{"#0 1 1:2 {\"a\":[}]"});
  CHECK(rejected.parsed == std::vector<bool>{false});
  CHECK(rejected.problems.empty());
  const auto kept = read_all(input, kLargeChunks, false);
  CHECK(kept.problems == Lines{"error syntax 9 1:10 unexpected end of file; expected `,` or `]`"});
}

TEST_CASE("ElementReader: a file cut inside an element hands over the unclosed array, which the "
          "rejected element makes redundant", "[json][element_reader]") {
  const auto r = read_all("[{\"a\":1},{\"b\":[1,", kLargeChunks, false);
  CHECK(r.elements == Lines{"#0 1 1:2 {\"a\":1}", "#1 9 1:10 {\"b\":[1,"});
  CHECK(r.parsed == std::vector<bool>{true, false});
  REQUIRE(r.unclosed.has_value());
  // As the file checker combines them: the rejected element is the report.
  CHECK(read_all("[{\"a\":1},{\"b\":[1,").problems.empty());
}

TEST_CASE("ElementReader: a file cut after a top-level scalar element reports the unclosed array",
          "[json][element_reader]") {
  // Regression test (src/json/element_reader.cpp, ElementReader::scan_element).
  const auto r = read_all("[1");
  CHECK(r.elements == Lines{"#0 1 1:2 1"});
  CHECK(r.parsed == std::vector<bool>{true});
  CHECK(r.problems == Lines{"error syntax 2 1:3 unexpected end of file; expected `,` or `]`"});
}

TEST_CASE("ElementReader: an unterminated string ending at a newline spoils only its element",
          "[json][element_reader]") {
  const std::string input = "[\n{\"a\": \"abc\n},\n{\"b\": 2}\n]";
  const auto r = read_all(input);
  CHECK(r.elements == Lines{"#0 2 2:1 {\"a\": \"abc\n}", "#1 16 4:1 {\"b\": 2}"});
  CHECK(r.parsed == std::vector<bool>{false, true});
  CHECK(r.problems.empty());

  // A top-level string element, too.
  const auto top = read_all("[\"abc\n, \"def\"]");
  CHECK(top.elements == Lines{"#0 1 1:2 \"abc\n", "#1 8 2:3 \"def\""});
  CHECK(top.parsed == std::vector<bool>{false, true});
  CHECK(top.problems.empty());
}

TEST_CASE("ElementReader: brackets and escapes inside strings do not end an element",
          "[json][element_reader]") {
  const std::string input = R"([{"a":"]}\"{["},"\\",{"b":"\\\"}"},"x\"]"])";
  const auto r = read_all(input);
  CHECK(r.elements == Lines{R"(#0 1 1:2 {"a":"]}\"{["})", R"(#1 16 1:17 "\\")",
                            R"(#2 21 1:22 {"b":"\\\"}"})", R"(#3 35 1:36 "x\"]")"});
  CHECK(r.parsed == std::vector<bool>(4, true));
  CHECK(r.problems.empty());
}

// ---------------------------------------------------------------------------
// Limits

TEST_CASE("ElementReader: an element larger than max_element_bytes stops the file",
          "[json][element_reader]") {
  // 31 bytes of numbers: the prefix the reader has seen is valid so far.
  const std::string big = "[1,2,3,4,5,6,7,8,9,10,11,12,13]";
  const std::string input = "[[1], " + big + ", [2]]";
  const auto r = read_all(input, ReaderLimits{16, 4});
  CHECK(r.elements == Lines{"#0 1 1:2 [1]"});
  CHECK(r.problems ==
        Lines{"error element-too-large 6 1:7 array element is larger than 16 bytes; the rest of "
              "the file is not checked"});
  REQUIRE(r.raw_problems.size() == 1);
  CHECK(r.raw_problems[0].help == "split the data into smaller items, or look for a missing `}` or `]`");
}

TEST_CASE("ElementReader: an element of exactly max_element_bytes is read",
          "[json][element_reader]") {
  const std::string sixteen = "[1,2,3,4,5,6,77]";
  REQUIRE(sixteen.size() == 16);
  for (const std::size_t chunk : {2U, 4U, 5U, 64U}) {
    INFO("chunk " << chunk);
    const auto r = read_all("[" + sixteen + "]", ReaderLimits{16, chunk});
    CHECK(r.elements == Lines{"#0 1 1:2 " + sixteen});
    CHECK(r.problems.empty());
    const auto over = read_all("[" + sixteen + "]", ReaderLimits{15, chunk});
    CHECK(over.elements.empty());
    CHECK(over.problems == Lines{"error element-too-large 1 1:2 array element is larger than 15 "
                                 "bytes; the rest of the file is not checked"});
  }
}

TEST_CASE("ElementReader: the element-too-large limit is named in MiB when it is whole MiB",
          "[json][element_reader]") {
  std::string big = "[";
  while (big.size() < (std::size_t{1} << 20) + 100) big += "1234567,";
  big += "0]";
  const auto r = read_all("[" + big + "]", ReaderLimits{std::size_t{1} << 20, std::size_t{1} << 16});
  CHECK(r.elements.empty());
  CHECK(r.problems == Lines{"error element-too-large 1 1:2 array element is larger than 1 MiB; the "
                            "rest of the file is not checked"});
}

TEST_CASE("ElementReader: a missing bracket that swallows the file is named as the syntax error",
          "[json][element_reader]") {
  // The first object is not closed: the next `{` stands where a key should.
  const std::string input = R"([{"a":1,"b":{"c":2}, {"d":3}, {"e":4}, {"f":5}, {"g":6}])";
  const auto r = read_all(input, ReaderLimits{32, 8});
  CHECK(r.elements.empty());
  REQUIRE(r.raw_problems.size() == 1);
  CHECK(ckimport::diag::rule_name(r.raw_problems[0].rule) == "syntax");
  CHECK(at(r.raw_problems[0].location.begin) == "21 1:22");
}

TEST_CASE("ElementReader: a large valid element cut inside a string is still element-too-large",
          "[json][element_reader]") {
  // Regression test (src/json/element_reader.cpp, ElementReader::report_oversized_element).
  const std::string input = R"([{"members": ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"]}])";
  const auto r = read_all(input, ReaderLimits{20, 2});
  CHECK(r.elements.empty());
  CHECK(r.problems == Lines{"error element-too-large 1 1:2 array element is larger than 20 bytes; "
                            "the rest of the file is not checked"});
}

// ---------------------------------------------------------------------------
// Chunk boundaries: the same elements, positions and problems whatever the
// chunk size.

namespace {

const std::vector<std::string> kChunkInputs = {
    "[\n  {\"a\": 1},\n  {\"b\": [2, 3]}\n]\n",
    R"([{"a":1},{"b":2},3,"x",true,null,[4],-1.5e3])",
    R"([{"a":"]}\"{["},"\\",{"b":"\\\"}"},"x\"]"])",
    R"([{"q":"\\\\\\\"\\"},{"r":"\"\"\"\""},"\\\"\\",{"s":"a\\b\\\\c\"d"}])",
    "\xEF\xBB\xBF[\r\n {\"name\": \"caf\xC3\xA9\"},\r\n {\"e\": \"\xF0\x9F\x98\x80\xE2\x82\xAC\"}\r\n]",
    "[1, // c\n2, /* d ** / */ 3 /**/]",
    "[1,,2,]",
    "[1 2 {} {}]",
    "[\n{\"a\": \"abc\n},\n{\"b\": 2}\n]",
    "[{\"a\":[}] trailing",
    "[{\"a\":1},{\"b\":",
    "[12345678901234567890, -0.000001, 1e308, \"" + std::string(40, 'x') + "\"]",
    "",
    "   ",
    "{\"not\": \"an array\"}",
    "[] [",
    "[{\"deep\":[[[[[[{\"x\":[\"]\"]}]]]]]]}, {\"k\":\"\\u00e9\\\\\"}]",
};

}  // namespace

TEST_CASE("ElementReader: tiny chunks (2, 3, 4, 5, 7, 11 bytes) give the same result as one chunk",
          "[json][element_reader]") {
  for (const auto& input : kChunkInputs) {
    const auto whole = read_all(input);
    for (const std::size_t chunk : {2U, 3U, 4U, 5U, 7U, 11U, 16U}) {
      INFO("input: " << input << "\nchunk: " << chunk);
      const auto pieces = read_all(input, chunks_of(chunk));
      CHECK(pieces.elements == whole.elements);
      CHECK(pieces.problems_fully == whole.problems_fully);
      CHECK(pieces.parsed == whole.parsed);
    }
  }
}

TEST_CASE("ElementReader: one-byte chunks give the same result as one chunk",
          "[json][element_reader]") {
  // Regression test (src/json/element_reader.cpp, ElementReader::fill).
  for (const auto& input : kChunkInputs) {
    INFO("input: " << input);
    const auto whole = read_all(input);
    const auto pieces = read_all(input, chunks_of(1));
    CHECK(pieces.elements == whole.elements);
    CHECK(pieces.problems_fully == whole.problems_fully);
  }
}

TEST_CASE("ElementReader: an escape split exactly at a chunk boundary", "[json][element_reader]") {
  // With 4-byte chunks, the backslash of `\"` is the last byte of a chunk and
  // the escaped quote the first of the next (offsets 7 and 8).
  const std::string input = R"([{"a":"\"}"},1])";
  REQUIRE(input[7] == '\\');
  const auto r = read_all(input, chunks_of(4));
  CHECK(r.elements == Lines{R"(#0 1 1:2 {"a":"\"}"})", "#1 13 1:14 1"});
  CHECK(r.problems.empty());
  CHECK(r.parsed == std::vector<bool>{true, true});
  // And every other cut of the same text.
  for (const std::size_t chunk : {2U, 3U, 5U, 6U, 7U, 8U, 9U}) {
    INFO("chunk " << chunk);
    CHECK(read_all(input, chunks_of(chunk)).elements == r.elements);
  }
}

TEST_CASE("ElementReader: element texts are followed by readable padding", "[json][element_reader]") {
  // Elements that end at the very end of the buffer, with small chunks, are
  // still parsed in place (read_all parses every element without copying).
  const std::string input = "[{\"a\":1},{\"b\":[true,false,null]},\"s\",7]";
  for (const std::size_t chunk : {2U, 3U, 8U, 1024U}) {
    INFO("chunk " << chunk);
    const auto r = read_all(input, chunks_of(chunk));
    CHECK(r.parsed == std::vector<bool>(4, true));
  }
}

TEST_CASE("ElementReader: bytes_read counts the input read so far", "[json][element_reader]") {
  auto source = ckimport::source::memory_source("[1, 2]  ");
  ElementReader reader(*source, chunks_of(2));
  CHECK(reader.bytes_read() == 0);
  REQUIRE(reader.next().has_value());
  // Two chunks: "[1" and ", " (the check for a BOM wants 3 bytes).
  CHECK(reader.bytes_read() == 4);
  REQUIRE(reader.next().has_value());
  CHECK_FALSE(reader.next().has_value());
  CHECK(reader.bytes_read() == 8);
}

// ---------------------------------------------------------------------------
// The block splitter (64 bytes at a time, from bit masks) against the
// byte-at-a-time one: the same elements, positions and problems, on inputs
// made to cross block and chunk boundaries everywhere, with what sends the
// block splitter back to the byte-at-a-time one (raw line breaks in strings,
// backslashes outside them) sprinkled in.

namespace {

// `wide`: the block splitter's AVX2 variant where the processor has it (the
// tests below run both; on another processor both are the baseline one).
ReaderLimits split_by(std::size_t chunk, bool blocks, std::size_t max_element = std::size_t{64} << 20,
                      bool wide = true) {
  ReaderLimits limits{max_element, chunk};
  limits.block_split = blocks;
  limits.wide_blocks = wide;
  return limits;
}

class InputMaker {
 public:
  explicit InputMaker(std::uint32_t seed) : state_(seed * 2654435761U + 1U) {}

  std::string array(std::size_t elements, bool hostile) {
    hostile_ = hostile;
    std::string out = pick(4) == 0 ? "\xEF\xBB\xBF[" : "[";
    for (std::size_t i = 0; i < elements; ++i) {
      if (i > 0) out += pick(8) == 0 ? " ,\r\n\t" : ",\n  ";
      value(out, 0);
    }
    out += pick(6) == 0 ? "" : "\n]\n";
    return out;
  }

 private:
  std::uint32_t pick(std::uint32_t n) {
    state_ = state_ * 1664525U + 1013904223U;
    return (state_ >> 8) % n;
  }

  void string(std::string& out) {
    out += '"';
    const std::uint32_t length = pick(5) == 0 ? 40 + pick(200) : pick(12);
    static const char* const pieces[] = {"a", "b", "\\\"", "\\\\", "\\n", "\\u00e9", "{", "}", "[", "]", ",",
                                         "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", " ", "\\\\\\\"", "x"};
    for (std::uint32_t i = 0; i < length; ++i) {
      if (hostile_ && pick(150) == 0) {
        out += '\n';  // a raw line break: a broken string the reader recovers from
      } else {
        out += pieces[pick(sizeof pieces / sizeof pieces[0])];
      }
    }
    out += '"';
  }

  void value(std::string& out, int depth) {
    if (hostile_ && pick(200) == 0) out += '\\';  // outside any string
    const std::uint32_t kind = depth > 4 ? 2 + pick(3) : pick(5);
    if (kind == 0) {
      out += '{';
      const std::uint32_t fields = pick(6);
      for (std::uint32_t i = 0; i < fields; ++i) {
        if (i > 0) out += ",";
        out += pick(2) == 0 ? "\n" + std::string(static_cast<std::size_t>(2 * depth + 4), ' ') : " ";
        string(out);
        out += ": ";
        value(out, depth + 1);
      }
      out += pick(2) == 0 ? "\n" + std::string(static_cast<std::size_t>(2 * depth + 2), ' ') + "}" : "}";
    } else if (kind == 1) {
      out += '[';
      const std::uint32_t items = pick(5);
      for (std::uint32_t i = 0; i < items; ++i) {
        if (i > 0) out += ", ";
        value(out, depth + 1);
      }
      out += ']';
    } else if (kind == 2) {
      string(out);
    } else if (kind == 3) {
      out += std::to_string(pick(100000));
    } else {
      out += pick(2) == 0 ? "true" : "null";
    }
    if (hostile_ && pick(300) == 0) out += pick(2) == 0 ? "}" : "]";  // unbalanced
  }

  std::uint32_t state_;
  bool hostile_ = false;
};

}  // namespace

TEST_CASE("ElementReader: the block splitter splits as the byte-at-a-time one does",
          "[json][element_reader]") {
  for (std::uint32_t seed = 0; seed < 120; ++seed) {
    InputMaker maker(seed);
    const bool hostile = seed % 3 == 0;
    const std::string input = maker.array(1 + seed % 40, hostile);
    const auto expected = read_all(input, split_by(std::size_t{1} << 20, false));
    for (const std::size_t chunk : {std::size_t{1} << 20, std::size_t{1}, std::size_t{7}, std::size_t{63},
                                    std::size_t{64}, std::size_t{65}, std::size_t{200}}) {
      for (const bool wide : {true, false}) {
        INFO("seed " << seed << ", chunk " << chunk << ", wide " << wide << "\n" << input);
        const auto blocks = read_all(input, split_by(chunk, true, std::size_t{64} << 20, wide));
        CHECK(blocks.elements == expected.elements);
        CHECK(blocks.problems_fully == expected.problems_fully);
        CHECK(blocks.parsed == expected.parsed);
      }
    }
  }
}

TEST_CASE("ElementReader: the block splitter meets max_element_bytes where the other one does",
          "[json][element_reader]") {
  for (std::uint32_t seed = 0; seed < 40; ++seed) {
    InputMaker maker(seed + 1000);
    const std::string input = maker.array(1 + seed % 10, seed % 2 == 0);
    for (const std::size_t limit : {std::size_t{16}, std::size_t{100}, std::size_t{300}}) {
      for (const std::size_t chunk : {std::size_t{5}, std::size_t{64}, std::size_t{1} << 20}) {
        INFO("seed " << seed << ", limit " << limit << ", chunk " << chunk << "\n" << input);
        const auto expected = read_all(input, split_by(chunk, false, limit));
        for (const bool wide : {true, false}) {
          const auto blocks = read_all(input, split_by(chunk, true, limit, wide));
          CHECK(blocks.elements == expected.elements);
          CHECK(blocks.problems_fully == expected.problems_fully);
        }
      }
    }
  }
}
