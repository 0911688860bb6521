#include <array>

#include "rules/cross_file_rule.hpp"

namespace ckimport::rules {

diag::Location file_start(const model::BundleFile& file) {
  diag::Location location;
  location.file = file.path;
  location.end.column.value = 2;
  location.end.offset.value = 1;
  return location;
}

std::span<const CrossFileRule* const> cross_file_rules() {
  static constexpr std::array list{
      &unknown_user_rule,
      &unknown_channel_rule,
      &duplicate_username_rule,
      &duplicate_channel_name_rule,
      &duplicate_idempotency_key_rule,
      &duplicate_member_rule,
      &duplicate_direct_channel_rule,
      &members_file_for_direct_channel_rule,
      &sender_not_member_rule,
  };
  return list;
}

}  // namespace ckimport::rules
