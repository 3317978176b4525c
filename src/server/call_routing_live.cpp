// The live side of routing that the API reaches (through the signalling loop): a user's
// availability and cool-down, leads changed by hand, and the state
// shown on the board.
#include "server/call_routing.hpp"

#include "api/json_views.hpp"
#include "common/log.hpp"
#include "server/event_feed.hpp"

namespace sb::server {

bool CallRoutingService::setAvailability(const std::string& userId, bool available, const std::string& reason) {
  if (board_.find(userId) == nullptr) return false;
  auto published = [this, userId, available, reason] {
    if (events_) events_->availabilityChanged(userId, available, reason);
  };
  if (!db_.availabilityChanged(userId, available ? store::Availability::Available : store::Availability::Unavailable,
                               reason, report("availability", published)))
    return false;
  board_.setAvailability(userId, available, reason, nowMs());
  return true;
}

bool CallRoutingService::endCoolDown(const std::string& userId) {
  if (board_.find(userId) == nullptr) return false;
  board_.endCoolDown(userId, nowMs());
  if (events_) events_->coolDown(userId, 0);
  return true;
}

void CallRoutingService::startCoolDown(const std::string& userId) {
  auto until = board_.callEnded(userId, settings_, nowMs());
  if (events_ && until > 0) events_->coolDown(userId, until);
}

void CallRoutingService::leadChanged(const store::Lead& lead) {
  leads_.upsert(routing::LeadInfo{lead.id, lead.ownerUserId, lead.attributes, lead.name, lead.createdAt}, lead.phones);
}

void CallRoutingService::leadRemoved(const std::string& leadId) { leads_.remove(leadId); }

nlohmann::json CallRoutingService::agentState(const std::string& userId) const {
  const auto* agent = board_.find(userId);
  if (agent == nullptr) return nullptr;
  auto now = nowMs();
  bool coolingDown = agent->coolDownUntil > now;
  const char* status = !agent->available      ? "unavailable"
                       : agent->devices == 0  ? "unreachable"
                       : agent->onCall        ? "on_call"
                       : coolingDown          ? "cool_down"
                                              : "available";
  return {{"user_id", agent->userId},
          {"name", agent->name},
          {"status", status},
          {"available", agent->available},
          {"unavailable_reason", agent->unavailableReason},
          {"reachable", agent->devices > 0},
          {"devices", agent->devices},
          {"on_call", agent->onCall},
          {"cool_down_until", coolingDown ? api::timeJson(agent->coolDownUntil) : nlohmann::json(nullptr)},
          {"missed_in_row", agent->missedInRow}};
}

nlohmann::json CallRoutingService::liveBoard() const {
  nlohmann::json agents = nlohmann::json::array();
  for (const auto* agent : board_.all()) agents.push_back(agentState(agent->userId));
  nlohmann::json calls = nlohmann::json::array();
  for (const auto& [id, call] : calls_) {
    calls.push_back({{"call_id", id},
                     {"number", call.number.e164},
                     {"caller", call.callerE164},
                     {"lead_id", call.leadId ? nlohmann::json(*call.leadId) : nlohmann::json(nullptr)},
                     {"connected_user_ids", call.connectedUsers}});
  }
  return {{"agents", agents}, {"calls", calls}};
}

} // namespace sb::server
