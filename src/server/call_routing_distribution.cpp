// R-20..R-23: a lead posted for distribution is a call that starts at us. Each time the
// B2BUA asks, the next batch of the group's users eligible now for this lead (R-4, the
// filter applied to the lead) is handed out, longest idle first, at most the ring-all
// limit; the first to press 1 becomes the lead's primary agent and gets an application;
// when nobody is left to ring and nobody took it, the lead becomes a lead exception with
// the reason (and stays unassigned).
#include "server/call_routing.hpp"

#include "calls/b2bua.hpp"
#include "common/log.hpp"
#include "routing/group.hpp"
#include "server/event_feed.hpp"
#include "store/id.hpp"

#include <algorithm>

namespace sb::server {

std::optional<calls::DistributionStart> CallRoutingService::startDistribution(const std::string& callId,
                                                                             const store::Lead& lead,
                                                                             const std::string& groupId,
                                                                             std::string& refusal) {
  if (!groups_.contains(groupId)) {
    refusal = "no group " + groupId;
    return std::nullopt;
  }
  if (lead.phones.empty()) {
    refusal = "the lead has no phone number to call";
    return std::nullopt;
  }
  leads_.upsert(routing::LeadInfo{lead.id, lead.ownerUserId, lead.attributes, lead.name, lead.createdAt},
                lead.phones);
  ActiveCall call;
  call.direction = calls::CallDirection::Distribution;
  call.callerE164 = lead.phones.front();
  call.leadId = lead.id;
  call.callerKnown = true;
  call.distribution.emplace();
  call.distribution->groupId = groupId;
  calls_[callId] = std::move(call);

  calls::DistributionStart start;
  start.record.callId = callId;
  start.record.direction = calls::CallDirection::Distribution;
  start.record.numberE164 = lead.phones.front();
  start.record.callerE164 = organizationCallerId();
  start.record.startedAtMs = nowMs();
  start.record.leadId = lead.id;
  start.leadName = lead.name.empty() ? lead.phones.front() : lead.name;
  return start;
}

std::string CallRoutingService::organizationCallerId() const {
  if (!settings_.companyPhone.empty()) return settings_.companyPhone;
  return numbers_.empty() ? std::string() : numbers_.begin()->first;
}

std::string CallRoutingService::callerIdFor(const std::string& userId) {
  // The user's own caller ID, else a number assigned to them, else the organization's.
  if (auto it = callerIds_.find(userId); it != callerIds_.end() && !it->second.empty()) return it->second;
  for (const auto& [e164, number] : numbers_)
    if (number.assignedUserId == userId) return e164;
  return organizationCallerId();
}

calls::Route CallRoutingService::nextDistributionBatch(const std::string& callId, ActiveCall& call) {
  Distribution& distribution = *call.distribution;
  calls::Route route; // Hangup unless someone is left to ring
  const auto group = groups_.find(distribution.groupId);
  std::optional<routing::LeadInfo> lead = call.leadId ? leads_.find(*call.leadId) : std::nullopt;
  if (group == groups_.end() || !lead) {
    traceLine(callId, "", "hangup", "distribution: the group or the lead is gone");
    return route;
  }
  const auto now = nowMs();
  std::vector<const routing::AgentState*> eligible;
  for (const auto& userId : routing::groupMembers(group->second, board_, lead->attributes)) {
    const auto* agent = board_.find(userId);
    if (agent == nullptr) continue;
    if (auto why = routing::skipReason(*agent, call.progress, now)) {
      // Users this lead already rang are not traced again for each batch.
      if (!call.progress.done.find(userId)) traceLine(callId, userId, "skip", "distribution: " + *why);
      continue;
    }
    eligible.push_back(agent);
  }
  if (eligible.empty()) {
    traceLine(callId, "", "hangup",
              distribution.offered == 0 ? "distribution: nobody in group " + group->second.name + " can take it now"
                                        : "distribution: nobody left to ring in group " + group->second.name);
    return route;
  }
  std::stable_sort(eligible.begin(), eligible.end(),
                   [](const auto* a, const auto* b) { return a->idleSince < b->idleSince; });
  const auto limit = static_cast<std::size_t>(std::clamp(settings_.ringAllBatch, 1, routing::kMaxRingAllBatch));
  if (eligible.size() > limit) eligible.resize(limit);
  route.kind = calls::Route::Kind::Offer;
  route.confirm = true; // every answer hears "new lead ..., press 1 to take it"
  route.ringTimeout = common::Duration{std::int64_t{settings_.defaultRingTimeoutSeconds} * 1000};
  ++distribution.batches;
  for (const auto* agent : eligible) {
    route.users.push_back(agent->userId);
    routing::markDone(call.progress, agent->userId);
    traceLine(callId, agent->userId, "offer",
              "distribution batch " + std::to_string(distribution.batches) + " (group " + group->second.name + ")");
  }
  distribution.offered += static_cast<int>(eligible.size());
  addAnswerMethods(route);
  return route;
}

void CallRoutingService::distributionOfferEnded(ActiveCall& call, calls::OfferStatus status) {
  if (status == calls::OfferStatus::Declined) ++call.distribution->declined;
}

void CallRoutingService::leadTaken(ActiveCall& call, const std::string& callId, const std::string& userId) {
  Distribution& distribution = *call.distribution;
  if (distribution.takenBy || !call.leadId) return;
  distribution.takenBy = userId;
  const std::string leadId = *call.leadId;
  // the first to press 1 is the lead's primary agent, whoever owned it before.
  auto assigned = [this, leadId, userId] {
    if (events_) events_->leadAssigned(leadId, userId);
  };
  if (!db_.leadAssigned(leadId, userId, false, report("lead assigned", assigned)))
    SB_LOG_ERROR("store: write queue full; lead {} not assigned", leadId);
  leads_.setOwner(leadId, userId);
  store::Application application;
  application.id = store::newId(nowMs());
  application.leadId = leadId;
  application.userId = userId;
  application.callId = callId;
  application.createdAt = nowMs();
  if (!db_.applicationCreated(application, report("application")))
    SB_LOG_ERROR("store: write queue full; application of lead {} not stored", leadId);
}

void CallRoutingService::distributionEnded(const ActiveCall& call, const std::string& callId,
                                           calls::CallStatus status) {
  const Distribution& distribution = *call.distribution;
  if (distribution.takenBy || !call.leadId) return;
  store::LeadException exception;
  exception.id = store::newId(nowMs());
  exception.leadId = *call.leadId;
  exception.groupId = distribution.groupId;
  exception.callId = callId;
  exception.createdAt = nowMs();
  const int missed = distribution.offered - distribution.declined;
  if (distribution.offered == 0) {
    exception.reason = status == calls::CallStatus::Failed ? "failed" : "nobody_eligible";
    exception.detail = status == calls::CallStatus::Failed ? "the distribution call failed before anyone was rung"
                                                           : "nobody in the group could take a call";
  } else if (missed == 0) {
    exception.reason = "all_declined";
    exception.detail = std::to_string(distribution.offered) + " rung, all declined";
  } else {
    exception.reason = "no_answer";
    exception.detail = std::to_string(distribution.offered) + " rung, " + std::to_string(distribution.declined) +
                       " declined, " + std::to_string(missed) + " did not take it";
  }
  raiseLeadException(exception);
}

void CallRoutingService::raiseLeadException(const store::LeadException& exception) {
  auto published = [this, exception] {
    if (events_) events_->leadException(exception);
  };
  if (!db_.leadExceptionRaised(exception, report("lead exception", published)))
    SB_LOG_ERROR("store: write queue full; lead exception of {} not stored", exception.leadId);
}

void CallRoutingService::distributionNotStarted(const std::string& callId, const store::Lead& lead,
                                                const std::string& groupId, const std::string& why) {
  calls_.erase(callId);
  store::LeadException exception;
  exception.id = store::newId(nowMs());
  exception.leadId = lead.id;
  exception.groupId = groupId;
  exception.reason = "not_started";
  exception.detail = why;
  exception.createdAt = nowMs();
  raiseLeadException(exception);
}

void CallRoutingService::traceLine(const std::string& callId, const std::string& userId, const std::string& action,
                                   const std::string& reason) {
  store::TraceEntry entry;
  entry.callId = callId;
  entry.at = nowMs();
  if (!userId.empty()) entry.userId = userId;
  entry.action = action;
  entry.reason = reason;
  if (!db_.traceAppend(entry, report("trace"))) SB_LOG_ERROR("store: write queue full; trace of {} lost", callId);
}

} // namespace sb::server
