// members-file-for-direct-channel: a members file for a channel the snapshot
// says is DIRECT. A direct channel cannot gain members.
#include <fmt/format.h>

#include "rules/cross_file_rule.hpp"

namespace ckimport::rules {
namespace {

void check_file(const FileContext& context, const BundleIndex& index,
                std::vector<diag::Diagnostic>& out) {
  const model::BundleFile& file = context.file;
  if (file.kind != model::ResourceKind::members || !file.channel_id) return;
  const auto* channel = index.known_channel(std::stoull(*file.channel_id));
  if (channel == nullptr || channel->type != "DIRECT") return;
  diag::Diagnostic d;
  d.rule = diag::RuleId::members_file_for_direct_channel;
  d.location = file_start(file);
  d.message = fmt::format("channel {} is a direct channel; a direct channel cannot gain members",
                          *file.channel_id);
  d.help = "create a PRIVATE channel for a group conversation instead";
  out.push_back(std::move(d));
}

}  // namespace

const CrossFileRule members_file_for_direct_channel_rule{diag::RuleId::members_file_for_direct_channel,
                                                         check_file, nullptr};

}  // namespace ckimport::rules
