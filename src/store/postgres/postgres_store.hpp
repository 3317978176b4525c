#pragma once
// PostgresStore: the Store for several nodes sharing one database. Everything lives in one
// schema (search_path is set on every connection), so several deployments, or several
// test runs, can share a database. Two connections per store, as in SqliteStore: the
// writer thread's (call-path writes, group-committed, one savepoint per write) and a
// shared one, behind a mutex, for reads, admin writes and recovery.
//
// What must hold across nodes is done in single statements the database serializes:
// claimCall is one conditional UPDATE and missedCall one INSERT ... ON CONFLICT
// migrations run under an advisory lock.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/write_target.hpp"
#include "store/queued_writes.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace sb::store::postgres {

class PostgresStore final : public QueuedWrites<PostgresStore, Connection, Done> {
public:
  struct Options {
    std::string conninfo; // libpq URL or key=value string
    std::string schema = "public";
    Writer::Options writer{};
  };

  // Connects, creates the schema if missing, applies pending migrations (refusing a schema
  // from a newer build) and starts the writer. `clock` stamps createdAt on admin writes
  // and must outlive the store; completions of call-path writes run through `executor`
  // (empty: on the writer thread).
  static common::Result<std::unique_ptr<PostgresStore>>
  open(const Options& options, const common::Clock& clock, Executor executor);
  // Drops the schema and everything in it (tests, and tearing down a deployment). Returns
  // 1 when it existed, 0 when there was nothing to drop.
  static common::Result<int> dropSchema(const std::string& conninfo, const std::string& schema);
  ~PostgresStore() override; // drains pending writes

  Found<Organization> organization() override;
  Found<User> getUser(const std::string& id) override;
  common::Result<std::vector<User>> listUsers() override;
  common::Result<std::vector<Device>> listDevices() override;
  Found<Device> findDeviceBySipUsername(std::string_view username) override;
  common::Result<std::vector<PhoneNumber>> listNumbers() override;
  Found<PhoneNumber> findNumberByE164(std::string_view e164) override;
  common::Result<std::vector<Lead>> findLeadsByPhone(std::string_view e164) override;
  Found<Lead> getLead(const std::string& id) override;
  Found<CallDetail> findCall(const std::string& id) override;
  common::Result<std::vector<CallRecord>> listCalls(const CallPage& page) override;
  common::Result<CallSearchPage> searchCalls(const CallQuery& query) override;
  common::Result<std::vector<CallFlowRecord>> listCallFlows() override;
  common::Result<std::vector<GroupRecord>> listGroups() override;
  // Streams through a cursor, a batch of leads at a time. Holds the read connection while
  // it visits: `visit` must not call back into the store.
  common::Result<int> forEachLead(const std::function<void(const Lead&)>& visit) override;
  common::Result<std::vector<FollowUp>> listFollowUps(const FollowUpQuery& query) override;
  common::Result<std::vector<Voicemail>> listVoicemails(const std::string& callId) override;
  common::Result<bool> isEmpty() override;
  Found<User> findUserByEmail(std::string_view email) override;
  common::Result<LeadPage> searchLeads(const LeadQuery& query) override;
  Found<ApiToken> findTokenByHash(std::string_view tokenHash) override;
  common::Result<std::vector<ApiToken>> listTokens(const std::string& userId) override;
  common::Result<std::vector<Webhook>> listWebhooks() override;
  Found<Webhook> getWebhook(const std::string& id) override;
  common::Result<std::vector<WebhookDelivery>> listDeliveries(const std::string& webhookId,
                                                              int limit) override;
  common::Result<std::vector<WebhookDelivery>> dueDeliveries(EpochMs now, int limit) override;

