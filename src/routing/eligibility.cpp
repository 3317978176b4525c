// R-4 eligibility and the per-call memory of who is done with the call.
#include "routing/progress.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

namespace sb::routing {

std::optional<OfferOutcome> DoneUsers::find(std::string_view userId) const {
  return find(AgentBoard::hashOf(userId), userId);
}

std::optional<OfferOutcome> DoneUsers::find(std::uint64_t idHash, std::string_view userId) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), idHash,
                             [](const Entry& e, std::uint64_t h) { return e.hash < h; });
  for (; it != entries_.end() && it->hash == idHash; ++it) {
    if (idOf(*it) == userId) return it->outcome;
  }
  return std::nullopt;
}

DoneUsers::Entry* DoneUsers::entryOf(std::uint64_t hash, std::string_view userId) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), hash,
                             [](const Entry& e, std::uint64_t h) { return e.hash < h; });
  for (; it != entries_.end() && it->hash == hash; ++it) {
    if (idOf(*it) == userId) return &*it;
  }
  return nullptr;
}

void DoneUsers::mark(std::string_view userId, std::optional<OfferOutcome> outcome) {
  std::uint64_t hash = AgentBoard::hashOf(userId);
  if (Entry* known = entryOf(hash, userId)) {
    if (outcome) known->outcome = *outcome;
    return;
  }
  // Room for a ring-all batch (R-5, at most 10) and more at once, so that the first offer
  // is two allocations rather than a chain of growing ones.
  if (entries_.empty()) {
    entries_.reserve(16);
    ids_.reserve(16 * 32);
  }
  // A call meets tens of users, not gigabytes of ids.
  assert(ids_.size() + userId.size() <= std::numeric_limits<std::uint32_t>::max());
  Entry entry{hash, static_cast<std::uint32_t>(ids_.size()),
              static_cast<std::uint32_t>(userId.size()), outcome.value_or(OfferOutcome::Offered)};
  ids_.append(userId);
  auto at = std::upper_bound(entries_.begin(), entries_.end(), hash,
                             [](std::uint64_t h, const Entry& e) { return h < e.hash; });
  entries_.insert(at, entry);
}

void markDone(Progress& progress, const std::string& userId) {
  progress.done.mark(userId, std::nullopt);
}

void markDone(Progress& progress, const std::string& userId, OfferOutcome outcome) {
  progress.done.mark(userId, outcome);
}

namespace {

TraceReason doneReason(OfferOutcome outcome) {
  switch (outcome) {
  case OfferOutcome::Declined:
    return TraceReason::of(TraceReason::Code::Declined);
  case OfferOutcome::Missed:
    return TraceReason::of(TraceReason::Code::Missed);
  case OfferOutcome::Offered:
    break;
  }
  return TraceReason::of(TraceReason::Code::AlreadyOffered);
}

// Whole seconds left, rounded up, so a countdown never shows 0 while still cooling down.
EpochMs secondsLeft(EpochMs until, EpochMs now) {
  return (until - now + 999) / 1000;
}

} // namespace

std::optional<TraceReason> skipCode(const AgentHot& agent, std::string_view userId,
                                    const Progress& progress, EpochMs now) {
  using Code = TraceReason::Code;
  // This call's own history first: it is the reason that will not change.
  if (!progress.done.empty()) {
    if (auto outcome = progress.done.find(agent.idHash, userId)) return doneReason(*outcome);
  }
  if (!agent.available) {
    // Only the unavailable read the full record, for the reason they gave.
    return TraceReason::of(Code::Unavailable, 0, agent.state->unavailableReason);
  }
  if (agent.onCall) return TraceReason::of(Code::OnCall);
  if (agent.coolDownUntil > now) {
    return TraceReason::of(Code::CoolDown, secondsLeft(agent.coolDownUntil, now));
  }
  if (agent.devices <= 0) return TraceReason::of(Code::Unreachable);
  return std::nullopt;
}

std::optional<std::string> skipReason(const AgentState& agent, const Progress& progress,
                                      EpochMs now) {
  return skipReason(AgentHot::of(agent), agent.userId, progress, now);
}

std::optional<std::string> skipReason(const AgentHot& agent, const std::string& userId,
                                      const Progress& progress, EpochMs now) {
  auto reason = skipCode(agent, userId, progress, now);
  if (!reason) return std::nullopt;
  return reason->text();
}

} // namespace sb::routing
