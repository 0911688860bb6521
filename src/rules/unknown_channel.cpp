// unknown-channel: a message's channelId, or the channel of a members file,
// names no channel of the platform snapshot (existing/channels*.json).
#include <fmt/format.h>

#include "rules/rules.hpp"

namespace ckimport::rules {
namespace {

class UnknownChannel final : public CrossFileRule {
 public:
  UnknownChannel() : CrossFileRule(diag::RuleId::unknown_channel) {}

  void start_file(const FileContext& context, const BundleFacts& facts,
                  std::vector<diag::Diagnostic>& out) override {
    const model::BundleFile& file = context.file;
    if (file.kind != model::ResourceKind::members) return;
    diag::Diagnostic d;
    d.rule = id();
    d.location = file_start(file);
    if (!file.channel_id) {
      d.message = fmt::format("cannot tell which channel {} adds members to", file.path);
      d.help = "name the file members/<channelId>.json, or map it in ckimport.json under files.members";
      out.push_back(std::move(d));
      return;
    }
    if (!facts.channels_known()) return;
    if (facts.known_channel(*file.channel_id) != nullptr) return;
    d.message = fmt::format("this file adds members to channel {}, which is not a known channel",
                            *file.channel_id);
    d.help = fmt::format("check the channel ID, or add the channel to {}", facts.snapshot().channels_file);
    out.push_back(std::move(d));
  }

  // The snapshot is read before any file.
  void check_item_any_order(const ItemContext& item, const BundleFacts& facts,
                            std::vector<schema::Finding>& out) const override {
    if (!item.facts.channel_id || !facts.channels_known()) return;
    if (facts.known_channel(*item.facts.channel_id) != nullptr) return;
    schema::Finding f;
    f.rule = id();
    f.at = {json::JsonPointer{}.with_key("channelId"), json::TokenPart::value};
    f.message = fmt::format("channel {} is not a known channel", *item.facts.channel_id);
    f.help = fmt::format("channel IDs are assigned by the platform: take them from {} (GET /v1/channels)",
                         facts.snapshot().channels_file);
    out.push_back(std::move(f));
  }
};

}  // namespace

std::unique_ptr<CrossFileRule> make_unknown_channel() { return std::make_unique<UnknownChannel>(); }

}  // namespace ckimport::rules
