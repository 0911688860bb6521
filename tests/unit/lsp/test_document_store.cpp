// Open documents kept in step with the client: whole-text and incremental
// changes in each position encoding (an emoji is 4 bytes, 2 UTF-16 units
// and 1 code point), CRLF lines, and the positions of tokens after an emoji.
#include "lsp/document_store.hpp"

#include <string>

#include <catch2/catch.hpp>

namespace {

using ckimport::lsp::ContentChange;
using ckimport::lsp::DocumentStore;
using ckimport::lsp::LspPosition;
using ckimport::lsp::LspRange;
using ckimport::lsp::PositionEncoding;
using ckimport::lsp::apply_change;

ContentChange replace(std::uint64_t line, std::uint64_t from, std::uint64_t to, std::string text) {
  return {LspRange{{line, from}, {line, to}}, std::move(text)};
}

}  // namespace

TEST_CASE("document store: a whole-text change replaces the text", "[lsp]") {
  DocumentStore store;
  store.open("file:///b/users.json", 1, "[]");
  const auto* document = store.change("file:///b/users.json", 2, {{std::nullopt, "[1]"}}, PositionEncoding::utf16);
  REQUIRE(document != nullptr);
  CHECK(*document->text == "[1]");
  CHECK(document->version == 2);
  CHECK(document->path == "/b/users.json");
  CHECK(store.change("file:///b/other.json", 2, {}, PositionEncoding::utf16) == nullptr);
}

TEST_CASE("document store: incremental edits after an emoji, in UTF-16, UTF-8 and UTF-32", "[lsp]") {
  // Line 1: `  {"name": "🎉joe", "display_name": 1}`; the key starts after
  // the emoji: 19 code points, 20 UTF-16 units, 22 bytes into the line.
  const std::string text = "[\n  {\"name\": \"🎉joe\", \"display_name\": 1}\n]\n";
  const std::string expected = "[\n  {\"name\": \"🎉joe\", \"displayName\": 1}\n]\n";
  CHECK(apply_change(text, replace(1, 20, 34, "\"displayName\""), PositionEncoding::utf16) == expected);
  CHECK(apply_change(text, replace(1, 22, 36, "\"displayName\""), PositionEncoding::utf8) == expected);
  CHECK(apply_change(text, replace(1, 19, 33, "\"displayName\""), PositionEncoding::utf32) == expected);

  SECTION("a position inside the emoji is the start of the emoji") {
    CHECK(apply_change(text, replace(1, 13, 13, "x"), PositionEncoding::utf16) ==
          "[\n  {\"name\": \"x🎉joe\", \"display_name\": 1}\n]\n");
    CHECK(apply_change(text, replace(1, 15, 15, "x"), PositionEncoding::utf8) ==
          "[\n  {\"name\": \"x🎉joe\", \"display_name\": 1}\n]\n");
  }
  SECTION("several changes in one didChange apply one after the other") {
    DocumentStore store;
    store.open("file:///b/users.json", 1, text);
    const auto* document = store.change(
        "file:///b/users.json", 2,
        {replace(1, 20, 34, "\"displayName\""), {LspRange{{1, 2}, {1, 2}}, "\n  "}, replace(3, 0, 1, "]")},
        PositionEncoding::utf16);
    CHECK(*document->text == "[\n  \n  {\"name\": \"🎉joe\", \"displayName\": 1}\n]\n");
  }
}

TEST_CASE("document store: CRLF lines, and positions past the end of a line", "[lsp]") {
  const std::string text = "[\r\n  1,\r\n  2\r\n]";
  // Line 1 is "  1,": character 4 is its end, before the "\r\n".
  CHECK(apply_change(text, replace(1, 4, 4, " 5,"), PositionEncoding::utf16) == "[\r\n  1, 5,\r\n  2\r\n]");
  // Past the end of the line: its end, never between "\r" and "\n".
  CHECK(apply_change(text, replace(1, 99, 99, "x"), PositionEncoding::utf16) == "[\r\n  1,x\r\n  2\r\n]");
  // Joining two lines: from the end of line 1 to the start of line 2.
  CHECK(apply_change(text, {LspRange{{1, 4}, {2, 0}}, ""}, PositionEncoding::utf8) == "[\r\n  1,  2\r\n]");
  // Past the last line: the end of the text.
  CHECK(apply_change(text, {LspRange{{9, 0}, {9, 0}}, "\n"}, PositionEncoding::utf16) == "[\r\n  1,\r\n  2\r\n]\n");
  // A reversed range is the same range.
  CHECK(apply_change(text, {LspRange{{2, 0}, {1, 4}}, ""}, PositionEncoding::utf8) == "[\r\n  1,  2\r\n]");
}

