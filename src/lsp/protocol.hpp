#pragma once
// The few LSP types the server needs, and the conversions between LSP's
// positions and URIs and the engine's byte offsets and paths.
//
// Positions: LSP lines and characters are 0-based; a character counts
// units of the negotiated position encoding (UTF-16 unless the client
// offers another, LSP 3.17 `general.positionEncodings`). Every conversion
// goes through source::LineIndex and source::Position::column_in, the
// project's one place that turns bytes into lines and columns. Lines end at
// "\n" (a "\r" before it belongs to no line); a lone "\r" is not a line
// break here, although LSP says it is (JSON files do not have them).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "lsp/json_out.hpp"
#include "source/position.hpp"

namespace ckimport::lsp {

enum class PositionEncoding { utf8, utf16, utf32 };

std::string_view to_string(PositionEncoding encoding);  // "utf-8", "utf-16", "utf-32"
source::ColumnUnit column_unit(PositionEncoding encoding);

// What to use of what the client offers (nullopt: it sent no list, as
// LSP before 3.17): UTF-8 whenever it is offered (byte columns cost the
// server nothing), else UTF-16, which every client must support.
PositionEncoding choose_encoding(const std::optional<std::vector<std::string>>& offered);

struct LspPosition {
  std::uint64_t line = 0;
  std::uint64_t character = 0;
  friend bool operator==(const LspPosition&, const LspPosition&) = default;
};

struct LspRange {
  LspPosition start;
  LspPosition end;
  friend bool operator==(const LspRange&, const LspRange&) = default;
};

LspPosition to_lsp(const source::Position& position, PositionEncoding encoding);
// The position of a byte offset of the indexed text.
LspPosition position_at(const source::LineIndex& index, std::uint64_t offset, PositionEncoding encoding);
// The byte offset of a position in `text` (which `index` indexes): past the
// end of its line is the line's end, before a "\r\n"; past the last line,
// the end of the text.
std::uint64_t offset_at(const source::LineIndex& index, std::string_view text, LspPosition position,
                        PositionEncoding encoding);

// The range of [begin, end) of the indexed text.
LspRange range_at(const source::LineIndex& index, std::uint64_t begin, std::uint64_t end, PositionEncoding encoding);

// file:///a/b%20c.json -> /a/b c.json. nullopt for anything but a local
// file URI (untitled:, another host) and for paths with a NUL byte.
std::optional<std::string> uri_to_path(std::string_view uri);
// An absolute path as a file URI, every byte but unreserved ones and "/"
// percent-encoded.
std::string path_to_uri(std::string_view path);

int lsp_severity(diag::Severity severity);  // error 1, warning 2, note 3 (information)

// The message an editor shows: the diagnostic's message, and its help on a
// second line ("\nhelp: ..."), as the SARIF output has it.
std::string lsp_message(const diag::Diagnostic& d);

void write_position(JsonOut& out, LspPosition position);
void write_range(JsonOut& out, LspRange range);

}  // namespace ckimport::lsp
