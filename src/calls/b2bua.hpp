#pragma once
// The back-to-back user agent: turns an inbound INVITE into a call, rings every
// device of the users routing picked, connects the first to answer and
// relays everything in-dialog between the two legs. It is the only place that turns
// routing decisions into SIP. Runs on the signalling loop; no locks.
#include "calls/call.hpp"
#include "calls/ports.hpp"
#include "common/clock.hpp"
#include "common/scheduler.hpp"
#include "sdp/capabilities.hpp"
#include "sip/transaction/transaction_layer.hpp"

#include <functional>
#include <memory>
#include <unordered_map>
#include <variant>

namespace sb::calls {

struct Trunk {
  std::string address;     // requests from here are inbound calls
  std::uint16_t port = 0;  // 0: any source port; for sending, 5060
  net::TransportKind transport = net::TransportKind::Udp;
};

struct B2buaConfig {
  std::vector<Trunk> trunks;
  common::Duration ringTimeout{30'000};
  std::string defaultCountryCode = "1";
  std::string userAgent = "Switchboard";
  // RFC 3261 timers for the 2xx we retransmit to the caller until its ACK (13.3.1.4).
  common::Duration t1{500};
  common::Duration t2{4000};
  // What our side of every leg offers and accepts (codecs, telephone-event, ptime).
  sdp::Capabilities media;
  // While offers ring, the caller gets a 180 (its phone makes the ring) or a 183 with our
  // SDP and a ring tone played by the engine (for trunks that play nothing on a 180).
  enum class Ringback { Signal, Tone };
  Ringback ringback = Ringback::Signal;
  // the longest voicemail message.
  common::Duration voicemailMaxLength{120'000};
  // how long a device that answered has to press 1 or 2, prompt included.
  common::Duration confirmTimeout{15'000};
};

// R-20..R-23: a new lead to give to one of a group's users.
struct DistributionStart {
  CallStarted record;   // direction Distribution; numberE164: the lead's number (E.164) that
                        // is called once someone takes it; callerE164: the organization's
                        // caller ID, the From the agents' devices see; leadId: the lead
  std::string leadName; // heard in "new lead <name>, press 1 to take it"
};

// RFC 3326: why a device stops ringing when another took the call.
inline const sip::Header kCompletedElsewhere{"Reason", "SIP;cause=200;text=\"Call completed elsewhere\""};
// RFC 3326: why the agent's leg ends when the target of their transfer took the call.
inline const sip::Header kCallTransferred{"Reason", "SIP;cause=200;text=\"Call transferred\""};

struct B2buaDeps {
  const common::Clock& clock;
  common::Scheduler& scheduler;
  sip::transaction::TransactionLayer& transactions;
  // Our own address for Via and Contact on messages sent over a transport.
  std::function<net::Endpoint(net::TransportKind)> localEndpoint;
  DeviceDirectory& devices;
  CallRouting& routing;
  DeviceAuthenticator& authenticator;
  ChallengeAnswerer& trunkCredentials;
  CallLog& log;
  CallMedia& media;
};

class B2bua final : public sip::transaction::TransactionUser {
public:
  B2bua(B2buaDeps deps, B2buaConfig config);
  ~B2bua() override;

  // TransactionUser
  void onRequest(ServerTransactionId tx, const sip::Message& request, const net::Endpoint& source) override;
  void onAck(const sip::Message& ack, const net::Endpoint& source) override;
  void onCancel(ServerTransactionId inviteTx, const sip::Message& cancel) override;
  void onResponse(ClientTransactionId tx, const sip::Message& response) override;
  void onClientFailure(ClientTransactionId tx, const sip::Message& timeout) override;
  void onServerAckTimeout(ServerTransactionId tx) override;

  // Stop taking new calls (INVITEs get 503 with Retry-After); calls in progress go on.
  void drain() { draining_ = true; }
  // Hangs up every call (BYE or CANCEL/487 as the phase needs), for the end of a grace period.
  void hangUpAll(const std::string& reason);
  std::size_t activeCalls() const { return calls_.size(); }
  // Starts the distribution call; false (and nothing started) while draining.
  // Routing's rounds ring the agents (every phone answer confirmed, R-21); the first to
  // take it is told to routing as connected, then the lead is called and bridged.
  // A call id already in progress is refused too.
  bool distributeLead(const DistributionStart& start);
  // the user can no longer take calls (every device gone, or unavailable): their
  // offers still ringing are withdrawn (CANCEL with the reason) and routing goes on with
  // the others, or the next round.
  void withdrawOffers(const std::string& userId, const std::string& reason);
  // R-10 from the app: the user declines their offer of this call; their devices stop
  // ringing (CANCEL, Reason 603) and routing goes on without them. False when the user
  // has no offer of this call ringing.
  bool declineOffer(const std::string& callId, const std::string& userId);
  // Hangs up one call, as hangUpAll does for all. False when the call is not in progress.
  bool hangUpCall(const std::string& callId, const std::string& reason);
  // Puts a connected call on hold (the customer hears music, the agent silence; the
  // recording goes on) or takes it off hold. Only the agent on the call now (who answered
  // it, or took it by a transfer) or an admin may: `byUserId` is who asks ("" for the admin
  // token) and goes into the call's trace.
  enum class HoldResult { Done, NotConnected, NotFound, NotYours, Transferring };
  HoldResult holdCall(const std::string& callId, bool hold, const std::string& byUserId, bool byAdmin);
  // R-9 from the app: the user's phone has answered and is asking for 1 (a ring-through
  // mobile, or a SIP phone with confirmation); accepting in the app is pressing 1.
  // NothingToConfirm when the user's offer is ringing but no device of theirs is at the
  // prompt (they answer on the device itself); NotOffered when no offer of theirs rings.
  enum class AcceptResult { Accepted, NothingToConfirm, NotOffered };
  AcceptResult acceptOffer(const std::string& callId, const std::string& userId);
  // rings `target` for the connected call `callId` while the caller is on hold; the
  // first to accept takes the agent's place. `byUserId` is who asks ("" for the admin
  // token: then the agent on the call counts as transferring); only that agent or an admin
  // may. Ringing once the target's devices ring; otherwise why not (`refusal` says it for
  // TargetUnavailable).
  enum class TransferResult { Ringing, NotFound, NotConnected, NotYours, AlreadyRinging, SameUser, TargetUnavailable };
  struct TransferStart {
    TransferResult result = TransferResult::NotFound;
    std::string refusal;
    std::string byUserId; // Ringing: who counts as transferring
  };
  TransferStart transferCall(const std::string& callId, const std::string& byUserId, bool byAdmin,
                             const TransferTarget& target, common::Duration ringTimeout);
  // stops the call's ringing transfer (the transferring user or an admin): the caller
  // and agent hear each other again.
  enum class CancelResult { Cancelled, NoneRinging, NotYours };
  CancelResult cancelTransfer(const std::string& callId, const std::string& byUserId, bool byAdmin);
  bool isTrunk(const net::Endpoint& source) const;
  // The engine heard nothing on the leg for its media timeout: a connected call ends.
  void onMediaTimeout(MediaLegId leg);
  // A key pressed on a leg's phone (RFC 4733 or in-band), as the engine heard it.
  void onDigit(MediaLegId leg, char digit);
  // a voicemail recording ended; stored even when the call is already over.
  void onVoicemailRecorded(MediaLegId leg, const VoicemailRecording& recording);

  struct Stats { std::uint64_t started = 0, connected = 0, refused = 0; };
  const Stats& stats() const { return stats_; }

private:
  // What a client transaction belongs to.
  enum class ClientRole { Branch, Relay, Bye, Lead };
  struct ClientRef { std::string callId; ClientRole role; };
  struct DialogRef {
    std::string callId;
    bool callerLeg;
    ClientTransactionId confirmingBranch = 0; // a device still at the R-9 prompt
  };
  // The two legs of a new call, negotiated before it is admitted.
  struct MediaRefusal { int code; std::string reason; };

  // b2bua.cpp: dispatch and bookkeeping
  Call* findCall(const std::string& id);
  void answer(ServerTransactionId tx, const sip::Message& request, int code, std::string_view reason = {},
              std::vector<sip::Header> extra = {});
  sip::Message newRequestOnLeg(Call& call, bool callerLeg, const std::string& method);
  void addVia(sip::Message& request, net::TransportKind transport);
  sip::NameAddr ourContact(net::TransportKind transport, const std::string& user) const;
  std::int64_t nowMs() const;
  void finish(Call& call, CallStatus status, const std::string& reason);
  void removeIfSettled(const std::string& callId);
  void forgetDialogs(Call& call);
  bool checkApplicationLayer(ServerTransactionId tx, const sip::Message& request);

  // b2bua_inbound.cpp: a new call from the trunk or a device
  void startInbound(ServerTransactionId tx, const sip::Message& invite, const net::Endpoint& source);
  void startFromDevice(ServerTransactionId tx, const sip::Message& invite, const net::Endpoint& source);
  Call& createCall(ServerTransactionId tx, const sip::Message& invite, const net::Endpoint& source,
                   CallStarted record, MediaSide callerMedia);
  void afterStartCommitted(const std::string& callId, bool stored, std::vector<std::string> userIds,
                           std::optional<net::Endpoint> trunkTarget);
  // b2bua_routing.cpp: inbound calls follow what routing decides, one round at a time
  void advance(Call& call);
  bool startRoute(Call& call, const Route& route);
  // `confirm`: the answer counts once 1 is pressed (R-9; a transfer to a number).
  bool dialThroughTrunk(Call& call, const std::string& e164, bool confirm = false);
  void armRingTimer(Call& call, common::Duration timeout);
  bool roundOpen(const Call& call) const;
  void roundOver(Call& call, CallStatus status, const std::string& reason);
  // How one user is rung in a route: which devices, and which answers need a key press.
  struct RingOptions {
    bool sipPhones = true; // registered SIP phones
    bool browsers = true;  // softphones registered over WebSocket
    bool confirmSipPhones = false;
    std::string ringThroughE164; // rung through the trunk too, always confirmed
  };
  static RingOptions ringOptionsOf(const Route& route, const std::string& userId);
  bool offerToUser(Call& call, const std::string& userId, const RingOptions& options);
  ClientTransactionId sendBranch(Call& call, const std::string& offerId, const DeviceContact& device, bool confirm);
  // An out-of-dialog INVITE to `device` from us (as `fromUser`), without a body yet.
  sip::Message newInvite(const DeviceContact& device, int maxForwards, const std::string& displayName,
                         const std::string& fromUser);
  std::optional<DeviceContact> trunkContact(const std::string& e164) const;
  void ringTimedOut(const std::string& callId);
  void fallThrough(Call& call, CallStatus status, const std::string& reason);

  // b2bua_branches.cpp: responses on the branches we ring
  void onBranchResponse(Call& call, Branch& branch, const sip::Message& response);
  void onBranchAnswered(Call& call, Branch& branch, const sip::Message& response);
  // A 2xx with a dialog and usable media is ACKed and its dialog returned; otherwise the
  // device is released (ACK + BYE) and nullopt returned.
  std::optional<sip::dialog::Dialog> acceptAnswer(Call& call, Branch& branch, const sip::Message& response);
  void takeAnswer(Call& call, Branch& branch, sip::dialog::Dialog dialog);
  void onBranchFailed(Call& call, Branch& branch, int code, const std::string& reason);
  // The branch is over without an acceptance; its offer ends with `status` if it was the last.
  void endBranch(Call& call, Branch& branch, OfferStatus status, const std::string& reason);
  // Stops a branch that has not won: CANCEL while it rings, BYE while it confirms.
  void stopBranch(Call& call, ClientTransactionId tx, Branch& branch, const sip::Header& reason);
  void sendBranchBye(Call& call, Branch& branch, const sip::Header& reason);
  void onClaimDecided(const std::string& callId, ClaimOutcome outcome);
  // Sends a 2xx to an INVITE on one leg and, over UDP, keeps retransmitting it until that
  // leg's ACK (T1 doubling to T2; after 64*T1 without an ACK the call is hung up).
  void sendAnswer(Call& call, bool callerLeg, ServerTransactionId tx, sip::Message response);
  void retransmitAnswer(const std::string& callId, bool callerLeg, common::Duration interval,
                        common::Duration elapsed);
  void stopRetransmitting(Call& call, bool callerLeg);
  void withdrawOtherBranches(Call& call, ClientTransactionId except);
  void releaseLateAnswer(Call& call, Branch& branch, const sip::Message& response);
  void releaseUnusableAnswer(Call& call, Branch& branch, const sip::Message& response, const std::string& problem);
  void ackBranch(Call& call, Branch& branch, const sip::Message& response, const std::string& body,
                 const std::string& contentType);
  bool retryWithCredentials(Call& call, Branch& branch, const sip::Message& challenge);
  void closeOffer(Call& call, const std::string& offerId, OfferStatus status, const std::string& reason);

  // b2bua_media.cpp: every leg negotiates its media with us
  sdp::LocalMedia localMediaOf(const MediaSide& side) const;
  std::variant<MediaSide, MediaRefusal> negotiateCallerMedia(const std::string& callId, const sip::Message& invite);
  bool openBranchMedia(Call& call, Branch& branch, sip::Message& invite);
  void setCallerSdp(const Call& call, sip::Message& response) const;
  // The answering device's SDP configures its leg; an error says why it cannot be used.
  std::optional<std::string> acceptBranchAnswer(Branch& branch, const sip::Message& response);
  void closeBranchMedia(Branch& branch);
  void startRingback(Call& call);
  void connectMedia(Call& call);
  std::pair<MediaLegId, MediaLegId> customerAndAgent(const Call& call) const;
  void closeMedia(Call& call);
  void answerMediaRequest(Call& call, bool fromCaller, ServerTransactionId tx, const sip::Message& request);
  void takeAnswerFromAck(Call& call, bool fromCaller, const sip::Message& ack);

  // b2bua_confirm.cpp: R-9, an answer counts once the device presses 1
  void startConfirmation(Call& call, Branch& branch, const sip::Message& response);
  void onConfirmationKey(Call& call, Branch& branch, char digit);
  void endConfirmation(Call& call, Branch& branch, OfferStatus status, const std::string& reason);
  void stopConfirming(Branch& branch);
  void onConfirmingDeviceRequest(Call& call, ClientTransactionId branchTx, ServerTransactionId tx,
                                 const sip::Message& request);

  // b2bua_transfer.cpp: R-17
  bool ringTransfer(Call& call, const Route& route);
  bool isTransferOffer(const Call& call, const std::string& offerId) const;
  bool transferOpen(const Call& call) const;
  // Whether an answer on this offer's device would win now: a routing offer while the call
  // rings, or a transfer offer while its transfer rings.
  bool canWin(const Call& call, const std::string& offerId) const;
  void takeTransfer(Call& call, Branch& branch, sip::dialog::Dialog dialog);
  // Every offer of the transfer is over and nobody took it: the reason follows from them.
  void transferUnanswered(Call& call, const std::string& detail);
  void transferTimedOut(const std::string& callId);
  // Stops the transfer's branches, closes its offers with `status` and tells who asked.
  void stopTransfer(Call& call, OfferStatus status, const std::string& outcome, const sip::Header& reason,
                    const std::string& detail);
  // The transfer failed: back to the agent as before it, or to voicemail if they left.
  void transferFailed(Call& call, OfferStatus status, const std::string& outcome, const sip::Header& reason,
                      const std::string& detail);
  void agentLeftDuringTransfer(Call& call);
  void voicemailAfterTransfer(Call& call);
  // After offers were closed from outside their branches (app decline, withdrawal): the
  // round or the transfer they belonged to may be over.
  void afterOffersClosed(Call& call, const std::string& reason);

  // b2bua_distribution.cpp: R-20..R-23
  // Who the agents' devices see calling: "New lead: <name>" from the organization's caller
  // ID, or for a transfer's offer the lead by name and number.
  std::pair<std::string, std::string> distributionFrom(const Call& call, const std::string& offerId) const;
  std::string distributionEndReason(const Call& call) const;
  // The agent's claim is on disk: the lead's number is called with their caller ID.
  void callLead(Call& call);
  void onLeadResponse(Call& call, const sip::Message& response);
  void leadAnswered(Call& call, const sip::Message& response);
  // The lead cannot be reached: the agent's leg ends with why, and so does the call.
  void leadFailed(Call& call, int code, const std::string& text);
  void leadTimedOut(const std::string& callId);
  // A 2xx from the lead we no longer want (the agent left, a fork, unusable media).
  void releaseLeadAnswer(Call& call, const sip::Message& response, const sip::Header& reason);
  bool retryLeadWithCredentials(Call& call, const sip::Message& challenge);
  // The call ends: a lead INVITE still ringing is cancelled, its media closed.
  void stopLeadDial(Call& call);

  // b2bua_voicemail.cpp: R-14
  void answerWithVoicemail(Call& call);
  void answerCaller(Call& call);

  // b2bua_dialog.cpp: in-dialog requests relayed between the legs
  void onInDialogRequest(ServerTransactionId tx, const sip::Message& request, const net::Endpoint& source);
  void relay(Call& call, bool fromCaller, ServerTransactionId tx, const sip::Message& request);
  void onRelayResponse(ClientTransactionId tx, const sip::Message& response);
  void hangUp(Call& call, const std::string& reason);
  void sendBye(Call& call, bool callerLeg, const std::vector<sip::Header>& extra);

  B2buaDeps deps_;
  B2buaConfig config_;
  bool draining_ = false;
  Stats stats_;
  std::unordered_map<std::string, std::unique_ptr<Call>> calls_;
  std::unordered_map<ServerTransactionId, std::string> byServerTx_;
  std::unordered_map<ClientTransactionId, ClientRef> byClientTx_;
  std::unordered_map<ClientTransactionId, Relay> relays_;
  std::unordered_map<sip::dialog::DialogKey, DialogRef, sip::dialog::DialogKeyHash> byDialog_;
  std::unordered_map<MediaLegId, std::string> mediaLegs_; // to the call id
  // Voicemails being recorded, by the caller's leg: what storing the message needs, kept
  // until the recording ends even if the call ends first.
  struct PendingVoicemail {
    std::string callId;
    std::optional<std::string> leadId;
  };
  std::unordered_map<MediaLegId, PendingVoicemail> voicemails_;
};

} // namespace sb::calls
