#pragma once
// A SqliteStore on a fresh file per test, with completions run on the writer thread and
// a helper that waits for one asynchronous write's outcome.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <optional>

#include "common/clock.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "unit/store/temp_dir.hpp"

namespace sb::store::testing {

class StoreTest : public ::testing::Test {
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

  // Queues one write through `submit(done)`, waits for the writer, returns the outcome.
  template <typename Submit> WriteOutcome await(Submit submit) {
    std::mutex mutex;
    std::optional<WriteOutcome> outcome;
    const bool queued = submit([&](WriteOutcome o) {
      std::lock_guard lock(mutex);
      outcome = std::move(o);
    });
    if (!queued) return common::makeError("write refused");
    store_->flush();
    std::lock_guard lock(mutex);
    if (!outcome) return common::makeError("completion never ran");
    return *outcome;
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

  TempDir dir_;
  common::ManualClock clock_;
  std::unique_ptr<sqlite::SqliteStore> store_;
};

} // namespace sb::store::testing
