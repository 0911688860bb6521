#include "lsp/analysis.hpp"

#include <map>

#include "model/bundle.hpp"
#include "source/byte_source.hpp"

namespace ckimport::lsp {

std::string bundle_key(const std::string& path) { return check::resolved_path(model::bundle_root_for(path)); }

std::vector<BundleGroup> group_documents(const std::vector<Document>& documents) {
  std::vector<BundleGroup> groups;
  std::map<std::string, std::size_t> by_key;
  for (const auto& document : documents) {
    if (!document.path) continue;
    const std::string key = bundle_key(*document.path);
    const auto [at, added] = by_key.try_emplace(key, groups.size());
    if (added) groups.push_back({key, {}});
    groups[at->second].documents.push_back(document);
  }
  return groups;
}

BundleResult check_group(check::Engine& engine, const BundleGroup& group, const check::Overlay& overlay) {
  BundleResult result;
  for (const auto& document : group.documents) result.documents.push_back({document, true, {}});

  check::ListReporter reporter;
  for (;;) {
    check::CheckRequest request;
    for (const auto& entry : result.documents) {
      if (entry.import_file) request.paths.push_back(*entry.document.path);
    }
    if (request.paths.empty()) return result;
    request.overlay = overlay;
    reporter.diagnostics.clear();
    try {
      engine.check(request, reporter);
      break;
    } catch (const check::RequestError& e) {
      // "<path as named>: cannot tell which kind ...": leave that document
      // out and ask again; the engine refuses before it checks anything.
      const std::string what = e.what();
      bool dropped = false;
      for (auto& entry : result.documents) {
        if (entry.import_file && what.starts_with(*entry.document.path + ": ")) {
          entry.import_file = false;
          dropped = true;
          break;
        }
      }
      if (!dropped) {
        result.failed = true;
        result.problem = what;
        return result;
      }
    } catch (const Cancelled&) {
      throw;
    } catch (const std::exception& e) {
      // source::InputError (a file of the bundle cannot be read),
      // schema::SchemaError, std::bad_alloc: this group's check failed, the
      // server goes on.
      result.failed = true;
      result.problem = e.what();
      return result;
    }
  }

  // location.file is the path as named, or for other files the bundle
  // root joined with the file's name: compare exactly first, then as the
  // file system resolves paths, once per distinct file.
  std::map<std::string, std::size_t, std::less<>> owner;
  const auto document_of = [&](const std::string& file) {
    const auto found = owner.find(file);
    if (found != owner.end()) return found->second;
    std::size_t at = result.documents.size();
    for (std::size_t i = 0; i < result.documents.size() && at == result.documents.size(); ++i) {
      if (result.documents[i].import_file && *result.documents[i].document.path == file) at = i;
    }
    for (std::size_t i = 0; i < result.documents.size() && at == result.documents.size(); ++i) {
      if (result.documents[i].import_file && check::same_file(*result.documents[i].document.path, file)) at = i;
    }
    owner.emplace(file, at);
    return at;
  };
  for (auto& d : reporter.diagnostics) {
    const std::size_t at = document_of(d.location.file);
    if (at == result.documents.size()) {
      ++result.elsewhere;
    } else {
      result.documents[at].diagnostics.push_back(std::move(d));
    }
  }
  return result;
}

}  // namespace ckimport::lsp