  common::Result<Organization> updateOrganization(const Organization& org) override;
  common::Result<User> createUser(const User& user) override;
  common::Result<Device> createDevice(const Device& device) override;
  common::Result<PhoneNumber> createNumber(const PhoneNumber& number) override;
  common::Result<Lead> createLead(const Lead& lead) override;
  common::Result<CallFlowRecord> createCallFlow(const CallFlowRecord& flow) override;
  common::Result<GroupRecord> createGroup(const GroupRecord& group) override;
  common::Result<PhoneNumber> updateNumber(const PhoneNumber& number) override;
  common::Result<User> updateUser(const User& user) override;
  std::optional<common::Error> setPassword(const std::string& userId,
                                           const std::string& passwordHash) override;
  common::Result<Lead> updateLead(const Lead& lead) override;
  common::Result<CallFlowRecord> updateCallFlow(const CallFlowRecord& flow) override;
  common::Result<GroupRecord> updateGroup(const GroupRecord& group) override;
  std::optional<common::Error> deleteUser(const std::string& id) override;
  std::optional<common::Error> deleteDevice(const std::string& id) override;
  std::optional<common::Error> deleteNumber(const std::string& id) override;
  std::optional<common::Error> deleteLead(const std::string& id) override;
  std::optional<common::Error> deleteCallFlow(const std::string& id) override;
  std::optional<common::Error> deleteGroup(const std::string& id) override;
  common::Result<ApiToken> createToken(const ApiToken& token) override;
  std::optional<common::Error> touchToken(const std::string& id, EpochMs at) override;
  std::optional<common::Error> revokeToken(const std::string& id, EpochMs at) override;
  common::Result<Webhook> createWebhook(const Webhook& webhook) override;
  common::Result<Webhook> updateWebhook(const Webhook& webhook) override;
  std::optional<common::Error> deleteWebhook(const std::string& id) override;
  common::Result<WebhookDelivery> createDelivery(const WebhookDelivery& delivery) override;
  std::optional<common::Error> updateDelivery(const WebhookDelivery& delivery) override;
  common::Result<CallRecord> logCall(const CallLog& log) override;
  Found<Application> applicationOfLead(const std::string& leadId) override;
  common::Result<LeadExceptionPage> listLeadExceptions(const LeadExceptionQuery& query) override;
  Found<LeadException> getLeadException(const std::string& id) override;
  common::Result<LeadException> resolveLeadException(const std::string& id, const std::string& byUserId,
                                                     EpochMs at) override;

  // The call-path writes (callStarted ... voicemailStored), flush() and
  // closeInterruptedCalls() come from QueuedWrites. R-29: with several nodes on one
  // database closeInterruptedCalls() closes the open calls of every node, not only this
  // one's: the records do not say which node owns a call.

  // Transactions the writer has committed; tests use it to see group commit at work.
  std::uint64_t commitCount() const { return writer_->commitCount(); }
  const std::string& schema() const { return schema_; }

private:
  friend class QueuedWrites<PostgresStore, Connection, Done>; // calls submit, nowMs, inTransaction, writer_

  PostgresStore(const common::Clock& clock, std::string schema, std::unique_ptr<Connection> shared,
                std::unique_ptr<Connection> writing, Executor executor,
                const Writer::Options& writerOptions);
  // Queues `op` on the writer, run against the writing connection.
  bool submit(std::function<Status(Connection&)> op, Completion done);
  // Runs `body` on the shared connection inside one transaction.
  Status inTransaction(const std::function<Status(Connection&)>& body);
  EpochMs nowMs() const;

  // Runs `body` on the shared connection, reconnected first if the server dropped it.
  template <typename Body>
  auto onShared(Body&& body) -> decltype(body(std::declval<Connection&>())) {
    std::lock_guard lock(sharedMutex_);
    Status open = shared_->ensureOpen();
    if (!open) return open.error();
    return body(*shared_);
  }

  const common::Clock& clock_;
  const std::string schema_;
  std::mutex sharedMutex_; // guards shared_
  std::unique_ptr<Connection> shared_;
  std::unique_ptr<Connection> writing_;
  std::unique_ptr<PostgresWriteTarget> target_;
  std::unique_ptr<Writer> writer_; // last: stopped first, before what it writes into
};

} // namespace sb::store::postgres

namespace sb::store {
// Instantiated once, in postgres_store.cpp, where the write functions are visible.
extern template class QueuedWrites<postgres::PostgresStore, postgres::Connection, postgres::Done>;
} // namespace sb::store
