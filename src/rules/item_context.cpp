#include "rules/item_context.hpp"

#include "json/token_locator.hpp"

namespace ckimport::rules {

diag::Location locate_in(const std::string& file, source::Position start, std::string_view text,
                         const json::JsonPointer& pointer) {
  diag::Location location;
  location.file = file;
  const auto range = json::locate_token(text, pointer, json::TokenPart::value);
  const std::size_t offset = range ? range->offset : 0;
  const std::size_t length = range ? range->length : 1;
  location.begin = source::advance(start, text.substr(0, offset));
  location.end = source::advance(location.begin, text.substr(offset, length));
  return location;
}

diag::Location ItemContext::locate(const FactPath& path) const {
  return locate_in(file.path, start, text, path.to_pointer());
}

std::vector<diag::Location> ItemContext::locate_elements(std::string_view key) const {
  std::vector<diag::Location> locations;
  source::Position at = start;
  std::size_t consumed = 0;
  for (const auto& range : json::locate_array_elements(text, json::JsonPointer{}.with_key(key))) {
    diag::Location location;
    location.file = file.path;
    at = source::advance(at, text.substr(consumed, range.offset - consumed));  // positions grow
    location.begin = at;
    location.end = source::advance(at, text.substr(range.offset, range.length));
    consumed = range.offset;
    locations.push_back(std::move(location));
  }
  return locations;
}

diag::Location file_start(const model::BundleFile& file) {
  diag::Location location;
  location.file = file.path;
  location.end.column.value = 2;
  location.end.utf16_column.value = 2;
  location.end.offset.value = 1;
  return location;
}

}  // namespace ckimport::rules
