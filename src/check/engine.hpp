#pragma once
// The check engine: what `ckimport check` and `validate` do, as a library.
// The CLI, `--fix` and the language server all call it: they build a
// request (paths, the rule settings of the command line, an overlay of
// documents held in memory), and the engine finds the bundles, loads their
// context, checks them and hands each diagnostic, final and in order, to a
// Reporter. The engine never prints.
//
// Failures of the run itself (a path that cannot be read, a file whose kind
// cannot be told, a broken --schema-dir) are exceptions: source::InputError,
// check::RequestError, schema::SchemaError. A problem in a checked file is
// never one: it is a diagnostic.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check/bundle_plan.hpp"
#include "check/check_options.hpp"
#include "check/overlay.hpp"
#include "check/reporter.hpp"
#include "diag/sink.hpp"
#include "model/resource_kind.hpp"

namespace ckimport::schema {
class SchemaRegistry;
struct CompiledSchema;
}  // namespace ckimport::schema

namespace ckimport::check {

// How checks are done, for every request an engine serves.
struct EngineOptions {
  std::optional<std::string> schema_dir;  // schemas read from here instead of the built-in ones
  std::size_t max_item_size = std::size_t{64} << 20;  // the largest array element read
  unsigned jobs = 1;          // threads for a large file
  ProgressCallback progress;  // optional
  SpillOptions spill;
};

struct CheckRequest {
  std::vector<std::string> paths;              // files or bundle folders
  std::optional<model::ResourceKind> kind;     // --type: the kind of every named file
  diag::RuleSettings rules;                    // over each bundle's ckimport.json
  Overlay overlay;                             // documents read instead of files
};

struct CheckSummary {
  std::size_t files_checked = 0;  // the files reported on
  std::size_t bundles = 0;        // bundles checked (a broken ckimport.json stops its bundle)
};

class Engine {
 public:
  explicit Engine(EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  CheckSummary check(const CheckRequest& request, Reporter& reporter);

  // Each of `paths` as one JSON document against `schema` (`ckimport
  // validate`). Every path is opened before any is checked. Returns the
  // number of documents.
  std::size_t validate(const schema::CompiledSchema& schema, const std::vector<std::string>& paths,
                       const Overlay& overlay, const diag::RuleSettings& rules, Reporter& reporter);

  // A schema of the user's, for validate(): `path`, with the files its $refs
  // name read from its folder. Throws schema::SchemaError.
  static std::shared_ptr<const schema::CompiledSchema> compile_schema(const std::string& path);

  schema::SchemaRegistry& schemas();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace ckimport::check
