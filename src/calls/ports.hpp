#pragma once
// What the B2BUA needs from the rest of the server, as narrow interfaces: the
// registrar's device contacts, the directory of numbers, authentication of device
// requests, and the durable call log. The server wires the real modules in; unit
// tests pass fakes.
#include "common/clock.hpp"
#include "net/endpoint.hpp"
#include "sdp/audio_stream.hpp"
#include "sip/message/message.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace sb::calls {

// One place a user's phone can be rung: a live registration binding.
struct DeviceContact {
  std::string userId;
  std::string deviceId;
  sip::Uri contact;    // the Request-URI for the INVITE
  net::Endpoint flow;  // where to send it (the binding's source, so NAT and TCP work)

  // A browser softphone: registered over WebSocket (RFC 7118), so it speaks WebRTC media
  // (ICE, DTLS-SRTP) and is offered UDP/TLS/RTP/SAVPF, not plain RTP.
  bool isBrowser() const {
    return flow.transport == net::TransportKind::Ws || flow.transport == net::TransportKind::Wss;
  }
};

class DeviceDirectory {
public:
  virtual ~DeviceDirectory() = default;
  virtual std::vector<DeviceContact> contactsOfUser(const std::string& userId) const = 0;
  // The user whose device has this SIP username, for calls between users.
  virtual std::optional<std::string> userOfSipUsername(const std::string& username) const = 0;
  // True if a live registration binding was made from this address (R-30: only
  // registered devices may send requests other than REGISTER).
  virtual bool isRegisteredSource(const net::Endpoint& source) const = 0;
};

struct AuthenticatedDevice {
  std::string userId;
  std::string deviceId;
  std::string sipUsername;
};

// Authenticates out-of-dialog requests from devices (RFC 3261 22): either the device,
// or the response to send (407 with a challenge, or 403).
class DeviceAuthenticator {
public:
  virtual ~DeviceAuthenticator() = default;
  virtual std::variant<AuthenticatedDevice, sip::Message> authenticate(const sip::Message& request) = 0;
};

// Names match the stored ones (store/records.hpp). A call from one user's phone to
// another user is Outbound too: it starts at an agent. A Distribution call (R-20..R-22)
// starts at us: it rings agents for a new lead, then calls the lead for the one who took it.
enum class CallDirection { Inbound, Outbound, Distribution };
enum class CallStatus { Ringing, Connected, Completed, NoAnswer, Busy, Cancelled, Failed, Voicemail };
enum class OfferStatus { Ringing, Accepted, Declined, NoAnswer, Cancelled, TakenByOther, Failed };

const char* toString(CallDirection d);
const char* toString(CallStatus s);
const char* toString(OfferStatus s);

struct CallStarted {
  std::string callId;
  CallDirection direction;
  std::string numberE164; // the number called
  std::string callerE164; // the caller's number, or "" when not a phone number
  std::string callerUserId; // for outbound and internal calls
  std::int64_t startedAtMs = 0;
  std::optional<std::string> leadId; // the caller's lead when routing knew it at arrival
};

enum class ClaimOutcome { Won, Lost, Failed };

// where a connected call is transferred: a user (all their devices ring), a group
// (its users eligible now ring at once) or a number (through the trunk, confirmed).
struct TransferTarget {
  enum class Kind { User, Group, Number };
  Kind kind = Kind::User;
  std::string id;     // the user or group
  std::string number; // Number: E.164
  std::string name;   // as the app shows it (the user's or group's name, or the number)
};

const char* toString(TransferTarget::Kind k);

// how a transfer went, for the call's trace and the event feed.
struct TransferNotice {
  enum class Kind { Started, Accepted, Failed };
  Kind kind = Kind::Started;
  std::string callId;
  std::string byUserId;   // who transferred (told how it ends)
  std::string fromUserId; // the agent on the call when it started
  TransferTarget target;
  std::string toUserId;   // Accepted: who took the call ("" for a number)
  std::string outcome;    // Failed: "declined", "no_answer", "failed" or "cancelled"
  std::string detail;     // for the trace: what happened, in words
};

