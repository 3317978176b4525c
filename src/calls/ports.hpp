#pragma once
// What the B2BUA needs from the rest of the server, as narrow interfaces: the
// registrar's device contacts, the directory of numbers, authentication of device
// requests, and the durable call log. The server wires the real modules in; unit
// tests pass fakes.
#include "common/clock.hpp"
#include "net/endpoint.hpp"
#include "sip/message/message.hpp"

#include <cstdint>
#include <functional>
#include <optional>
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
// another user is Outbound too: it starts at an agent.
enum class CallDirection { Inbound, Outbound };
enum class CallStatus { Ringing, Connected, Completed, NoAnswer, Busy, Cancelled, Failed };
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

// The durable record of calls. Writes that matter are acknowledged by
// `committed` after they are on disk, on the signalling loop; the call waits for it.
class CallLog {
public:
  virtual ~CallLog() = default;
  virtual void callStarted(const CallStarted& call, std::function<void(bool ok)> committed) = 0;
  virtual void offerCreated(const std::string& offerId, const std::string& callId,
                            const std::string& userId, std::int64_t atMs) = 0;
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
};

} // namespace sb::calls

namespace sb::calls {

// What routing decided to do next for an inbound call.
struct Route {
  enum class Kind { Offer, Dial, Voicemail, Hangup };
  Kind kind = Kind::Hangup;
  std::vector<std::string> users; // Offer: ring these users now (R-6: each on all their devices)
  std::string number;             // Dial: an E.164 number rung through the trunk
  common::Duration ringTimeout{20'000};
  bool confirm = false;           // the answer must be confirmed with a key press
};

// Routing as the B2BUA sees it: who to ring for an inbound call, and what happened to
// the offers it made. The server implements it over the pure routing module, the live
// agent board and the caller's lead; unit tests pass a scripted fake.
class CallRouting {
public:
  struct Admission {
    std::string numberE164;
    std::optional<std::string> leadId; // the caller's lead, when exactly one matched
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
