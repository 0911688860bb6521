// members-file-for-direct-channel: a members file for a channel the snapshot
// says is DIRECT. A direct channel cannot gain members.
#include <fmt/format.h>

#include "rules/rules.hpp"

namespace ckimport::rules {
namespace {

class MembersFileForDirectChannel final : public CrossFileRule {
 public:
  MembersFileForDirectChannel() : CrossFileRule(diag::RuleId::members_file_for_direct_channel) {}

  void start_file(const FileContext& context, const BundleFacts& facts,
                  std::vector<diag::Diagnostic>& out) override {
    const model::BundleFile& file = context.file;
    if (file.kind != model::ResourceKind::members || !file.channel_id) return;
    const auto* channel = facts.known_channel(*file.channel_id);
    if (channel == nullptr || channel->type != "DIRECT") return;
    diag::Diagnostic d;
    d.rule = id();
    d.location = file_start(file);
    d.message = fmt::format("channel {} is a direct channel; a direct channel cannot gain members",
                            *file.channel_id);
    d.help = "create a PRIVATE channel for a group conversation instead";
    out.push_back(std::move(d));
  }
};

}  // namespace

std::unique_ptr<CrossFileRule> make_members_file_for_direct_channel() {
  return std::make_unique<MembersFileForDirectChannel>();
}

}  // namespace ckimport::rules
