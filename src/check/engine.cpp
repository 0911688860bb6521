#include "check/engine.hpp"

#include <filesystem>
#include <system_error>

#include "check/bundle_checker.hpp"
#include "check/bundle_loader.hpp"
#include "check/document_checker.hpp"
#include "check/file_checker.hpp"
#include "schema/schema_registry.hpp"

namespace ckimport::check {

namespace {

json::ReaderLimits reader_limits(const EngineOptions& options) {
  json::ReaderLimits limits;
  limits.max_element_bytes = options.max_item_size;
  return limits;
}

}  // namespace

struct Engine::Parts {
  explicit Parts(const EngineOptions& options)
      : schemas(options.schema_dir),
        files(schemas, {reader_limits(options), 512, options.jobs, options.progress}),
        documents(schemas),
        bundles(files, documents, options.spill) {}

  schema::SchemaRegistry schemas;
  FileChecker files;
  DocumentChecker documents;
  BundleChecker bundles;
};

Engine::Engine(EngineOptions options) : parts_(std::make_unique<Parts>(options)) {}
Engine::~Engine() = default;

schema::SchemaRegistry& Engine::schemas() { return parts_->schemas; }

std::shared_ptr<const schema::CompiledSchema> Engine::compile_schema(const std::string& path) {
  return schema::SchemaRegistry::compile_file(path);
}

CheckSummary Engine::check(const CheckRequest& request, Reporter& reporter) {
  CheckSummary summary;
  for (const BundleTarget& target : group_by_bundle(request.paths, request.overlay)) {
    // ckimport.json is checked before its bundle, under the command line's
    // rule settings, and always reported on; a bundle whose config has
    // errors is not checked: its layout is not known.
    std::optional<model::BundleConfig> config;
    const std::string config_path = model::join_path(target.root, model::bundle_config_name);
    std::error_code ec;
    if (request.overlay.contains(config_path) || std::filesystem::is_regular_file(config_path, ec)) {
      BundleOutput config_output(request.rules, {}, reporter);
      config = load_bundle_config(config_path, *request.overlay.open(config_path), parts_->documents,
                                  config_output);
      const bool usable = config && config_output.errors() == 0;
      config_output.flush();
      if (!usable) continue;  // its diagnostics say why
    }
    const PreparedBundle prepared = prepare_bundle(target, config ? &*config : nullptr, request.kind);
    diag::RuleSettings rules = config ? config->rules : diag::RuleSettings{};
    for (const auto& [rule, setting] : request.rules) rules[rule] = setting;
    BundleOutput output(std::move(rules), prepared.report_only, reporter);
    for (const auto& note : prepared.notes) output.add(note);
    const std::size_t read = parts_->bundles.check(prepared.bundle, request.overlay, output);
    summary.files_checked += prepared.report_only.empty() ? read : prepared.report_only.size();
    ++summary.bundles;
  }
  return summary;
}

std::size_t Engine::validate(const schema::CompiledSchema& schema, const std::vector<std::string>& paths,
                             const Overlay& overlay, const diag::RuleSettings& rules, Reporter& reporter) {
  std::vector<std::unique_ptr<source::ByteSource>> inputs;
  for (const auto& path : paths) inputs.push_back(overlay.open(path));
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    BundleOutput output(rules, {}, reporter);
    parts_->documents.validate(paths[i], schema, *inputs[i], output);
    output.flush();
  }
  return inputs.size();
}

}  // namespace ckimport::check
