#pragma once
// Plain records as they are stored: one struct per table, times in epoch milliseconds,
// free-form attributes as JSON. No behaviour lives here; routing and calls own that.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sb::store {

using EpochMs = std::int64_t;

enum class Role { Agent, Admin };
enum class Availability { Available, Unavailable };
enum class DeviceKind { Sip, Browser, RingThrough };
enum class CallDirection { Inbound, Outbound, Transfer, Distribution };
enum class CallStatus {
  Ringing,
  Connected,
  Completed,
  NoAnswer,
  Busy,
  Cancelled,
  Failed,
  Voicemail,
  Interrupted,
};
enum class OfferStatus { Ringing, Accepted, Declined, NoAnswer, Cancelled, TakenByOther, Failed };
enum class FollowUpStatus { Open, Closed };
enum class TokenKind { Session, Integration };
enum class DeliveryStatus { Pending, Delivered, Failed };

// Names as stored in the database and shown in the API ("no_answer", "ring_through", ...).
std::string_view toString(Role v);
std::string_view toString(Availability v);
std::string_view toString(DeviceKind v);
std::string_view toString(CallDirection v);
std::string_view toString(CallStatus v);
std::string_view toString(OfferStatus v);
std::string_view toString(FollowUpStatus v);
std::string_view toString(TokenKind v);
std::string_view toString(DeliveryStatus v);

// The reverse; nullopt for a name that is not one of the above.
std::optional<Role> parseRole(std::string_view s);
std::optional<Availability> parseAvailability(std::string_view s);
std::optional<DeviceKind> parseDeviceKind(std::string_view s);
std::optional<CallDirection> parseCallDirection(std::string_view s);
std::optional<CallStatus> parseCallStatus(std::string_view s);
std::optional<OfferStatus> parseOfferStatus(std::string_view s);
std::optional<FollowUpStatus> parseFollowUpStatus(std::string_view s);
std::optional<TokenKind> parseTokenKind(std::string_view s);
std::optional<DeliveryStatus> parseDeliveryStatus(std::string_view s);

// A lead's phones as they are stored: each once, in the order first given.
std::vector<std::string> distinctPhones(const std::vector<std::string>& phones);

// The one company a deployment serves.
struct Organization {
  std::string name;
  std::string companyPhone; // E.164, or empty
  std::string defaultCountry = "US";
  nlohmann::json settings = nlohmann::json::object();
};

struct User {
  std::string id;
  std::string email;
  std::string name;
  Role role = Role::Agent;
  std::optional<std::string> passwordHash; // NULL until the API sets one (argon2)
  Availability availability = Availability::Available;
  std::string availabilityReason;
  // Derived on read from numbers.assigned_user_id (the single source of truth for
  // assignment); ignored by createUser. The first assigned number by E.164 when several.
  std::optional<std::string> assignedNumberId;
  std::string ringThroughNumber;      // E.164, or empty
  std::string callerId;               // E.164, or empty
  std::optional<int> coolDownSeconds; // nullopt: the organization's default
  // which of the user's devices ring for an offer.
  std::vector<DeviceKind> answerMethods{DeviceKind::Browser, DeviceKind::Sip, DeviceKind::RingThrough};
  nlohmann::json attributes = nlohmann::json::object();
  EpochMs createdAt = 0;
};

struct Device {
  std::string id;
  std::string userId;
  DeviceKind kind = DeviceKind::Sip;
  std::string sipUsername; // empty for a ring-through device
  // Kept in clear because SIP digest needs the secret (or a per-realm HA1) to verify.
  std::string sipPassword;
  EpochMs createdAt = 0;
};

struct PhoneNumber {
  std::string id;
  std::string e164;
  std::string label;
  std::optional<std::string> assignedUserId;
  std::string forwardingNumber; // E.164, or empty
  std::optional<std::string> callFlowId;
  EpochMs createdAt = 0;
};

struct Lead {
  std::string id;
  std::string name;
  std::string company;
  std::string title;
  std::string email;
  std::optional<std::string> ownerUserId;
  std::string status = "new";
  std::string crmUrl;
  nlohmann::json attributes = nlohmann::json::object();
  std::vector<std::string> phones; // E.164
  EpochMs createdAt = 0;
};

struct CallRecord {
  std::string id; // chosen by the caller (newId) so it is known before the write commits
  CallDirection direction = CallDirection::Inbound;
  std::string numberE164;
  std::string callerE164;
  std::optional<std::string> leadId;
  CallStatus status = CallStatus::Ringing;
  std::string outcome;
  std::optional<std::string> answeredByUserId;
  EpochMs startedAt = 0;
  std::optional<EpochMs> answeredAt;
  std::optional<EpochMs> endedAt;
  std::optional<int> talkSeconds;
  std::string endReason;
  std::string disposition;
  std::string sentiment;
  std::string notes;
  std::optional<std::string> loggedByUserId; // who last logged notes/disposition/sentiment
  std::optional<EpochMs> loggedAt;
};

struct OfferRecord {
  std::string id;
  std::string callId;
  std::string userId;
  std::optional<std::string> deviceId;
  OfferStatus status = OfferStatus::Ringing;
  EpochMs createdAt = 0;
  std::optional<EpochMs> endedAt;
  std::string reason;
  std::optional<std::string> transferredByUserId; // an offer a transfer made, by this user
};

// A change to an offer: its new status, when it ended (if it did) and why.
struct OfferUpdate {
  std::string offerId;
  OfferStatus status = OfferStatus::Ringing;
  std::optional<EpochMs> endedAt;
  std::string reason;
};

struct CallEnd {
  std::string callId;
  CallStatus status = CallStatus::Completed;
  std::string endReason;
  EpochMs endedAt = 0;
};

