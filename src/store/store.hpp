#pragma once
// Store: everything Switchboard keeps, behind one interface so that SQLite (one box)
// and PostgreSQL (several nodes) can both serve it. Dialect details stay in the
// implementations.
//
// Three kinds of calls:
// - reads are synchronous; they run at start, from the admin CLI and the API, never on
//   the signalling hot path (routing reads an in-memory snapshot loaded from them);
// - admin writes are synchronous and return the stored record;
// - call-path writes are asynchronous: they queue on the writer and `done` runs (through
//   the executor given at open) only after the transaction holding them committed. They
//   return false when the write queue is full; the caller then fails the call instead of
//   ringing anyone unrecorded.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/call_search.hpp"
#include "store/records.hpp"
#include "store/writer.hpp"

namespace sb::store {

template <typename T> using Found = common::Result<std::optional<T>>;

class Store {
public:
  virtual ~Store() = default;

  // --- reads ---
  virtual Found<Organization> organization() = 0;
  virtual Found<User> getUser(const std::string& id) = 0;
  virtual common::Result<std::vector<User>> listUsers() = 0;
  virtual common::Result<std::vector<Device>> listDevices() = 0;
  // The device with its digest credential and owning user, for REGISTER and INVITE auth.
  virtual Found<Device> findDeviceBySipUsername(std::string_view username) = 0;
  virtual common::Result<std::vector<PhoneNumber>> listNumbers() = 0;
  virtual Found<PhoneNumber> findNumberByE164(std::string_view e164) = 0;
  // Every lead with this phone, oldest first (R-1: one, several or none).
  virtual common::Result<std::vector<Lead>> findLeadsByPhone(std::string_view e164) = 0;
  virtual Found<Lead> getLead(const std::string& id) = 0;
  virtual Found<CallDetail> findCall(const std::string& id) = 0;
  // Newest first; see CallPage for paging.
  virtual common::Result<std::vector<CallRecord>> listCalls(const CallPage& page) = 0;
  // the calls matching every filter of `query`, a page at a time (call_search.hpp).
  // A bad filter or cursor is a 400.
  virtual common::Result<CallSearchPage> searchCalls(const CallQuery& query) = 0;
  virtual common::Result<std::vector<CallFlowRecord>> listCallFlows() = 0;
  virtual common::Result<std::vector<GroupRecord>> listGroups() = 0;
  // Every lead with its phones, in creation order, without holding them all in memory
  // at once (the routing lead index is loaded from it at start).
  virtual common::Result<int> forEachLead(const std::function<void(const Lead&)>& visit) = 0;
  // Newest first (updatedAt).
  virtual common::Result<std::vector<FollowUp>> listFollowUps(const FollowUpQuery& query) = 0;
  virtual common::Result<std::vector<Voicemail>> listVoicemails(const std::string& callId) = 0;
  // True when no organization and no user exist yet (a fresh database).
  virtual common::Result<bool> isEmpty() = 0;
  // Case-insensitive on the email (ASCII letters; emails are unique that way too).
  virtual Found<User> findUserByEmail(std::string_view email) = 0;
  // A bad filter, limit or cursor is a 400 whose Error.field names it (lead_search.hpp).
  virtual common::Result<LeadPage> searchLeads(const LeadQuery& query) = 0;
  // By the SHA-256 of the secret; revoked and expired tokens are returned too (the caller
  // decides), so that "revoked" can be told apart from "unknown".
  virtual Found<ApiToken> findTokenByHash(std::string_view tokenHash) = 0;
  // Integration tokens of one user, or of everyone when userId is empty (newest first),
  // revoked and expired ones included.
  virtual common::Result<std::vector<ApiToken>> listTokens(const std::string& userId) = 0;
  virtual common::Result<std::vector<Webhook>> listWebhooks() = 0;
  virtual Found<Webhook> getWebhook(const std::string& id) = 0;
  // Newest first, at most `limit` (1..1000, else a 400).
  virtual common::Result<std::vector<WebhookDelivery>> listDeliveries(const std::string& webhookId, int limit) = 0;
  // Pending deliveries whose nextAttemptAt <= now, the longest due first (nextAttemptAt,
  // then createdAt), at most `limit` (1..1000).
  virtual common::Result<std::vector<WebhookDelivery>> dueDeliveries(EpochMs now, int limit) = 0;

