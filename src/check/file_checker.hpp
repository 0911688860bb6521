#pragma once
// Checks one import file: reads its top-level array element by element,
// parses each with simdjson, locates syntax errors exactly when simdjson
// rejects one, checks each item, and turns findings into located
// diagnostics with a source excerpt.
#include <functional>
#include <string>

#include <simdjson.h>

#include "check/item_checker.hpp"
#include "diag/sink.hpp"
#include "json/element_reader.hpp"
#include "model/resource_kind.hpp"
#include "rules/item_facts.hpp"
#include "source/byte_source.hpp"

namespace ckimport::check {

struct FileCheckOptions {
  json::ReaderLimits reader;
  std::size_t max_depth = 512;
  // Threads that parse and validate elements. 1 checks on the calling
  // thread; more split a file's elements into batches checked in parallel,
  // with diagnostics still in file order and identical to one thread.
  unsigned jobs = 1;
  // Told how far the reading of a file has come, about once per MiB read,
  // and once with done == total at its end. Optional.
  std::function<void(const std::string& path, std::uint64_t done,
                     std::optional<std::uint64_t> total)>
      progress;
};

// The part of a check that runs per element: parse, item checks, locating
// findings. One per thread (it owns a parser and a validator); knows nothing
// of the file as a whole.
class ElementChecker {
 public:
  ElementChecker(schema::SchemaRegistry& schemas, std::size_t max_depth);

  // Parses `text` (followed by SIMDJSON_PADDING readable bytes). On failure
  // appends the located syntax error to `out` and returns nullopt. The value
  // is valid until the next call.
  std::optional<simdjson::dom::element> parse(const std::string& display_path,
                                              source::ByteSource& input, source::Position start,
                                              std::string_view text,
                                              std::vector<diag::Diagnostic>& out);

  // The item's own checks (schema, item rules), appended to `findings`.
  void check_item(model::ResourceKind kind, simdjson::dom::element item,
                  std::vector<schema::Finding>& findings) {
    items_.check(kind, item, findings);
  }

  schema::ValueValidator& validator() { return validator_; }

 private:
  simdjson::dom::parser parser_;
  std::size_t max_depth_;
  ItemChecker items_;
  schema::ValueValidator validator_;
};

// Turns findings located by pointer in a value that starts at `start` into
// diagnostics with positions and excerpts. `pointer_prefix` is where the
// value sits in its file ("/3" for the fourth item). Clears `findings`.
void locate_findings(const std::string& display_path, source::ByteSource& input,
                     source::Position start, std::string_view text,
                     const std::string& pointer_prefix, std::vector<schema::Finding>& findings,
                     std::vector<diag::Diagnostic>& out);

class FileChecker {
 public:
  FileChecker(schema::SchemaRegistry& schemas, FileCheckOptions options = {});

  // What cross-file rules see of each item that parsed, after its own
  // checks: its facts. Each callback adds its findings (located in the item)
  // to `findings`; either may be empty.
  using ItemCallback = std::function<void(const json::ArrayElement& element,
                                          const rules::ItemFacts& facts,
                                          std::vector<schema::Finding>& findings)>;
  struct ItemObserver {
    ItemCallback any_order;  // on the thread that parsed the item, in no particular order
    ItemCallback in_order;   // on the calling thread, in file order
    bool empty() const { return !any_order && !in_order; }
  };

  // Checks `input` as a file of `kind`, shown as `display_path`. Returns the
  // number of items read. Throws source::InputError when the file cannot be read.
  std::uint64_t check(const std::string& display_path, model::ResourceKind kind,
                      source::ByteSource& input, diag::Sink& sink,
                      const ItemObserver& observer = {});

  // Reads `input` as one JSON document (not streamed: for schemas, configs
  // and snapshots); reports syntax errors, then lets `visit` inspect the
  // parsed value and reports its findings. Returns false when the document
  // is not valid JSON.
  using DocumentVisitor =
      std::function<void(simdjson::dom::element, std::vector<schema::Finding>&)>;
  bool check_document(const std::string& display_path, source::ByteSource& input,
                      diag::Sink& sink, const DocumentVisitor& visit);

  // Validates a value against a schema, appending findings relative to it.
  void validate_value(const schema::CompiledSchema& schema, simdjson::dom::element value,
                      std::string_view noun, std::vector<schema::Finding>& findings) {
    elements_.validator().validate(schema, value, noun, findings);
  }

  schema::SchemaRegistry& schemas() { return schemas_; }

  // Checks `input` as one JSON document against `schema` (`ckimport validate`).
  void validate_document(const std::string& display_path, const schema::CompiledSchema& schema,
                         source::ByteSource& input, diag::Sink& sink);

 private:
  // nullopt, having read nothing, when no worker thread could be started.
  std::optional<std::uint64_t> check_in_parallel(const std::string& display_path,
                                                 model::ResourceKind kind, source::ByteSource& input,
                                                 diag::Sink& sink, const ItemObserver& observer);

  schema::SchemaRegistry& schemas_;
  FileCheckOptions options_;
  ElementChecker elements_;  // the calling thread's
  rules::ItemFacts facts_;   // the calling thread's, reused between items
};

// Fills d.excerpt with the source line around d.location, read from `input`
// at random; left empty when the input cannot seek (a pipe).
void attach_excerpt(diag::Diagnostic& d, source::ByteSource& input);

}  // namespace ckimport::check
