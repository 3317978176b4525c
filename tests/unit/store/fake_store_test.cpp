// The fake must behave like the real store where other modules' tests rely on it.
#include "unit/store/fake_store.hpp"

#include <gtest/gtest.h>

namespace sb::store::testing {
namespace {

TEST(FakeStore, HoldsCallWritesUntilTheTestCompletesThem) {
  FakeStore store;
  bool durable = false;
  CallRecord call;
  call.id = "c1";
  ASSERT_TRUE(store.callStarted(call, [&](WriteOutcome o) { durable = o.ok(); }));
  EXPECT_FALSE(durable);
  EXPECT_FALSE(store.findCall("c1")->has_value());
  EXPECT_EQ(store.pendingNames(), std::vector<std::string>{"callStarted c1"});
  store.completeNext();
  EXPECT_TRUE(durable);
  EXPECT_TRUE(store.findCall("c1")->has_value());
}

TEST(FakeStore, CanFailOrRefuseWrites) {
  FakeStore store;
  std::optional<bool> ok;
  ASSERT_TRUE(store.traceAppend(TraceEntry{"c1", 0, 1, {}, "skip", "unavailable"},
                                [&](WriteOutcome o) { ok = o.ok(); }));
  store.failNext("disk full");
  EXPECT_EQ(ok, false);
  store.refuseWrites = true;
  EXPECT_FALSE(store.callEnded(CallEnd{"c1", CallStatus::Completed, "", 2}, nullptr));
}

TEST(FakeStore, ReportsDuplicateSipUsernamesLikeTheRealStore) {
  FakeStore store;
  ASSERT_TRUE(store.createDevice(Device{"", "u1", DeviceKind::Sip, "alice", "pw", 0}));
  auto duplicate = store.createDevice(Device{"", "u2", DeviceKind::Sip, "alice", "pw", 0});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, 409);
}

} // namespace
} // namespace sb::store::testing