// One line of a call's routing trace: who was offered or skipped, and why.
struct TraceEntry {
  std::string callId;
  int seq = 0; // assigned by the store in append order; ignored on append
  EpochMs at = 0;
  std::optional<std::string> userId;
  std::string action;
  std::string reason;
};

// A call with everything recorded about it.
struct CallDetail {
  CallRecord call;
  std::vector<OfferRecord> offers; // in creation order
  std::vector<TraceEntry> trace;   // in seq order
};

// Keyset paging, newest first: pass the last row's (startedAt, id) to get the next page.
struct CallPage {
  std::optional<EpochMs> beforeStartedAt;
  std::string beforeId;
  int limit = 50;
};

// A call flow: its steps as the JSON the routing module parses
// ([{"type": "group", "group_id": ..., "strategy": "ring_all", "ring_timeout": 20, "confirm": false}, ...]).
struct CallFlowRecord {
  std::string id;
  std::string name;
  nlohmann::json steps = nlohmann::json::array();
  EpochMs createdAt = 0;
};

// A distribution group: members in order (sequential strategy uses it) and/or a filter
// over user and lead attributes, kept as the text the routing module parses.
struct GroupRecord {
  std::string id;
  std::string name;
  std::vector<std::string> memberIds;
  std::string filter; // empty: no filter
  EpochMs createdAt = 0;
};

// A missed call or voicemail someone must call back: one open follow-up per
// caller; later missed calls from that caller merge into it.
struct FollowUp {
  std::string id;
  std::string callerE164;
  std::optional<std::string> leadId;
  std::optional<std::string> assignedUserId; // the lead owner; nullopt: the unassigned queue
  FollowUpStatus status = FollowUpStatus::Open;
  std::string reason;      // "missed" or "voicemail" (the latest)
  int missedCalls = 1;     // calls merged into it
  std::string lastCallId;
  EpochMs createdAt = 0;
  EpochMs updatedAt = 0;
  std::optional<EpochMs> closedAt;
  std::optional<std::string> closedByCallId;
};

// What the call path reports when a call ends unanswered.
struct MissedCall {
  std::string callId;
  std::string callerE164;
  std::optional<std::string> leadId;
  std::optional<std::string> ownerUserId;
  std::string reason; // "missed" or "voicemail"
  EpochMs at = 0;
};

struct Voicemail {
  std::string id;
  std::string callId;
  std::optional<std::string> leadId;
  std::string path; // the recording, relative to the data dir
  int durationMs = 0;
  EpochMs createdAt = 0;
};

// An API credential (issue 5): a login session or an integration token. Only a SHA-256
// of the secret is stored; the secret itself is shown once, when created.
struct ApiToken {
  std::string id;
  std::string userId;
  TokenKind kind = TokenKind::Session;
  std::string name;      // what an integration token is for; empty for sessions
  std::string tokenHash; // lowercase hex SHA-256 of the secret; unique
  EpochMs createdAt = 0;
  std::optional<EpochMs> expiresAt; // nullopt: does not expire
  std::optional<EpochMs> lastUsedAt;
  std::optional<EpochMs> revokedAt;
};

// A URL that receives events, signed with `secret` (HMAC-SHA256).
struct Webhook {
  std::string id;
  std::string url;
  std::string secret;
  std::vector<std::string> eventTypes; // empty: every event type
  bool active = true;
  EpochMs createdAt = 0;
};

// One event sent (or to be sent) to one webhook, with its retries.
struct WebhookDelivery {
  std::string id;
  std::string webhookId;
  std::int64_t eventId = 0;
  std::string eventType;
  std::string payload; // the exact JSON body sent (and signed)
  DeliveryStatus status = DeliveryStatus::Pending;
  int attempts = 0;
  EpochMs nextAttemptAt = 0;
  std::optional<int> lastStatusCode; // the receiver's HTTP status, if it answered
  std::string lastError;
  EpochMs createdAt = 0;
  std::optional<EpochMs> deliveredAt;
};

// a lead taken through distribution: the agent who pressed 1 first, and the call.
struct Application {
  std::string id;
  std::string leadId;
  std::string userId;
  std::optional<std::string> callId;
  EpochMs createdAt = 0;
};

// a lead nobody took, with why; open until an admin resolves it (or gives the lead
// an owner). reason: "nobody_eligible", "all_declined", "no_answer", "not_started", "failed".
struct LeadException {
  std::string id;
  std::string leadId;
  std::optional<std::string> groupId;
  std::optional<std::string> callId;
  std::string reason;
  std::string detail;
  EpochMs createdAt = 0;
  std::optional<EpochMs> resolvedAt;
  std::optional<std::string> resolvedByUserId;
};

struct LeadExceptionQuery {
  enum class State { Open, Resolved, All };
  State state = State::Open;
  std::string cursor;
  int limit = 50; // newest first
};
struct LeadExceptionPage {
  std::vector<LeadException> items;
  std::string nextCursor; // empty when this is the last page
};

// Leads search (the API's GET /leads). Every filter given must hold.
struct LeadQuery {
  std::string text;   // case-insensitive substring of name, company, title or email
  std::string phone;  // partial match on the digits of any of the lead's phones
  bool unassignedOnly = false;             // only leads with no owner
  std::optional<std::string> ownerUserId;  // only leads owned by this user
  int limit = 50;      // 1..200
  std::string cursor;  // the previous page's nextCursor; empty for the first page
};
struct LeadPage {
  std::vector<Lead> leads; // newest first (createdAt, then id)
  std::string nextCursor;  // empty when this is the last page
};

struct FollowUpQuery {
  std::optional<FollowUpStatus> status;
  std::optional<std::string> assignedUserId;
  bool unassignedOnly = false; // only those with no assigned user
  int limit = 100;
};

} // namespace sb::store