TEST_CASE("positions: a token after an emoji, in each encoding, and back", "[lsp]") {
  const std::string text = "[\n  {\"name\": \"🎉joe\", \"display_name\": 1}\n]\n";
  const ckimport::source::LineIndex index(text);
  const auto offset = text.find("\"display_name\"");
  CHECK(ckimport::lsp::position_at(index, offset, PositionEncoding::utf16) == LspPosition{1, 20});
  CHECK(ckimport::lsp::position_at(index, offset, PositionEncoding::utf8) == LspPosition{1, 22});
  CHECK(ckimport::lsp::position_at(index, offset, PositionEncoding::utf32) == LspPosition{1, 19});
  for (auto encoding : {PositionEncoding::utf8, PositionEncoding::utf16, PositionEncoding::utf32}) {
    CHECK(ckimport::lsp::offset_at(index, text, ckimport::lsp::position_at(index, offset, encoding), encoding) ==
          offset);
  }
}

TEST_CASE("positions: the encoding is UTF-8 when the client offers it, else UTF-16", "[lsp]") {
  using ckimport::lsp::choose_encoding;
  CHECK(choose_encoding(std::nullopt) == PositionEncoding::utf16);
  CHECK(choose_encoding(std::vector<std::string>{}) == PositionEncoding::utf16);
  CHECK(choose_encoding(std::vector<std::string>{"utf-16"}) == PositionEncoding::utf16);
  CHECK(choose_encoding(std::vector<std::string>{"utf-32"}) == PositionEncoding::utf16);
  CHECK(choose_encoding(std::vector<std::string>{"utf-16", "utf-8"}) == PositionEncoding::utf8);
}

TEST_CASE("URIs: file URIs to paths and back, percent-encoded", "[lsp]") {
  using ckimport::lsp::path_to_uri;
  using ckimport::lsp::uri_to_path;
  CHECK(uri_to_path("file:///home/zo%C3%AB/my%20bundle/users.json") == "/home/zoë/my bundle/users.json");
  CHECK(uri_to_path("file://localhost/a/b.json") == "/a/b.json");
  CHECK(uri_to_path("FILE:///a") == "/a");
  CHECK(uri_to_path("file:///a%2") == "/a%2");
  CHECK(uri_to_path("file:///a%zz") == "/a%zz");
  CHECK(uri_to_path("file:///a/b.json#frag") == "/a/b.json");
  CHECK_FALSE(uri_to_path("untitled:Untitled-1"));
  CHECK_FALSE(uri_to_path("file://server/share/a.json"));
  CHECK_FALSE(uri_to_path("file:///a%00b"));
  CHECK_FALSE(uri_to_path("file:"));
  CHECK(path_to_uri("/home/zoë/my bundle/users#1.json") == "file:///home/zo%C3%AB/my%20bundle/users%231.json");
  CHECK(uri_to_path(path_to_uri("/a b/ç?#%.json")) == "/a b/ç?#%.json");
}

TEST_CASE("document store: the overlay holds every open file document, and close removes it", "[lsp]") {
  DocumentStore store;
  store.open("file:///b/users.json", 1, "[1]");
  store.open("untitled:1", 1, "[2]");
  const auto overlay = store.overlay();
  REQUIRE(overlay.find("/b/users.json") != nullptr);
  CHECK(*overlay.find("/b/users.json") == "[1]");
  CHECK(overlay.paths().size() == 1);
  const auto closed = store.close("file:///b/users.json");
  REQUIRE(closed);
  CHECK(closed->path == "/b/users.json");
  CHECK_FALSE(store.close("file:///b/users.json"));
  CHECK(store.size() == 1);
}
