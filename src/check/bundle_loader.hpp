#pragma once
// Reads the parts of a bundle that are not import files: ckimport.json and
// the existing/ snapshots. Each is checked like any file, so a mistake in it
// is a diagnostic at its exact line, not a silent misreading.
#include <optional>
#include <string>

#include "check/document_checker.hpp"
#include "diag/sink.hpp"
#include "model/bundle.hpp"
#include "model/snapshot.hpp"

namespace ckimport::check {

// What the file says, as far as it can be read; nullopt when it is not
// JSON. Its mistakes go to `sink`; a caller that must not act on a config
// with errors (the bundle's layout would be unknown) counts them there.
std::optional<model::BundleConfig> load_bundle_config(const std::string& path, source::ByteSource& input,
                                                      DocumentChecker& checker, diag::DiagnosticSink& sink);

// Adds the channels of a GET /v1/channels page, an array of pages, or a
// {"name": id} map to `snapshot`.
void load_channel_snapshot(const std::string& path, source::ByteSource& input, DocumentChecker& checker,
                           diag::DiagnosticSink& sink, model::PlatformSnapshot& snapshot);

// Adds the users of a GET /v1/users page, an array of pages, or an array of
// usernames to `snapshot`.
void load_user_snapshot(const std::string& path, source::ByteSource& input, DocumentChecker& checker,
                        diag::DiagnosticSink& sink, model::PlatformSnapshot& snapshot);

}  // namespace ckimport::check
