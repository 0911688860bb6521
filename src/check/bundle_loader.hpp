#pragma once
// Reads the parts of a bundle that are not import files: ckimport.json and
// the existing/ snapshots. Each is checked like any file, so a mistake in it
// is a diagnostic at its exact line, not a silent misreading.
#include <optional>
#include <string>

#include "check/file_checker.hpp"
#include "diag/sink.hpp"
#include "model/bundle.hpp"
#include "model/snapshot.hpp"

namespace ckimport::check {

// nullopt when the file has errors: the bundle's layout is then unknown and
// the bundle is not checked.
std::optional<model::BundleConfig> load_bundle_config(const std::string& path, source::ByteSource& input,
                                                      FileChecker& checker, diag::Sink& sink);

// Adds the channels of a GET /v1/channels page, an array of pages, or a
// {"name": id} map to `snapshot`.
void load_channel_snapshot(const std::string& path, source::ByteSource& input, FileChecker& checker,
                           diag::Sink& sink, model::PlatformSnapshot& snapshot);

// Adds the users of a GET /v1/users page, an array of pages, or an array of
// usernames to `snapshot`.
void load_user_snapshot(const std::string& path, source::ByteSource& input, FileChecker& checker,
                        diag::Sink& sink, model::PlatformSnapshot& snapshot);

}  // namespace ckimport::check
