#pragma once
// From the paths of a request to the bundles to check: which bundle each
// path belongs to, and, in each, which files are checked and which are
// context only.
//
// A folder named is a bundle, checked whole, when it is a bundle folder
// (model::is_bundle_folder: import files of its own, or a ckimport.json);
// folders below it that are bundles of their own are then not checked, and
// a note names them. A folder named that is no bundle but has bundle
// folders below it (imports/ holding imports/slack-export/ and
// imports/legacy/) is each of them, checked whole, in path order; one with
// neither is a RequestError. A file named is checked with
// the rest of its bundle as context, and only its own problems are reported
// (what a pre-commit hook passes: the changed files). A file's bundle is the
// nearest folder above it with a ckimport.json, else its own folder.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "check/overlay.hpp"
#include "model/bundle.hpp"

namespace ckimport::check {

// A request that cannot be carried out as asked, with the one-line reason
// (a file whose kind cannot be told, a folder with nothing to check). The
// CLI reports it with exit status 2.
class RequestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What to check in one bundle. Bundles keep the order their paths were
// named in.
struct BundleTarget {
  std::string root;
  bool whole = false;               // a folder was named
  std::vector<std::string> named;   // files named, as the user spelled them
  // whole: the folders below the root that are bundles of their own and not
  // targets themselves; not checked, said in a note.
  std::vector<std::string> bundles_below;
};

// Groups `paths` by bundle. A path that is in the overlay is a file, whether
// or not it exists on disk. Throws source::InputError for a path that cannot
// be looked at.
std::vector<BundleTarget> group_by_bundle(const std::vector<std::string>& paths, const Overlay& overlay);

struct PreparedBundle {
  model::Bundle bundle;
  // The files whose problems are reported; empty: all of them.
  std::vector<std::string> report_only;
  // Notes about the bundle's layout that discovery alone cannot tell (the
  // bundles below it that are not checked), for the bundle's output.
  std::vector<diag::Diagnostic> notes;
};

// The bundle as discovered (by convention, or as `config` says), with the
// named files marked: spelled as the user spelled them, added when the
// convention does not list them (a document of the overlay that is not on
// disk yet, say), of `forced_kind` when it is given. Throws RequestError when
// a named file's kind cannot be told, or a folder named holds nothing to
// check.
PreparedBundle prepare_bundle(const BundleTarget& target, const model::BundleConfig* config,
                              std::optional<model::ResourceKind> forced_kind);

}  // namespace ckimport::check
