// unknown-channel: a message's channelId, or the channel of a members file,
// names no channel of the platform snapshot (existing/channels*.json).
#include <fmt/format.h>

#include "rules/cross_file_rule.hpp"

namespace ckimport::rules {
namespace {

void check_file(const FileContext& context, const BundleIndex& index,
                std::vector<diag::Diagnostic>& out) {
  const model::BundleFile& file = context.file;
  if (file.kind != model::ResourceKind::members) return;
  diag::Diagnostic d;
  d.rule = diag::RuleId::unknown_channel;
  d.location = file_start(file);
  if (!file.channel_id) {
    d.message = fmt::format("cannot tell which channel {} adds members to", file.path);
    d.help = "name the file members/<channelId>.json, or map it in ckimport.json under files.members";
    out.push_back(std::move(d));
    return;
  }
  if (!index.channels_known()) return;
  if (index.known_channel(std::stoull(*file.channel_id)) != nullptr) return;
  d.message = fmt::format("this file adds members to channel {}, which is not a known channel",
                          *file.channel_id);
  d.help = "check the channel ID, or add the channel to existing/channels.json";
  out.push_back(std::move(d));
}

void check_item(const ItemContext& item, const BundleIndex& index, std::vector<schema::Finding>& out) {
  if (!item.facts.channel_id || !index.channels_known()) return;
  if (index.known_channel(*item.facts.channel_id) != nullptr) return;
  schema::Finding f;
  f.rule = diag::RuleId::unknown_channel;
  f.at = {json::JsonPointer{}.with_key("channelId"), json::TokenPart::value};
  f.message = fmt::format("channel {} is not a known channel", *item.facts.channel_id);
  f.help = "channel IDs are assigned by the platform: take them from existing/channels.json (GET /v1/channels)";
  out.push_back(std::move(f));
}

}  // namespace

const CrossFileRule unknown_channel_rule{diag::RuleId::unknown_channel, check_file, nullptr, check_item};

}  // namespace ckimport::rules
