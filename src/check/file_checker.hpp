#pragma once
// Checks one import file: reads its top-level array element by element and
// runs each element through one pipeline, on the calling thread or, for a
// large file, on worker threads, with the same diagnostics in the same order
// either way.
//
// The pipeline per element, in two stages:
//  1. alone (any thread, any order): a message the lane shows clean
//     (check/message_lane.hpp) gets its facts without a parse; any other
//     item is parsed; on failure, locate the syntax error; else the item's
//     own checks (schema, item rules) and its facts; then the cross-file
//     checks that read only earlier kinds (`any_order`), and locating what
//     they found;
//  2. in file order (the calling thread): the cross-file checks against
//     earlier items of the same kind (`in_order`), located too.
// Both paths call the same two functions; only who calls them differs.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "check/check_options.hpp"
#include "check/element_checker.hpp"
#include "diag/sink.hpp"
#include "json/element_reader.hpp"
#include "model/resource_kind.hpp"
#include "rules/item_facts.hpp"
#include "source/byte_source.hpp"

namespace ckimport::check {

struct FileCheckOptions {
  json::ReaderLimits reader;
  std::size_t max_depth = 512;
  // Threads that run the first stage, the calling thread included. 1 checks
  // on the calling thread; more split a large file's elements into batches
  // checked in parallel, by jobs - 1 workers and the calling thread.
  unsigned jobs = 1;
  ProgressCallback progress;  // optional
  // Clean messages proven so by check/message_lane.hpp, without a DOM
  // (false: every item takes the DOM path; tests compare the two).
  bool message_lane = true;
};

// What the cross-file rules see of each item that parsed, after its own
// checks: its facts. Each callback adds its findings (located in the item)
// to `findings`; either may be empty.
using ItemCallback = std::function<void(const json::ArrayElement& element, const rules::ItemFacts& facts,
                                        std::vector<schema::Finding>& findings)>;
struct ItemObserver {
  ItemCallback any_order;  // stage 1: on the thread that parsed the item, in no particular order
  ItemCallback in_order;   // stage 2: on the calling thread, in file order
  // Optional; neither may change what the rules find. resolve_any_order:
  // on the thread that parsed the item, as soon as its facts are read, so
  // that what any_order will look up is looked up once (noted in the facts)
  // or fetched into the cache while the item's own checks run.
  // prefetch_in_order, a hint: on the calling thread, in file order, for an
  // item some items before its in_order call (the parallel path checks
  // items in batches), for what in_order will look up.
  std::function<void(rules::ItemFacts& facts)> resolve_any_order;
  std::function<void(const rules::ItemFacts& facts)> prefetch_in_order;
  // Optional: on the calling thread, for an element that could not be read
  // (a syntax error, or too large: then the rest of the file is not read
  // either), at its first byte. What it defines is unknown, so the rules
  // must not take its absence from the facts as a finding.
  std::function<void(const diag::Location& item)> unreadable;
  bool empty() const { return !any_order && !in_order; }
};

class FileChecker {
 public:
  FileChecker(schema::SchemaRegistry& schemas, FileCheckOptions options = {});

  // Checks `input` as a file of `kind`, shown as `display_path`. Returns the
  // number of items read. Throws source::InputError when the file cannot be
  // read.
  std::uint64_t check(const std::string& display_path, model::ResourceKind kind, source::ByteSource& input,
                      diag::DiagnosticSink& sink, const ItemObserver& observer = {});

  schema::SchemaRegistry& schemas() { return schemas_; }
  const FileCheckOptions& options() const { return options_; }

 private:
  struct Job;
  std::uint64_t check_serially(const Job& job, diag::DiagnosticSink& sink);
  // nullopt, having read nothing, when no worker thread could be started.
  std::optional<std::uint64_t> check_in_parallel(const Job& job, diag::DiagnosticSink& sink);

  schema::SchemaRegistry& schemas_;
  FileCheckOptions options_;
  ElementChecker elements_;  // the calling thread's
};

}  // namespace ckimport::check
