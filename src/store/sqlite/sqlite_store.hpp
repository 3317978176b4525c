#pragma once
// SqliteStore: the embedded default Store. One file, WAL mode, two connections: the
// writer thread's (call-path writes, group-committed) and a shared one, behind a mutex,
// for reads, admin writes and recovery. WAL lets reads proceed while the writer commits;
// the busy timeout covers the short moments when both want the write lock.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "store/queued_writes.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/write_target.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace sb::store::sqlite {

class SqliteStore final : public QueuedWrites<SqliteStore, Connection, Done> {
public:
  struct Options {
    std::string path; // a file; ":memory:" cannot work (the two connections would differ)
    int busyTimeoutMs = 5'000;
    std::size_t readers = 4; // connections for reads, used side by side
    Writer::Options writer{};
  };

  // Opens the database, applies pending migrations and starts the writer. `clock` stamps
  // createdAt on admin writes and must outlive the store; completions of call-path writes
  // run through `executor` (empty: on the writer thread).
  static common::Result<std::unique_ptr<SqliteStore>>
  open(const Options& options, const common::Clock& clock, Executor executor);
  ~SqliteStore() override; // drains pending writes

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
  // Holds the read connection while it visits: `visit` must not call back into the store.
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
  // closeInterruptedCalls() come from QueuedWrites.

  // Transactions the writer has committed; tests use it to see group commit at work.
  std::uint64_t commitCount() const { return writer_->commitCount(); }

private:
  friend class QueuedWrites<SqliteStore, Connection, Done>; // calls submit, nowMs, inTransaction, writer_

  SqliteStore(const common::Clock& clock, std::unique_ptr<Connection> shared,
              std::unique_ptr<ReaderPool> readers, std::unique_ptr<Connection> writing, Executor executor,
              const Writer::Options& writerOptions);
  // Queues `op` on the writer, run against the writing connection.
  bool submit(std::function<Status(Connection&)> op, Completion done);
  // Runs `body` on the shared connection inside one transaction.
  Status inTransaction(const std::function<Status(Connection&)>& body);
  common::Result<std::vector<std::string>> leadPhones(Connection& db, const std::string& leadId);
  // The members of every group, in position order, by group id.
  common::Result<std::map<std::string, std::vector<std::string>>> groupMembers(Connection& db);
  common::Result<std::vector<Lead>> withPhones(Connection& db, common::Result<std::vector<Lead>> leads);
  EpochMs nowMs() const;

  const common::Clock& clock_;
  std::mutex sharedMutex_; // guards shared_
  std::unique_ptr<Connection> shared_; // admin writes (inTransaction) and the call log
  std::unique_ptr<ReaderPool> readers_; // every read
  std::unique_ptr<Connection> writing_;
  std::unique_ptr<SqliteWriteTarget> target_;
  std::unique_ptr<Writer> writer_; // last: stopped first, before what it writes into
};

} // namespace sb::store::sqlite

namespace sb::store {
// Instantiated once, in sqlite_store.cpp, where the write functions are visible.
extern template class QueuedWrites<sqlite::SqliteStore, sqlite::Connection, sqlite::Done>;
} // namespace sb::store
