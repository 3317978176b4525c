#pragma once
// SqliteStore: the embedded default Store. One file, WAL mode, two connections: the
// writer thread's (call-path writes, group-committed) and a shared one, behind a mutex,
// for reads, admin writes and recovery. WAL lets reads proceed while the writer commits;
// the busy timeout covers the short moments when both want the write lock.
#include <memory>
#include <mutex>
#include <string>

#include "common/clock.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/write_target.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace sb::store::sqlite {

class SqliteStore final : public Store {
public:
  struct Options {
    std::string path; // a file; ":memory:" cannot work (the two connections would differ)
    int busyTimeoutMs = 5'000;
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
  common::Result<bool> isEmpty() override;

  common::Result<Organization> updateOrganization(const Organization& org) override;
  common::Result<User> createUser(const User& user) override;
  common::Result<Device> createDevice(const Device& device) override;
  common::Result<PhoneNumber> createNumber(const PhoneNumber& number) override;
  common::Result<Lead> createLead(const Lead& lead) override;

  bool callStarted(const CallRecord& call, Completion done) override;
  bool offerCreated(const OfferRecord& offer, Completion done) override;
  bool offerUpdated(const OfferUpdate& update, Completion done) override;
  bool callAnswered(const std::string& callId, const std::string& userId, EpochMs at,
                    Completion done) override;
  bool callEnded(const CallEnd& end, Completion done) override;
  bool traceAppend(const TraceEntry& entry, Completion done) override;
  void flush() override;

  common::Result<int> closeInterruptedCalls(EpochMs now) override;

  // Transactions the writer has committed; tests use it to see group commit at work.
  std::uint64_t commitCount() const { return writer_->commitCount(); }

private:
  SqliteStore(const common::Clock& clock, std::unique_ptr<Connection> shared,
              std::unique_ptr<Connection> writing, Executor executor,
              const Writer::Options& writerOptions);
  // Queues `op` on the writer, run against the writing connection.
  bool submit(std::function<Status(Connection&)> op, Completion done);
  // Runs `body` on the shared connection inside one transaction.
  Status inTransaction(const std::function<Status(Connection&)>& body);
  common::Result<std::vector<std::string>> leadPhones(const std::string& leadId);
  common::Result<std::vector<Lead>> withPhones(common::Result<std::vector<Lead>> leads);
  EpochMs nowMs() const;

  const common::Clock& clock_;
  std::mutex sharedMutex_; // guards shared_
  std::unique_ptr<Connection> shared_;
  std::unique_ptr<Connection> writing_;
  std::unique_ptr<SqliteWriteTarget> target_;
  std::unique_ptr<Writer> writer_; // last: stopped first, before what it writes into
};

} // namespace sb::store::sqlite
