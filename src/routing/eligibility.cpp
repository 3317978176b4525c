// R-4 eligibility and the per-call memory of who is done with the call.
#include "routing/progress.hpp"

namespace sb::routing {

void markDone(Progress& progress, const std::string& userId) {
  progress.done.insert(userId);
}

void markDone(Progress& progress, const std::string& userId, OfferOutcome outcome) {
  progress.done.insert(userId);
  progress.outcomes[userId] = outcome;
}

namespace {

std::string doneReason(const Progress& progress, const std::string& userId) {
  auto it = progress.outcomes.find(userId);
  OfferOutcome outcome = it == progress.outcomes.end() ? OfferOutcome::Offered : it->second;
  switch (outcome) {
  case OfferOutcome::Declined:
    return "declined this call";
  case OfferOutcome::Missed:
    return "missed this call";
  case OfferOutcome::Offered:
    break;
  }
  return "already offered this call";
}

// Whole seconds left, rounded up, so a countdown never shows 0 while still cooling down.
EpochMs secondsLeft(EpochMs until, EpochMs now) {
  return (until - now + 999) / 1000;
}

} // namespace

std::optional<std::string> skipReason(const AgentState& agent, const Progress& progress,
                                      EpochMs now) {
  return skipReason(AgentHot::of(agent), agent.userId, progress, now);
}

std::optional<std::string> skipReason(const AgentHot& agent, const std::string& userId,
                                      const Progress& progress, EpochMs now) {
  // This call's own history first: it is the reason that will not change.
  if (!progress.done.empty() && progress.done.count(userId) != 0) {
    return doneReason(progress, userId);
  }
  if (!agent.available) {
    // Only the unavailable read the full record, for the reason they gave.
    const std::string& reason = agent.state->unavailableReason;
    if (reason.empty()) return std::string("unavailable");
    return "unavailable: " + reason;
  }
  if (agent.onCall) return std::string("on a call");
  if (agent.coolDownUntil > now) {
    return "cool-down " + std::to_string(secondsLeft(agent.coolDownUntil, now)) + " s left";
  }
  if (agent.devices <= 0) return std::string("unreachable: no device");
  return std::nullopt;
}

} // namespace sb::routing
