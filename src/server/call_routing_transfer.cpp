// who a transfer rings. A user is rung when R-4 lets them take a call now; a group
// rings its users eligible now for this call's lead (filter matched), the longest idle
// first and at most the ring-all limit, all at once. A transfer is a new question,
// so the call's earlier offers (a decline of the first ring) do not count against anyone.
#include "server/call_routing.hpp"

#include "common/log.hpp"
#include "routing/group.hpp"
#include "routing/progress.hpp"

#include <algorithm>

namespace sb::server {

std::optional<calls::Route> CallRoutingService::transferRoute(const std::string& callId,
                                                             const calls::TransferTarget& target,
                                                             std::string& refusal) {
  const routing::Progress fresh;
  const auto now = nowMs();
  std::vector<const routing::AgentState*> eligible;
  if (target.kind == calls::TransferTarget::Kind::User) {
    const auto* agent = board_.find(target.id);
    if (agent == nullptr) {
      refusal = "no user " + target.id;
      return std::nullopt;
    }
    if (auto why = routing::skipReason(*agent, fresh, now)) {
      refusal = agent->name + " cannot take it now: " + *why;
      traceLine(callId, agent->userId, "skip", "transfer: " + *why);
      return std::nullopt;
    }
    eligible.push_back(agent);
  } else if (target.kind == calls::TransferTarget::Kind::Group) {
    auto group = groups_.find(target.id);
    if (group == groups_.end()) {
      refusal = "no group " + target.id;
      return std::nullopt;
    }
    nlohmann::json leadAttributes = nlohmann::json::object();
    if (auto call = calls_.find(callId); call != calls_.end() && call->second.leadId)
      if (auto lead = leads_.find(*call->second.leadId)) leadAttributes = lead->attributes;
    for (const auto& userId : routing::groupMembers(group->second, board_, leadAttributes)) {
      const auto* agent = board_.find(userId);
      if (agent == nullptr) continue;
      if (auto why = routing::skipReason(*agent, fresh, now)) {
        traceLine(callId, userId, "skip", "transfer: " + *why);
        continue;
      }
      eligible.push_back(agent);
    }
    if (eligible.empty()) {
      refusal = "nobody in group " + group->second.name + " can take it now";
      return std::nullopt;
    }
    std::stable_sort(eligible.begin(), eligible.end(),
                     [](const auto* a, const auto* b) { return a->idleSince < b->idleSince; });
    const auto limit = static_cast<std::size_t>(std::clamp(settings_.ringAllBatch, 1, routing::kMaxRingAllBatch));
    if (eligible.size() > limit) eligible.resize(limit);
  } else {
    refusal = "a number is dialled, not routed";
    return std::nullopt;
  }
  calls::Route route;
  route.kind = calls::Route::Kind::Offer;
  route.confirm = settings_.confirmOnSipPhones;
  for (const auto* agent : eligible) route.users.push_back(agent->userId);
  addAnswerMethods(route);
  return route;
}

} // namespace sb::server