  // the newest application of the lead, or nullopt when nobody took it.
  virtual Found<Application> applicationOfLead(const std::string& leadId) = 0;
  // lead exceptions in one state, newest first (createdAt, then id), a page at a
  // time; a bad limit (1..200) or cursor is a 400 naming "limit" or "cursor".
  virtual common::Result<LeadExceptionPage> listLeadExceptions(const LeadExceptionQuery& query) = 0;
  virtual Found<LeadException> getLeadException(const std::string& id) = 0;

  // --- admin writes (synchronous); an empty id is generated, createdAt stamped ---
  virtual common::Result<Organization> updateOrganization(const Organization& org) = 0;
  virtual common::Result<User> createUser(const User& user) = 0;
  virtual common::Result<Device> createDevice(const Device& device) = 0;
  virtual common::Result<PhoneNumber> createNumber(const PhoneNumber& number) = 0;
  virtual common::Result<Lead> createLead(const Lead& lead) = 0;
  virtual common::Result<CallFlowRecord> createCallFlow(const CallFlowRecord& flow) = 0;
  virtual common::Result<GroupRecord> createGroup(const GroupRecord& group) = 0;
  // Replaces every column of the number with id `number.id` (assignment, forwarding, flow).
  virtual common::Result<PhoneNumber> updateNumber(const PhoneNumber& number) = 0;
  // Updates replace every stored column of the record with that id (createdAt is kept;
  // a user's passwordHash only when set, assignedNumberId never) and return it as stored.
  // An unknown id is a 404; a unique value taken (email, SIP username, E.164) a 409 whose
  // Error.field names the field. Deleting a record others still refer to (a user who
  // answered, was offered or logged calls; a lead with calls; a flow a number uses) is a
  // 409 saying what refers to it; an unknown id 404. What belongs to a record goes with it
  // (a user's devices, tokens and group memberships; a lead's phones); numbers, leads and
  // follow-ups a deleted user had lose their user. Groups named in a flow's JSON steps are
  // not checked: routing skips a step whose group is gone.
  virtual common::Result<User> updateUser(const User& user) = 0;
  virtual std::optional<common::Error> setPassword(const std::string& userId, const std::string& passwordHash) = 0;
  virtual std::optional<common::Error> deleteUser(const std::string& id) = 0;
  virtual std::optional<common::Error> deleteDevice(const std::string& id) = 0;
  virtual std::optional<common::Error> deleteNumber(const std::string& id) = 0;
  virtual common::Result<Lead> updateLead(const Lead& lead) = 0; // phones replaced too
  virtual std::optional<common::Error> deleteLead(const std::string& id) = 0;
  virtual common::Result<CallFlowRecord> updateCallFlow(const CallFlowRecord& flow) = 0;
  virtual std::optional<common::Error> deleteCallFlow(const std::string& id) = 0;
  virtual common::Result<GroupRecord> updateGroup(const GroupRecord& group) = 0;
  virtual std::optional<common::Error> deleteGroup(const std::string& id) = 0;
  virtual common::Result<ApiToken> createToken(const ApiToken& token) = 0;
  // Sets lastUsedAt (the API calls it at most once a minute per token).
  virtual std::optional<common::Error> touchToken(const std::string& id, EpochMs at) = 0;
  // Revoking a revoked token keeps its first revocation time.
  virtual std::optional<common::Error> revokeToken(const std::string& id, EpochMs at) = 0;
  virtual common::Result<Webhook> createWebhook(const Webhook& webhook) = 0;
  virtual common::Result<Webhook> updateWebhook(const Webhook& webhook) = 0;
  // Its deliveries go with it.
  virtual std::optional<common::Error> deleteWebhook(const std::string& id) = 0;
  virtual common::Result<WebhookDelivery> createDelivery(const WebhookDelivery& delivery) = 0;
  // Stores status, attempts, nextAttemptAt, lastStatusCode, lastError, deliveredAt.
  virtual std::optional<common::Error> updateDelivery(const WebhookDelivery& delivery) = 0;
  // notes, disposition and sentiment in one conditional update; returns the call as
  // stored. A value outside the organization's lists is a 400, an unknown call a 404, a
  // disposition or sentiment different from one already logged a 409 (the error's message
  // starts with the field: "disposition: ..."); logging the same value again is fine.
  virtual common::Result<CallRecord> logCall(const CallLog& log) = 0;

