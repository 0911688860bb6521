#include "rules/flat_tables.hpp"

#include <limits>
#include <stdexcept>

namespace ckimport::rules {

std::uint32_t NameTable::find(std::string_view name, std::uint64_t hash) const {
  if (slots_.empty()) return none;
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id_plus_one == 0) return none;
    if (slot.tag == tag && holds(slot, name)) return slot.id_plus_one - 1;
  }
}

bool NameTable::holds(const Slot& slot, std::string_view name) const {
  const std::uint64_t size = slot.place & long_name;
  if (size == long_name) return this->name(slot.id_plus_one - 1) == name;
  return name.size() == size && std::memcmp(arena_.data() + (slot.place >> size_bits), name.data(), name.size()) == 0;
}

std::uint32_t NameTable::insert(std::string_view name, std::uint64_t hash, bool* added) {
  if (const std::uint32_t id = find(name, hash); id != none) {
    if (added != nullptr) *added = false;
    return id;
  }
  if (ends_.size() >= none - 1) throw std::length_error("NameTable: more than 4 billion names");
  if ((arena_.size() + name.size()) >> (64 - size_bits) != 0) throw std::length_error("NameTable: names of more than 1 TiB");
  if ((ends_.size() + 1) * 2 > slots_.size()) grow();
  const auto id = static_cast<std::uint32_t>(ends_.size());
  const std::uint64_t begin = arena_.size();
  arena_.append(name);
  ends_.push_back(arena_.size());
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
  slots_[i] = slot_for(id, hash, begin, name.size());
  if (added != nullptr) *added = true;
  return id;
}

void NameTable::grow() {
  std::vector<Slot> old(slots_.empty() ? 16 : slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint32_t id = 0; id < ends_.size(); ++id) {
    const std::string_view text = name(id);
    const std::uint64_t hash = hash_text(text);
    std::size_t i = hash & mask;
    while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = slot_for(id, hash, static_cast<std::uint64_t>(text.data() - arena_.data()), text.size());
  }
}

bool IdMap::insert(std::uint64_t key, std::uint32_t value) {
  if (value == none) throw std::invalid_argument("IdMap: the value none cannot be stored");
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = spread(key) & mask;
  for (; slots_[i].value != none; i = (i + 1) & mask) {
    if (slots_[i].key == key) return false;
  }
  slots_[i] = {key, value};
  ++size_;
  return true;
}

void IdMap::grow() {
  std::vector<Slot> old(slots_.empty() ? 16 : slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.value == none) continue;
    std::size_t i = spread(slot.key) & mask;
    while (slots_[i].value != none) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

namespace {

// `value` as 32 bits into `out`, when it fits.
bool narrow(std::uint64_t value, std::uint32_t& out) {
  if (value >= std::numeric_limits<std::uint32_t>::max()) return false;
  out = static_cast<std::uint32_t>(value);
  return true;
}

}  // namespace

std::uint32_t LocationTable::file_number(const std::string& file) {
  for (std::size_t i = files_.size(); i-- > 0;) {
    if (files_[i] == file) return static_cast<std::uint32_t>(i);
  }
  files_.push_back(file);
  return static_cast<std::uint32_t>(files_.size() - 1);
}

std::uint32_t LocationTable::add(const diag::Location& location) {
  if (packed_.size() >= kept_whole - 1) throw std::length_error("LocationTable: more than 4 billion locations");
  const auto number = static_cast<std::uint32_t>(packed_.size());
  const source::Position& begin = location.begin;
  const source::Position& end = location.end;
  Packed p{};
  const bool packs = end.line == begin.line && end.line_offset == begin.line_offset &&
                     end.offset >= begin.offset && end.column >= begin.column &&
                     end.utf16_column >= begin.utf16_column && narrow(begin.line.value, p.line) &&
                     narrow(begin.column.value, p.column) && narrow(begin.utf16_column.value, p.utf16_column) &&
                     narrow(end.offset.value - begin.offset.value, p.bytes) &&
                     narrow(end.column.value - begin.column.value, p.columns) &&
                     narrow(end.utf16_column.value - begin.utf16_column.value, p.utf16_columns);
  if (packs) {
    p.offset = begin.offset.value;
    p.line_offset = begin.line_offset.value;
    p.file = file_number(location.file);
  } else {
    p = Packed{};
    p.offset = whole_.size();
    p.file = kept_whole;
    whole_.push_back(location);
  }
  packed_.push_back(p);
  return number;
}

diag::Location LocationTable::at(std::uint32_t number) const {
  const Packed& p = packed_.at(number);
  if (p.file == kept_whole) return whole_[p.offset];
  diag::Location location;
  location.file = files_[p.file];
  location.begin.offset.value = p.offset;
  location.begin.line.value = p.line;
  location.begin.column.value = p.column;
  location.begin.utf16_column.value = p.utf16_column;
  location.begin.line_offset.value = p.line_offset;
  location.end = location.begin;
  location.end.offset.value += p.bytes;
  location.end.column.value += p.columns;
  location.end.utf16_column.value += p.utf16_columns;
  return location;
}

}  // namespace ckimport::rules
