#pragma once
// The server's routing: the pure routing module (src/routing) fed with what the signalling
// loop knows live (the agent board, registrations, the caller's lead) and with what the
// store holds (numbers, flows, groups, settings), and the durable side effects of each
// decision: the routing trace, leads created and assigned, follow-ups,
// availability changed by missed offers. Runs on the signalling loop only.
#include "calls/ports.hpp"
#include "common/clock.hpp"
#include "routing/agent_board.hpp"
#include "routing/filter.hpp"
#include "routing/lead_index.hpp"
#include "routing/model.hpp"
#include "routing/router.hpp"
#include "store/store.hpp"

#include <map>
#include <random>
#include <string>
#include <unordered_map>

namespace sb::calls {
struct DistributionStart;
}

namespace sb::server {

class EventFeed;

// What the organization settings say about leads, beside what routing reads.
struct LeadPolicy {
  enum class CreateFor { OnAnswer, OnArrival, Never };
  CreateFor createForUnknownCaller = CreateFor::OnAnswer; // R-1 "create_lead_for_unknown_caller"
  bool assignOnlyIfUnowned = false;                       // R-18 "lead_assignment": "always" | "if_unowned"
};
common::Result<LeadPolicy> parseLeadPolicy(const nlohmann::json& settings);

class CallRoutingService final : public calls::CallRouting {
public:
  // `defaultRingTimeoutSeconds` applies where the organization settings name none.
  CallRoutingService(store::Store& db, const common::Clock& clock, int defaultRingTimeoutSeconds);

  struct Loaded {
    std::size_t users = 0, numbers = 0, flows = 0, groups = 0, leads = 0;
  };
  // Reads everything routing needs from the store (at start). A flow or group that does not
  // parse is refused with an error that names it, so a bad configuration is seen at once.
  common::Result<Loaded> load();
  // Re-reads settings, users, numbers, flows and groups (not leads) after an admin change.
  // Calls in progress keep their state; an error (a flow or group that does not parse)
  // leaves everything as it was.
  std::optional<common::Error> reload();
  // changes made here are also published (after they are stored).
  void publishTo(EventFeed* events) { events_ = events; }

  // R-13 from the user (or an admin): stored, applied to the board, published. Returns
  // false for a user not on the board or when the write queue is full.
  bool setAvailability(const std::string& userId, bool available, const std::string& reason);
  // R-12 "ready now". False for a user not on the board.
  bool endCoolDown(const std::string& userId);
  // Leads changed through the API, for the caller lookup.
  void leadChanged(const store::Lead& lead);
  void leadRemoved(const std::string& leadId);
  // A user's live state as the API shows it; null for a user not on the board.
  nlohmann::json agentState(const std::string& userId) const;
  // Every user's live state, and the calls routing holds now.
  nlohmann::json liveBoard() const;

  // the number of devices that can ring now for a user (registrations come and go).
  void setReachableDevices(const std::string& userId, int devices);
  // Whether the user answers on a ring-through number too (reachable without a phone).
  bool hasRingThrough(const std::string& userId) const;

  // a lead to distribute to a group's users as the B2BUA call `callId`: what the
  // B2BUA needs to start it, or nullopt with `refusal` (unknown group, no phone to call).
  std::optional<calls::DistributionStart> startDistribution(const std::string& callId, const store::Lead& lead,
                                                            const std::string& groupId, std::string& refusal);
  // the B2BUA would not start it (the server is draining): a lead exception, so the
  // lead is not lost.
  void distributionNotStarted(const std::string& callId, const store::Lead& lead, const std::string& groupId,
                              const std::string& why);

  const routing::AgentBoard& board() const { return board_; }
  const routing::Settings& settings() const { return settings_; }

  // calls::CallRouting
  std::optional<Admission> admit(const std::string& callId, const std::string& dialledE164,
                                 const std::string& callerE164) override;
  calls::Route next(const std::string& callId) override;
  void offered(const std::string& callId, const std::string& userId) override;
  void offerEnded(const std::string& callId, const std::string& userId, calls::OfferStatus status) override;
  void connected(const std::string& callId, const std::string& userId, calls::CallDirection direction) override;
  void left(const std::string& callId, const std::string& userId) override;
  std::optional<calls::Route> transferRoute(const std::string& callId, const calls::TransferTarget& target,
                                            std::string& refusal) override;
  std::string callerIdFor(const std::string& userId) override;
  void ended(const std::string& callId, calls::CallStatus status, bool answered) override;

private:
  // R-20..R-23: a distribution call's own state beside its Progress.
  struct Distribution {
    std::string groupId;
    int batches = 0;
    int offered = 0;  // users rung so far
    int declined = 0; // of them, who declined
    std::optional<std::string> takenBy;
  };
  struct ActiveCall {
    routing::NumberInfo number;
    std::string callerE164;
    std::optional<std::string> leadId;
    bool callerKnown = false; // at least one lead has the caller's number
    calls::CallDirection direction = calls::CallDirection::Inbound;
    routing::Progress progress;
    std::vector<std::string> connectedUsers;
    std::optional<Distribution> distribution;
  };

  store::EpochMs nowMs() const;
  void writeTrace(const std::string& callId, const std::vector<routing::TraceLine>& lines);
  std::optional<std::string> createLeadFor(const std::string& callerE164);
  void assignLead(ActiveCall& call, const std::string& callId, const std::string& userId);
  // a follow-up for the caller; `reason` is "missed" or "voicemail".
  void recordMissed(const std::string& callId, const ActiveCall& call, const char* reason);
  store::Completion report(const char* what, std::function<void()> committed = {});
  void startCoolDown(const std::string& userId);
  // Each user's answer methods on a route that rings them.
  void addAnswerMethods(calls::Route& route) const;
  void traceLine(const std::string& callId, const std::string& userId, const std::string& action,
                 const std::string& reason);
  // call_routing_distribution.cpp
  std::string organizationCallerId() const;
  calls::Route nextDistributionBatch(const std::string& callId, ActiveCall& call);
  void distributionOfferEnded(ActiveCall& call, calls::OfferStatus status);
  void leadTaken(ActiveCall& call, const std::string& callId, const std::string& userId);
  void distributionEnded(const ActiveCall& call, const std::string& callId, calls::CallStatus status);
  void raiseLeadException(const store::LeadException& exception);
  // The settings, users, numbers, flows and groups as stored, checked, then applied.
  std::optional<common::Error> loadSetup(Loaded& loaded);

  store::Store& db_;
  EventFeed* events_ = nullptr;
  // Registered SIP and browser devices per user (a ring-through number is added on top).
  std::unordered_map<std::string, int> registered_;
  const common::Clock& clock_;
  int defaultRingTimeoutSeconds_;
  routing::Settings settings_;
  LeadPolicy leadPolicy_;
  std::map<std::string, routing::NumberInfo, std::less<>> numbers_;
  std::map<std::string, routing::CallFlow> flows_;
  std::map<std::string, routing::Group> groups_;
  routing::AgentBoard board_;
  // How each user answers: their ring-through number, and whether SIP phones and
  // the browser softphone are among their answer methods.
  struct AnswerMethods {
    std::string ringThroughE164; // empty when not an answer method
    bool sipPhones = true;
    bool browsers = true;
  };
  std::unordered_map<std::string, AnswerMethods> answerMethods_;
  std::unordered_map<std::string, std::string> callerIds_; // each user's own caller ID
  routing::LeadIndex leads_;
  std::unordered_map<std::string, ActiveCall> calls_;
  std::mt19937_64 random_{std::random_device{}()};
};

} // namespace sb::server
