#pragma once
// A call as the B2BUA holds it: the caller's leg (we are its UAS, or for a distribution
// call its UAC: the lead we called), the branches we ring (we are their UAC), the offers
// those branches belong to, and once someone answers, the connected callee leg. Everything here is plain state; the behaviour
// is in B2bua.
#include "calls/ports.hpp"
#include "common/clock.hpp"
#include "common/scheduler.hpp"
#include "sdp/session.hpp"
#include "sip/dialog/dialog.hpp"
#include "sip/transaction/transaction_layer.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sb::calls {

using sip::transaction::ClientTransactionId;
using sip::transaction::ServerTransactionId;

enum class CallPhase {
  Starting,  // waiting for the call-started write to commit
  Ringing,   // branches out
  Answering, // a branch answered; waiting for the answer to commit, then 200 to the caller
  CallingLead, // an agent took a distributed lead; the lead's number rings (Call::leadDial)
  Connected, // both legs up
  Voicemail, // the caller is answered by voicemail; nobody else is on the call
  Ended,     // both legs torn down; removed once transactions settle
};

// One attempt to give the call to one user (R-6: all their devices ring at once).
struct Offer {
  std::string id;
  std::string userId;
  OfferStatus status = OfferStatus::Ringing;
  int branchesOpen = 0;
  std::string lastFailure; // e.g. "486 Busy Here"
  int round = 0;           // the route it belongs to (Call::round)
  std::string transferredBy; // an offer a transfer made, by this user
};

// a transfer ringing its target while the caller is on hold. Its offers are the
// call's, in a round of their own; the first to accept takes the agent's place.
struct Transfer {
  std::string byUserId;   // who transferred: stored on its offers, told how it ends
  std::string fromUserId; // the agent on the call when it started
  TransferTarget target;
  int round = 0;          // Offer::round of its offers
  common::TimerId timer = 0;
  bool wasOnHold = false; // the hold state the call goes back to when it fails
  bool agentGone = false; // the agent hung up meanwhile: a failure sends the caller to voicemail
};

// One leg's media as the engine anchors it: our port, and the descriptions we sent on it.
struct MediaSide {
  MediaLeg leg;                        // id 0 until opened
  std::optional<sdp::Session> local;   // the last description we sent on this leg
  // Our offer whose answer comes in the leg's ACK (an INVITE or re-INVITE without SDP).
  std::optional<sdp::Session> offerAwaitingAck;
};

// One INVITE to one device contact.
struct Branch {
  ClientTransactionId tx = 0;
  std::string offerId;
  DeviceContact device;
  sip::Message invite;                   // as sent (for CANCEL, auth retries, the dialog)
  std::optional<sip::dialog::Dialog> dialog; // once a response with a To tag came
  bool provisional = false;
  bool final = false;
  int authAttempts = 0;
  bool confirm = false;    // its answer needs a key press
  bool confirming = false; // answered; the prompt plays and we wait for 1 or 2
  common::TimerId confirmTimer = 0;
  // Each device negotiates with a port of its own, so that one can hear a prompt and
  // press a key while the others still ring; the winner's becomes the call's.
  MediaSide media;
};

// The customer's side: the INVITE we answer. A distribution call has no INVITE to
// answer: `tx` stays 0 with `ringingSent` and `finalSent` set from the start, and once the
// lead we called answers, `dialog` is that dialog (ours as UAC) and `source` the trunk.
struct CallerLeg {
  ServerTransactionId tx = 0;
  sip::Message invite;
  net::Endpoint source;
  std::string localTag;
  std::optional<sip::dialog::Dialog> dialog; // once we answered 2xx
  bool ringingSent = false;
  bool finalSent = false;
  bool acked = false;
};

// A 2xx we sent to an INVITE (the first answer or a relayed re-INVITE's) and must
// retransmit over UDP until the leg's ACK arrives (RFC 3261 13.3.1.4).
struct UnackedAnswer {
  ServerTransactionId tx = 0;
  sip::Message response;
  common::TimerId timer = 0;
};

// A request relayed from one leg to the other, waiting for the other side's answer.
struct Relay {
  std::string callId;
  ServerTransactionId from = 0; // the server transaction to answer
  bool fromCaller = true;
  std::string method;
};

struct Call {
  std::string id;
  CallDirection direction = CallDirection::Inbound;
  CallPhase phase = CallPhase::Starting;
  CallStarted record;
  std::string callerName; // for the confirmation prompt: the lead's name, or the caller's number
  CallerLeg caller;
  std::map<std::string, Offer> offers;          // by offer id
  std::map<ClientTransactionId, Branch> branches; // ringing or settling
  std::optional<ClientTransactionId> winner;     // the answered branch
  std::optional<sip::dialog::Dialog> callee;     // the connected leg
  MediaSide callerMedia;                         // the caller's leg (the INVITE we answer)
  MediaSide calleeMedia;                         // the connected callee's leg (the winning branch's)
  bool ringbackPlaying = false;
  common::TimerId ringTimer = 0;
  // Each route routing hands out (a batch of users, a number) is one round; offers of
  // an earlier round that answer late are released, not connected.
  int round = 0;
  int routesTaken = 0; // bounds a routing loop that would never ring anyone
  common::TimePoint answeredAt{};
  bool answered = false; // both legs were connected
  bool onHold = false;   // put on hold from the app: the legs hear hold audio, not each other
  std::string agentUserId; // the user on the call now: who answered, then who took a transfer
  std::optional<Transfer> transfer;
  // our INVITE to the lead of a distribution call, from the agent taking it until the
  // lead's final answer; its media becomes the caller's leg when the lead answers.
  std::optional<Branch> leadDial;
  std::map<bool, UnackedAnswer> unacked; // by leg: true for the caller's
  int lastFailureCode = 0;
  CallStatus endStatus = CallStatus::Completed;
  std::string endReason;
};

// Inbound and distribution calls ring what routing decides, one round at a time, and
// routing hears about every offer; a call from a device rings what it dialled.
inline bool followsRouting(const Call& call) { return call.direction != CallDirection::Outbound; }

} // namespace sb::calls
