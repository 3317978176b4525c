#pragma once
// What the API asks of the live call system. The server implements it by running each
// request on the signalling loop (calls, routing and the agent board live there) and
// waiting, bounded, for the answer; the API threads never touch that state directly.
#include "common/result.hpp"
#include "store/records.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace sb::api {

// a transfer the API was asked for, its body already checked.
struct TransferRequest {
  std::string callId;
  std::string byUserId; // who asks; "" for the admin token
  bool byAdmin = false;
  std::string kind;     // "user", "group" or "number"
  std::string targetId; // the user or group
  std::string number;   // E.164
  std::string name;     // the target as the app shows it
  int ringTimeoutSeconds = 20;
};

// The transfer's answer: 202 with `transfer` (the JSON the API returns), or a refusal with
// its status, its error code (409s say which: not_connected, transfer_ringing, same_user,
// target_unavailable) and message.
struct TransferReply {
  int status = 202;
  std::string code;
  std::string message;
  nlohmann::json transfer;
};

// a stored lead to distribute to a group's users, the group already checked.
struct DistributionRequest {
  std::string leadId;
  std::string groupId;
  std::string byUserId; // who posted it; "" for the admin token or an integration
};

class CallControl {
public:
  virtual ~CallControl() = default;
  // sets the user available or not (stored, then applied to routing; offers still
  // ringing for a user going unavailable are withdrawn). Returns the user's live state.
  virtual common::Result<nlohmann::json> setAvailability(const std::string& userId, bool available,
                                                         const std::string& reason) = 0;
  // R-12 "ready now": ends the user's cool-down. Returns the live state.
  virtual common::Result<nlohmann::json> endCoolDown(const std::string& userId) = 0;
  // the user declines their offer of this call; 404 when they have no offer ringing.
  virtual std::optional<common::Error> declineOffer(const std::string& callId, const std::string& userId) = 0;
  // the user's phone answered and asks for 1; accepting here is pressing it. 404 when
  // no offer of theirs rings, 409 when none of their devices is at the prompt.
  virtual std::optional<common::Error> acceptOffer(const std::string& callId, const std::string& userId) = 0;
  // Hangs up a call in progress (BYE both ways, or CANCEL while ringing); 404 when not live.
  virtual std::optional<common::Error> endCall(const std::string& callId, const std::string& reason) = 0;
  // Puts a connected call on hold (music for the customer) or takes it off, for the agent on
  // the call now or an admin (`byUserId` "" for the admin token). 404 when the call is not
  // live, 409 when it is not connected, 403 when someone else is on it.
  virtual std::optional<common::Error> holdCall(const std::string& callId, bool hold, const std::string& byUserId,
                                                bool byAdmin) = 0;
  // rings the target while the caller is on hold (see TransferReply).
  virtual TransferReply transferCall(const TransferRequest& request) = 0;
  // stops the call's ringing transfer; 404 when none rings, 403 when it is another
  // user's (admins may cancel any).
  virtual std::optional<common::Error> cancelTransfer(const std::string& callId, const std::string& byUserId,
                                                      bool byAdmin) = 0;
  // R-20..R-23: starts distributing the lead and returns at once; how it goes comes as
  // events (offers, lead.assigned) or, when nobody takes it, a lead exception. Never loses
  // the lead: a distribution that cannot start (the server is draining) is recorded as a
  // lead exception. An error only for a request that is wrong (unknown lead or group).
  virtual std::optional<common::Error> distributeLead(const DistributionRequest& request) = 0;
  // One user's live state: available, reason, reachable (devices), on a call, cool-down end.
  virtual nlohmann::json agentState(const std::string& userId) = 0;
  // Every user's live state and the calls in progress (the admin's live board).
  virtual nlohmann::json board() = 0;
  // Re-reads users, numbers, flows, groups, settings and leads after an admin change, so
  // routing uses them at once. An error (a flow that does not parse) leaves the old data.
  virtual std::optional<common::Error> reloadRouting() = 0;
  // A lead created, changed or removed through the API, for routing's caller lookup.
  virtual void leadChanged(const store::Lead& lead) = 0;
  virtual void leadRemoved(const std::string& leadId) = 0;
};

} // namespace sb::api
