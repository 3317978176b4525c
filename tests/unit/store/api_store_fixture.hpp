#pragma once
// The fixture of the shared tests of what the HTTP API needs from the store (updates and
// deletes, tokens, webhooks, the leads search): every backend of storeBackends() and also
// "fake", FakeStore, so that the fake the API's own tests use answers as the real stores
// do. Tests here stamp createdAt themselves where order matters (the fake has no clock).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "unit/store/fake_store.hpp"
#include "unit/store/store_fixture.hpp"

namespace sb::store::testing {

inline std::vector<std::string> apiStoreBackends() {
  std::vector<std::string> backends = storeBackends();
  backends.emplace_back("fake");
  return backends;
}

class ApiStoreTest : public StoreTest {
protected:
  void SetUp() override {
    if (GetParam() != "fake") {
      StoreTest::SetUp();
      return;
    }
    store_ = std::make_unique<FakeStore>();
  }

  Lead addLead(const std::string& name, EpochMs createdAt, std::vector<std::string> phones = {},
               std::optional<std::string> owner = std::nullopt) {
    Lead l;
    l.name = name;
    l.createdAt = createdAt;
    l.phones = std::move(phones);
    l.ownerUserId = std::move(owner);
    auto created = store_->createLead(l);
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : l;
  }

  // Records a call (and its offers, and trace lines) through the call path and waits.
  void record(const CallRecord& call, const std::vector<OfferRecord>& offers = {},
              const std::vector<TraceEntry>& trace = {}) {
    ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(call, d); }));
    for (const OfferRecord& o : offers)
      ASSERT_TRUE(await([&](Completion d) { return store_->offerCreated(o, d); }));
    for (const TraceEntry& t : trace)
      ASSERT_TRUE(await([&](Completion d) { return store_->traceAppend(t, d); }));
  }

  // The error of a write expected to fail; an empty error when it did not.
  static common::Error refused(const std::optional<common::Error>& outcome) {
    EXPECT_TRUE(outcome.has_value()) << "the write was expected to fail";
    return outcome.value_or(common::Error{});
  }
  template <typename T> static common::Error refused(const common::Result<T>& outcome) {
    EXPECT_FALSE(outcome.ok()) << "the write was expected to fail";
    return outcome.ok() ? common::Error{} : outcome.error();
  }
};

#define SB_API_STORE_BACKENDS(Fixture)                                                             \
  INSTANTIATE_TEST_SUITE_P(Backends, Fixture,                                                      \
                           ::testing::ValuesIn(::sb::store::testing::apiStoreBackends()),          \
                           ::sb::store::testing::backendName)

} // namespace sb::store::testing
