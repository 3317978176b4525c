// Loading what routing reads, admitting inbound calls and turning routing decisions into
// the B2BUA's routes.
#include "server/call_routing.hpp"

#include "common/log.hpp"
#include "server/event_feed.hpp"

#include <algorithm>
#include <set>

namespace sb::server {

namespace {

routing::AgentState agentOf(const store::User& user) {
  routing::AgentState a;
  a.userId = user.id;
  a.name = user.name;
  a.available = user.availability == store::Availability::Available;
  a.unavailableReason = user.availabilityReason;
  a.coolDownOverride = user.coolDownSeconds;
  a.hasAssignedNumber = user.assignedNumberId.has_value();
  a.attributes = user.attributes;
  return a;
}

routing::NumberInfo numberOf(const store::PhoneNumber& n) {
  return routing::NumberInfo{n.e164, n.assignedUserId, n.forwardingNumber, n.callFlowId};
}

calls::Route routeOf(const routing::Decision& d) {
  calls::Route r;
  r.ringTimeout = common::Duration{std::int64_t{d.ringTimeoutSeconds} * 1000};
  r.confirm = d.confirm;
  switch (d.kind) {
  case routing::Decision::Kind::Offer:
    r.kind = calls::Route::Kind::Offer;
    r.users = d.users;
    break;
  case routing::Decision::Kind::Dial:
    r.kind = calls::Route::Kind::Dial;
    r.number = d.number;
    break;
  case routing::Decision::Kind::Voicemail: r.kind = calls::Route::Kind::Voicemail; break;
  case routing::Decision::Kind::Hangup: r.kind = calls::Route::Kind::Hangup; break;
  }
  return r;
}

} // namespace

common::Result<LeadPolicy> parseLeadPolicy(const nlohmann::json& settings) {
  LeadPolicy policy;
  if (!settings.is_object()) return policy;
  if (auto it = settings.find("create_lead_for_unknown_caller"); it != settings.end() && !it->is_null()) {
    if (!it->is_string()) return common::makeError("create_lead_for_unknown_caller: expected a string");
    auto v = it->get<std::string>();
    if (v == "on_answer") policy.createForUnknownCaller = LeadPolicy::CreateFor::OnAnswer;
    else if (v == "on_arrival") policy.createForUnknownCaller = LeadPolicy::CreateFor::OnArrival;
    else if (v == "never") policy.createForUnknownCaller = LeadPolicy::CreateFor::Never;
    else return common::makeError("create_lead_for_unknown_caller: expected on_answer, on_arrival or never");
  }
  if (auto it = settings.find("lead_assignment"); it != settings.end() && !it->is_null()) {
    if (!it->is_string()) return common::makeError("lead_assignment: expected a string");
    auto v = it->get<std::string>();
    if (v == "always") policy.assignOnlyIfUnowned = false;
    else if (v == "if_unowned") policy.assignOnlyIfUnowned = true;
    else return common::makeError("lead_assignment: expected always or if_unowned");
  }
  return policy;
}

CallRoutingService::CallRoutingService(store::Store& db, const common::Clock& clock, int defaultRingTimeoutSeconds)
    : db_(db), clock_(clock), defaultRingTimeoutSeconds_(defaultRingTimeoutSeconds) {}

store::EpochMs CallRoutingService::nowMs() const { return common::toEpochMs(clock_.wallNow()); }

common::Result<CallRoutingService::Loaded> CallRoutingService::load() {
  Loaded loaded;
  if (auto e = loadSetup(loaded)) return *e;
  auto leads = db_.forEachLead([this](const store::Lead& lead) {
    leads_.upsert(routing::LeadInfo{lead.id, lead.ownerUserId, lead.attributes, lead.name, lead.createdAt},
                  lead.phones);
  });
  if (!leads) return leads.error();
  loaded.leads = static_cast<std::size_t>(*leads);
  return loaded;
}

std::optional<common::Error> CallRoutingService::reload() {
  Loaded loaded;
  return loadSetup(loaded);
}

std::optional<common::Error> CallRoutingService::loadSetup(Loaded& loaded) {
  // Everything is read and checked first, then applied, so that an error changes nothing.
  auto org = db_.organization();
  if (!org) return org.error();
  nlohmann::json settings = *org ? (*org)->settings : nlohmann::json::object();
  auto parsed = routing::parseSettings(settings, *org ? (*org)->companyPhone : "");
  if (!parsed) return common::makeError("organization settings: " + parsed.error().message);
  routing::Settings newSettings = *parsed;
  if (!settings.is_object() || !settings.contains("ring_timeout_seconds"))
    newSettings.defaultRingTimeoutSeconds = defaultRingTimeoutSeconds_;
  auto policy = parseLeadPolicy(settings);
  if (!policy) return common::makeError("organization settings: " + policy.error().message);

  auto users = db_.listUsers();
  if (!users) return users.error();
  auto numbers = db_.listNumbers();
  if (!numbers) return numbers.error();
  std::map<std::string, routing::NumberInfo, std::less<>> newNumbers;
  for (const auto& n : *numbers) newNumbers[n.e164] = numberOf(n);

  auto flows = db_.listCallFlows();
  if (!flows) return flows.error();
  std::map<std::string, routing::CallFlow> newFlows;
  for (const auto& f : *flows) {
    auto steps = routing::parseSteps(f.steps);
    if (!steps) return common::makeError("call flow '" + f.name + "': " + steps.error().message);
    newFlows[f.id] = routing::CallFlow{f.id, f.name, *steps};
  }
  auto groups = db_.listGroups();
  if (!groups) return groups.error();
  std::map<std::string, routing::Group> newGroups;
  for (const auto& g : *groups) {
    routing::Group group{g.id, g.name, g.memberIds, std::nullopt};
    if (!g.filter.empty()) {
      auto filter = routing::Filter::parse(g.filter);
      if (!filter) return common::makeError("group '" + g.name + "' filter: " + filter.error().message);
      group.filter = std::move(*filter);
    }
    newGroups[g.id] = std::move(group);
  }

  settings_ = newSettings;
  leadPolicy_ = *policy;
  std::set<std::string> present;
  answerMethods_.clear();
  callerIds_.clear();
  for (const auto& u : *users) {
    present.insert(u.id);
    board_.upsert(agentOf(u));
    auto has = [&](store::DeviceKind kind) {
      return std::find(u.answerMethods.begin(), u.answerMethods.end(), kind) != u.answerMethods.end();
    };
    answerMethods_[u.id] = AnswerMethods{has(store::DeviceKind::RingThrough) ? u.ringThroughNumber : "",
                                         has(store::DeviceKind::Sip), has(store::DeviceKind::Browser)};
    callerIds_[u.id] = u.callerId;
    setReachableDevices(u.id, registered_[u.id]);
  }
  std::vector<std::string> removed;
  for (const auto* agent : board_.all())
    if (!present.contains(agent->userId)) removed.push_back(agent->userId);
  for (const auto& id : removed) board_.remove(id);
  numbers_ = std::move(newNumbers);
  flows_ = std::move(newFlows);
  groups_ = std::move(newGroups);
  loaded.users = users->size();
  loaded.numbers = numbers_.size();
  loaded.flows = flows_.size();
  loaded.groups = groups_.size();
  return std::nullopt;
}

void CallRoutingService::setReachableDevices(const std::string& userId, int devices) {
  registered_[userId] = devices;
  // A ring-through number is always there to ring, registered phones or not.
  board_.setDevices(userId, devices + (hasRingThrough(userId) ? 1 : 0));
}

bool CallRoutingService::hasRingThrough(const std::string& userId) const {
  auto methods = answerMethods_.find(userId);
  return methods != answerMethods_.end() && !methods->second.ringThroughE164.empty();
}

std::optional<calls::CallRouting::Admission> CallRoutingService::admit(const std::string& callId,
                                                                       const std::string& dialledE164,
                                                                       const std::string& callerE164) {
  auto number = numbers_.find(dialledE164);
  if (number == numbers_.end()) return std::nullopt;
  ActiveCall call;
  call.number = number->second;
  call.callerE164 = callerE164;
  // one lead with the caller's number is the caller; several are for the agent to
  // choose from at answer time; none may get a new lead now or at answer, per the setting.
  auto matches = callerE164.empty() ? std::vector<routing::LeadInfo>{} : leads_.findByPhone(callerE164);
  call.callerKnown = !matches.empty();
  if (matches.size() == 1) call.leadId = matches.front().id;
  if (matches.empty() && !callerE164.empty() &&
      leadPolicy_.createForUnknownCaller == LeadPolicy::CreateFor::OnArrival)
    call.leadId = createLeadFor(callerE164);
  Admission admission{call.number.e164, call.leadId, matches.size() == 1 ? matches.front().name : ""};
  calls_[callId] = std::move(call);
  return admission;
}

calls::Route CallRoutingService::next(const std::string& callId) {
  auto it = calls_.find(callId);
  if (it == calls_.end()) return calls::Route{};
  ActiveCall& call = it->second;
  if (call.distribution) return nextDistributionBatch(callId, call);
  const routing::CallFlow* flow = nullptr;
  if (call.number.callFlowId) {
    auto f = flows_.find(*call.number.callFlowId);
    if (f != flows_.end()) flow = &f->second;
  }
  std::optional<routing::LeadInfo> lead = call.leadId ? leads_.find(*call.leadId) : std::nullopt;
  routing::CallContext ctx{call.number, flow, lead ? &*lead : nullptr, settings_, board_, groups_, nowMs(), random_()};
  routing::Decision decision = routing::next(ctx, call.progress);
  writeTrace(callId, decision.trace);
  calls::Route route = routeOf(decision);
  // SIP phones confirm when the step or the organization says so; ring-through
  // numbers always do (the B2BUA sees to that).
  route.confirm = decision.confirm || settings_.confirmOnSipPhones;
  addAnswerMethods(route);
  return route;
}

void CallRoutingService::addAnswerMethods(calls::Route& route) const {
  for (const auto& user : route.users) {
    auto methods = answerMethods_.find(user);
    if (methods == answerMethods_.end()) continue;
    if (!methods->second.ringThroughE164.empty()) route.ringThrough[user] = methods->second.ringThroughE164;
    if (!methods->second.sipPhones) route.noSipPhones.insert(user);
    if (!methods->second.browsers) route.noBrowsers.insert(user);
  }
}

void CallRoutingService::offered(const std::string& callId, const std::string& userId) {
  if (calls_.count(callId) != 0) board_.offered(userId, nowMs());
}

void CallRoutingService::offerEnded(const std::string& callId, const std::string& userId,
                                    calls::OfferStatus status) {
  auto it = calls_.find(callId);
  if (it == calls_.end()) return;
  if (it->second.distribution) distributionOfferEnded(it->second, status);
  // a user whose offer of this call ended is not offered it again.
  routing::markDone(it->second.progress, userId,
                    status == calls::OfferStatus::Declined   ? routing::OfferOutcome::Declined
                    : status == calls::OfferStatus::NoAnswer ? routing::OfferOutcome::Missed
                                                             : routing::OfferOutcome::Offered);
  if (status == calls::OfferStatus::Declined) {
    board_.declined(userId);
  } else if (status == calls::OfferStatus::NoAnswer) {
    // enough missed offers in a row make the user unavailable, with the reason.
    if (board_.missed(userId, settings_, nowMs())) {
      const auto* agent = board_.find(userId);
      std::string reason = agent != nullptr ? agent->unavailableReason : "missed calls";
      SB_LOG_INFO("user {} set unavailable: {}", userId, reason);
      auto published = [this, userId, reason] {
        if (events_) events_->availabilityChanged(userId, false, reason);
      };
      if (!db_.availabilityChanged(userId, store::Availability::Unavailable, reason,
                                   report("availability", published)))
        SB_LOG_ERROR("store: write queue full; availability of {} not stored", userId);
    }
  }
}

void CallRoutingService::writeTrace(const std::string& callId, const std::vector<routing::TraceLine>& lines) {
  for (const auto& line : lines) {
    store::TraceEntry entry;
    entry.callId = callId;
    entry.at = nowMs();
    if (!line.userId.empty()) entry.userId = std::string(line.userId);
    entry.action = std::string(line.action);
    entry.reason = line.reason.text();
    if (!db_.traceAppend(entry, report("trace"))) SB_LOG_ERROR("store: write queue full; trace of {} lost", callId);
  }
}

store::Completion CallRoutingService::report(const char* what, std::function<void()> committed) {
  return [what, committed = std::move(committed)](store::WriteOutcome outcome) {
    if (!outcome.ok()) SB_LOG_ERROR("store: {} failed: {}", what, outcome.error().message);
    else if (committed) committed();
  };
}

} // namespace sb::server
