#pragma once
// Fixtures for the store tests. Both run completions on the writer thread and share the
// helpers of StoreHelpers.
// - StoreTest: value-parameterized over the backend name (backends.hpp): what every Store
//   must do, whichever database is behind it. A test file derives its own fixture from
//   it and instantiates that with SB_STORE_BACKENDS(Fixture).
// - SqliteStoreTest: a SqliteStore on a fresh file, for tests that look at SQLite itself
//   (the file, its migrations, a second connection).
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "unit/store/backends.hpp"
#include "unit/store/temp_dir.hpp"

namespace sb::store::testing {

class StoreHelpers {
public:
  virtual ~StoreHelpers() = default;

protected:
  virtual Store& store() = 0;

  // Queues one write through `submit(done)`, waits for the writer, returns the outcome.
  template <typename Submit> WriteOutcome await(Submit submit) {
    return awaitOutcome<WriteOutcome, Completion>(submit);
  }
  // The same for claimCall: whether the claim won, or why the write failed.
  template <typename Submit> common::Result<bool> awaitClaim(Submit submit) {
    return awaitOutcome<common::Result<bool>, ClaimCompletion>(submit);
  }

  User addUser(const std::string& name) {
    User u;
    u.name = name;
    u.email = name + "@example.test";
    auto created = store().createUser(u);
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

  common::ManualClock clock_; // first: every store opened on it is destroyed before it

private:
  template <typename Outcome, typename Done, typename Submit> Outcome awaitOutcome(Submit& submit) {
    std::mutex mutex;
    std::optional<Outcome> outcome;
    const bool queued = submit(Done([&](Outcome o) {
      std::lock_guard lock(mutex);
      outcome = std::move(o);
    }));
    if (!queued) return common::makeError("write refused");
    store().flush();
    std::lock_guard lock(mutex);
    if (!outcome) return common::makeError("completion never ran");
    return *outcome;
  }
};

class StoreTest : public ::testing::TestWithParam<std::string>, public StoreHelpers {
protected:
  void SetUp() override {
    auto db = makeTestDatabase(GetParam());
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    reopen();
  }

  void TearDown() override {
    store_.reset(); // before its database goes
    db_.reset();
  }

  // Closes the store (draining its writes) and opens the same database again.
  void reopen() {
    store_.reset();
    auto opened = db_->open(clock_, nullptr);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  Store& store() override { return *store_; }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_; // after db_: destroyed first
};

// Test names end in the backend: "Backends/CallRecordsTest.Foo/sqlite".
inline std::string backendName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

#define SB_STORE_BACKENDS(Fixture)                                                                 \
  INSTANTIATE_TEST_SUITE_P(Backends, Fixture,                                                      \
                           ::testing::ValuesIn(::sb::store::testing::storeBackends()),             \
                           ::sb::store::testing::backendName)

class SqliteStoreTest : public ::testing::Test, public StoreHelpers {
protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    reopen();
  }

  void reopen() {
    store_.reset();
    auto opened = sqlite::SqliteStore::open({dbPath()}, clock_, nullptr);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  std::string dbPath() const { return dir_.file("switchboard.db"); }
  Store& store() override { return *store_; }

  TempDir dir_;
  std::unique_ptr<sqlite::SqliteStore> store_;
};

} // namespace sb::store::testing