// The durable record of calls. Writes that matter are acknowledged by
// `committed` after they are on disk, on the signalling loop; the call waits for it.
class CallLog {
public:
  virtual ~CallLog() = default;
  virtual void callStarted(const CallStarted& call, std::function<void(bool ok)> committed) = 0;
  // `transferredBy`: the user who transferred the call, for an offer a transfer made.
  virtual void offerCreated(const std::string& offerId, const std::string& callId, const std::string& userId,
                            const std::string& transferredBy, std::int64_t atMs) = 0;
  virtual void offerEnded(const std::string& offerId, OfferStatus status, const std::string& reason,
                          std::int64_t atMs) = 0;
  // claims the call for the user whose device answered. The store decides who was
  // first (a conditional update, so several nodes sharing a database agree); `decided`
  // runs on the signalling loop once the claim is on disk.
  virtual void claimAnswer(const std::string& callId, const std::string& offerId, const std::string& userId,
                           std::int64_t atMs, std::function<void(ClaimOutcome)> decided) = 0;
  virtual void callEnded(const std::string& callId, CallStatus status, const std::string& reason,
                         std::int64_t atMs) = 0;
  virtual void trace(const std::string& callId, const std::string& userId, const std::string& action,
                     const std::string& reason, std::int64_t atMs) = 0;
  // the caller left a message; `path` is the recording, relative to the data directory.
  virtual void voicemailLeft(const std::string& callId, const std::optional<std::string>& leadId,
                             const std::string& path, std::int64_t durationMs, std::int64_t atMs) = 0;
  // a transfer started, was taken or failed; written to the trace, then published.
  virtual void transfer(const TransferNotice& notice, std::int64_t atMs) = 0;
};

} // namespace sb::calls

