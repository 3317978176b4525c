#pragma once
// A PostgresStore on a schema of its own per test, on the server SB_TEST_POSTGRES_URL
// names (scripts/pg-test-cluster.sh start DIR prints one). Without it the tests skip.
// Completions run on the writer thread; await() waits for one asynchronous write.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>

#include "common/clock.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/postgres_store.hpp"

namespace sb::store::postgres::testing {

inline std::string postgresUrl() {
  const char* url = std::getenv("SB_TEST_POSTGRES_URL");
  return url != nullptr ? url : "";
}

// Test processes may run in parallel on one server: each test picks a schema no other can.
inline std::string freshSchemaName() {
  std::random_device entropy;
  std::mt19937_64 random((static_cast<std::uint64_t>(entropy()) << 32) ^ entropy());
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string name = "sbpg_"; // never "pg_": that prefix is reserved for the system
  for (int i = 0; i < 16; ++i)
    name += kHex[random() % kHex.size()];
  return name;
}

class PgStoreTest : public ::testing::Test {
protected:
  void SetUp() override {
    url_ = postgresUrl();
    if (url_.empty()) {
      GTEST_SKIP() << "SB_TEST_POSTGRES_URL is not set: start a server with"
                      " `scripts/pg-test-cluster.sh start DIR` and export the URL it prints";
    }
    schema_ = freshSchemaName();
    store_ = openStore();
    ASSERT_TRUE(store_);
  }

  void TearDown() override {
    if (url_.empty()) return;
    store_.reset();
    other_.reset();
    auto dropped = PostgresStore::dropSchema(url_, schema_);
    EXPECT_TRUE(dropped) << dropped.error().message;
  }

  std::unique_ptr<PostgresStore> openStore(Writer::Options writer = {}) {
    PostgresStore::Options options;
    options.conninfo = url_;
    options.schema = schema_;
    options.writer = writer;
    auto opened = PostgresStore::open(options, clock_, nullptr);
    EXPECT_TRUE(opened) << opened.error().message;
    return opened ? std::move(*opened) : nullptr;
  }

  // A connection of the test's own, on the test's schema, to look at or hold rows.
  std::unique_ptr<Connection> connect() {
    auto conn = Connection::open(url_, schema_, "test");
    EXPECT_TRUE(conn) << conn.error().message;
    return conn ? std::move(*conn) : nullptr;
  }

  std::int64_t count(Connection& conn, const std::string& sql) {
    auto rows = conn.queryOnce(sql);
    EXPECT_TRUE(rows) << rows.error().message;
    return rows && rows->count() == 1 ? rows->integer(0, 0) : -1;
  }

  // Queues one write through `submit(done)`, waits for the writer, returns the outcome.
  template <typename Submit> WriteOutcome await(PostgresStore& store, Submit submit) {
    return awaitOutcome<WriteOutcome, Completion>(store, submit);
  }
  template <typename Submit> WriteOutcome await(Submit submit) { return await(*store_, submit); }
  template <typename Submit> common::Result<bool> awaitClaim(PostgresStore& store, Submit submit) {
    return awaitOutcome<common::Result<bool>, ClaimCompletion>(store, submit);
  }

  User addUser(const std::string& name) {
    User u;
    u.name = name;
    u.email = name + "@example.test";
    auto created = store_->createUser(u);
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : u;
  }

  CallRecord newCall(EpochMs startedAt, const std::string& id = "") {
    CallRecord c;
    c.id = id.empty() ? "call-" + std::to_string(startedAt) : id;
    c.numberE164 = "+15550100001";
    c.callerE164 = "+15550199001";
    c.startedAt = startedAt;
    return c;
  }

  OfferRecord newOffer(const std::string& id, const std::string& callId, const User& user,
                       EpochMs at) {
    OfferRecord o;
    o.id = id;
    o.callId = callId;
    o.userId = user.id;
    o.createdAt = at;
    return o;
  }

  common::ManualClock clock_; // first: every store opened on it is destroyed before it
  std::string url_;
  std::string schema_;
  std::unique_ptr<PostgresStore> store_;
  std::unique_ptr<PostgresStore> other_; // a second node on the same schema, when a test needs one

private:
  template <typename Outcome, typename Done, typename Submit>
  Outcome awaitOutcome(PostgresStore& store, Submit& submit) {
    std::mutex mutex;
    std::optional<Outcome> outcome;
    const bool queued = submit(Done([&](Outcome o) {
      std::lock_guard lock(mutex);
      outcome = std::move(o);
    }));
    if (!queued) return common::makeError("write refused");
    store.flush();
    std::lock_guard lock(mutex);
    if (!outcome) return common::makeError("completion never ran");
    return *outcome;
  }
};

} // namespace sb::store::postgres::testing