  // marks the exception resolved at `at` by `byUserId` ("" for none: the admin token)
  // and returns it as stored. An unknown id is a 404, one already resolved a 409.
  virtual common::Result<LeadException> resolveLeadException(const std::string& id,
                                                             const std::string& byUserId,
                                                             EpochMs at) = 0;
  // updateLead that leaves the lead with an owner also resolves its open exceptions, in the
  // same transaction, at the store's clock, with no resolvedByUserId (the update does not
  // say who). deleteLead takes the lead's applications and exceptions with it.

  // --- call path (asynchronous, durable before `done` runs) ---
  [[nodiscard]] virtual bool callStarted(const CallRecord& call, Completion done) = 0;
  [[nodiscard]] virtual bool offerCreated(const OfferRecord& offer, Completion done) = 0;
  [[nodiscard]] virtual bool offerUpdated(const OfferUpdate& update, Completion done) = 0;
  [[nodiscard]] virtual bool callAnswered(const std::string& callId, const std::string& userId,
                                          EpochMs at, Completion done) = 0;
  // Also closes any offer of the call still ringing as cancelled.
  [[nodiscard]] virtual bool callEnded(const CallEnd& end, Completion done) = 0;
  [[nodiscard]] virtual bool traceAppend(const TraceEntry& entry, Completion done) = 0;
  // the first acceptance wins, atomically. A conditional update that sets the call
  // connected, answered by `userId` at `at`, and the offer accepted, only if nobody has
  // answered the call and it has not ended. `done` gets true when this claim won, false
  // when another claim (from this node or another sharing the database) got there first.
  [[nodiscard]] virtual bool claimCall(const std::string& callId, const std::string& offerId,
                                       const std::string& userId, EpochMs at, ClaimCompletion done) = 0;
  [[nodiscard]] virtual bool availabilityChanged(const std::string& userId, Availability availability,
                                                 const std::string& reason, Completion done) = 0;
  // a lead created for an unknown caller; its id is chosen by the caller (newId).
  [[nodiscard]] virtual bool leadCreated(const Lead& lead, Completion done) = 0;
  // assigns the lead to the user; with onlyIfUnowned, only when it has no owner.
  [[nodiscard]] virtual bool leadAssigned(const std::string& leadId, const std::string& userId,
                                          bool onlyIfUnowned, Completion done) = 0;
  [[nodiscard]] virtual bool callLeadSet(const std::string& callId, const std::string& leadId,
                                         Completion done) = 0;
  // opens a follow-up for the caller, or merges into the open one (missedCalls + 1,
  // lastCallId, reason, updatedAt; a lead or owner learnt since is filled in).
  [[nodiscard]] virtual bool missedCall(const MissedCall& missed, Completion done) = 0;
  // a connected call with this caller (or lead) closes their open follow-ups.
  [[nodiscard]] virtual bool followUpsClosed(const std::string& callerE164,
                                             const std::optional<std::string>& leadId,
                                             const std::string& callId, EpochMs at, Completion done) = 0;
  [[nodiscard]] virtual bool voicemailStored(const Voicemail& voicemail, Completion done) = 0;
  // the lead taken by the user; an empty id is generated (newId), createdAt stamped
  // when 0. An unknown lead is a 404, a missing lead or user id a 400.
  [[nodiscard]] virtual bool applicationCreated(const Application& application, Completion done) = 0;
  // a lead nobody took. The same stamping; a reason not in the list is a 400, an
  // unknown lead a 404. It is open (resolvedAt is ignored).
  [[nodiscard]] virtual bool leadExceptionRaised(const LeadException& exception, Completion done) = 0;
  // Waits until every asynchronous write queued so far is committed and its completion
  // handed to the executor (tests, shutdown).
  virtual void flush() = 0;

  // --- recovery (R-29) ---
  // At start: every call not ended becomes `interrupted`, ended at `now`, end reason
  // "server restarted"; its offers still ringing become `cancelled`. Returns how many calls.
  virtual common::Result<int> closeInterruptedCalls(EpochMs now) = 0;
};

} // namespace sb::store