namespace sb::calls {

// What routing decided to do next for an inbound call.
struct Route {
  enum class Kind { Offer, Dial, Voicemail, Hangup };
  Kind kind = Kind::Hangup;
  std::vector<std::string> users; // Offer: ring these users now (R-6: each on all their devices)
  // Offer: the users among them whose ring-through number rings too (through the trunk),
  // by user id; those answers are always confirmed.
  std::map<std::string, std::string> ringThrough;
  std::set<std::string> noSipPhones; // Offer: users whose answer methods leave out SIP phones
  std::set<std::string> noBrowsers;  // Offer: users whose answer methods leave out the browser
  std::string number;             // Dial: an E.164 number rung through the trunk
  common::Duration ringTimeout{20'000};
  bool confirm = false;           // answers on SIP phones must be confirmed with a key press
};

// Routing as the B2BUA sees it: who to ring for an inbound call, and what happened to
// the offers it made. The server implements it over the pure routing module, the live
// agent board and the caller's lead; unit tests pass a scripted fake.
class CallRouting {
public:
  struct Admission {
    std::string numberE164;
    std::optional<std::string> leadId; // the caller's lead, when exactly one matched
    std::string callerName;            // that lead's name, for the confirmation prompt
  };
  virtual ~CallRouting() = default;
  // A new inbound call from `callerE164` to `dialledE164`; nullopt when the number is not ours.
  virtual std::optional<Admission> admit(const std::string& callId, const std::string& dialledE164,
                                         const std::string& callerE164) = 0;
  // The next thing to do: at the start (after the call is stored), and again each time
  // everything the previous route started is over without an acceptance.
  virtual Route next(const std::string& callId) = 0;
  // A user was rung (round robin, R-11 counting) and their offer ended without being
  // accepted: declined, not answered, or failed.
  virtual void offered(const std::string& callId, const std::string& userId) = 0;
  virtual void offerEnded(const std::string& callId, const std::string& userId, OfferStatus status) = 0;
  // The call is connected to `userId` (empty for a number outside, or the other user
  // of an internal call): R-18 lead assignment, R-15 follow-ups closed.
  virtual void connected(const std::string& callId, const std::string& userId, CallDirection direction) = 0;
  // the user is no longer on the call, which goes on (they transferred it, or
  // hung up while their transfer rang): they are off the call and in cool-down.
  virtual void left(const std::string& callId, const std::string& userId) = 0;
  // who a transfer of the call to a user or group rings now (an Offer route with
  // their answer methods, R-4 eligibility and R-5's limit applied), or nullopt with
  // `refusal` saying why nobody can take it ("unavailable", "on a call", ...).
  virtual std::optional<Route> transferRoute(const std::string& callId, const TransferTarget& target,
                                             std::string& refusal) = 0;
  // the number the lead sees when the agent who took it is connected to them: the
  // user's own number when they have one, otherwise the organization's caller ID (E.164).
  virtual std::string callerIdFor(const std::string& userId) = 0;
  // The call is over; `answered` says whether anyone took it (R-12 cool-down, R-15
  // follow-up for a missed call).
  virtual void ended(const std::string& callId, CallStatus status, bool answered) = 0;
};

// Answers a trunk's 401/407 challenge (RFC 3261 22.2) for a request we sent: the
// Authorization or Proxy-Authorization header to add, or nullopt when we have no
// credentials for it.
class ChallengeAnswerer {
public:
  virtual ~ChallengeAnswerer() = default;
  virtual std::optional<sip::Header> answer(const sip::Message& challenge, const sip::Message& request) = 0;
};

} // namespace sb::calls

namespace sb::calls {

// The media engine as the B2BUA drives it. Every call's audio goes through the engine:
// each leg talks RTP with a port of ours, and the SDP each side sees is ours. The server
// implements this over media::Engine; unit tests pass a fake that records the commands.
using MediaLegId = std::uint64_t;

// A voicemail as the engine recorded it.
struct VoicemailRecording {
  std::string path;             // relative to the data directory
  common::Duration length{0};   // of audio recorded
  // The caller is still on the line (they pressed '#' or reached the maximum length) and
  // hears "message saved" for this long; the call ends after it.
  bool callerStillThere = false;
  common::Duration goodbye{0};
};

struct MediaLeg {
  MediaLegId id = 0;
  std::string address; // what goes into our SDP's c=
  std::uint16_t port = 0;
  // A WebRTC leg's ICE credentials and certificate fingerprint; `setup` is our DTLS role
  // once an exchange settled it (actpass before).
  std::optional<sdp::WebRtcParameters> webrtc;
};

// Plain RTP (phones, trunks) or WebRTC (browser softphones).
enum class MediaLegKind { Rtp, WebRtc };

class CallMedia {
public:
  virtual ~CallMedia() = default;
  // A port pair for one leg of `callId`; nullopt when none is free.
  virtual std::optional<MediaLeg> openLeg(const std::string& callId, MediaLegKind kind) = 0;
  // What the leg's offer/answer settled, after each exchange (the first, hold, resume).
  virtual void configure(MediaLegId leg, const sdp::AudioStream& stream) = 0;
  // The caller hears a ring tone while the offers ring (the 183 ringback setting).
  virtual void playRingback(MediaLegId leg) = 0;
  // the answering device hears who is calling ("call from <caller>") and is asked to
  // press 1 to accept or 2 to decline; for a lead being distributed (R-21) it hears "new
  // lead <name>, press 1 to take it". The key comes back through B2bua::onDigit.
  enum class Confirmation { Call, NewLead };
  virtual void playConfirmation(MediaLegId leg, const std::string& name, Confirmation kind) = 0;
  // what the device hears after pressing 2, or when no key came in time, before we
  // hang up on it. Returns how long that takes (zero: hang up at once).
  enum class Farewell { Declined, NoKey };
  virtual common::Duration playFarewell(MediaLegId leg, Farewell farewell) = 0;
  // the caller hears the greeting and a beep, then what they say is recorded until
  // '#', `maxLength` or hangup; then (unless they hung up) "message saved". What was
  // recorded comes back through B2bua::onVoicemailRecorded.
  virtual void startVoicemail(MediaLegId leg, const std::string& callId, common::Duration maxLength) = 0;
  // The two parties hear each other and the call is recorded: the customer on the
  // left, the agent on the right.
  virtual void connect(const std::string& callId, MediaLegId customer, MediaLegId agent) = 0;
  // A connected call on hold: the customer hears music on hold and the agent silence,
  // instead of each other; the recording goes on. `false` lets them hear each other again.
  virtual void hold(MediaLegId customer, MediaLegId agent, bool onHold) = 0;
  // Frees the leg's ports; ends its bridge, playback and recording.
  virtual void closeLeg(MediaLegId leg) = 0;
};

} // namespace sb::calls
