// The live agent board: R-11 missed offers, R-12 cool-down, R-13 availability, reloads.
#include "routing_world.hpp"

namespace sb::routing::testing {
namespace {

class Board : public ::testing::Test {
protected:
  void SetUp() override { board.upsert(agent("u1", 5)); }
  AgentBoard board;
  Settings settings;
};

// ---- R-11 ----------------------------------------------------------------------------

TEST_F(Board, R11_ThreeMissesInARowSetUnavailableWithTheReason) {
  EXPECT_FALSE(board.missed("u1", settings, kNow));
  EXPECT_FALSE(board.missed("u1", settings, kNow));
  EXPECT_TRUE(board.missed("u1", settings, kNow));
  const AgentState* a = board.find("u1");
  EXPECT_FALSE(a->available);
  EXPECT_EQ(a->unavailableReason, "missed 3 calls in a row");
  EXPECT_EQ(skipReason(*a, Progress{}, kNow), "unavailable: missed 3 calls in a row");
  EXPECT_FALSE(board.missed("u1", settings, kNow)); // already unavailable: no second report
}

TEST_F(Board, R11_AnAnswerResetsTheCount) {
  board.missed("u1", settings, kNow);
  board.missed("u1", settings, kNow);
  board.callConnected("u1", kNow);
  board.callEnded("u1", settings, kNow + 1000);
  EXPECT_EQ(board.find("u1")->missedInRow, 0);
  EXPECT_FALSE(board.missed("u1", settings, kNow));
  EXPECT_FALSE(board.missed("u1", settings, kNow));
  EXPECT_TRUE(board.find("u1")->available);
}

TEST_F(Board, R11_ADeclineIsNotAMissAndEndsTheRun) {
  board.missed("u1", settings, kNow);
  board.missed("u1", settings, kNow);
  board.declined("u1");
  EXPECT_EQ(board.find("u1")->missedInRow, 0);
  EXPECT_FALSE(board.missed("u1", settings, kNow));
}

TEST_F(Board, R11_ZeroDisables) {
  settings.missedOffersBeforeUnavailable = 0;
  for (int i = 0; i < 10; ++i)
    EXPECT_FALSE(board.missed("u1", settings, kNow));
  EXPECT_TRUE(board.find("u1")->available);
}

TEST_F(Board, R11_SettingOfOne) {
  settings.missedOffersBeforeUnavailable = 1;
  EXPECT_TRUE(board.missed("u1", settings, kNow));
  EXPECT_EQ(board.find("u1")->unavailableReason, "missed 1 call in a row");
}

TEST_F(Board, R11_BackToAvailableStartsAfresh) {
  settings.missedOffersBeforeUnavailable = 2;
  board.missed("u1", settings, kNow);
  EXPECT_TRUE(board.missed("u1", settings, kNow));
  board.setAvailability("u1", true, "", kNow + 5000);
  const AgentState* a = board.find("u1");
  EXPECT_TRUE(a->available);
  EXPECT_EQ(a->unavailableReason, "");
  EXPECT_EQ(a->missedInRow, 0);
  EXPECT_EQ(a->idleSince, kNow + 5000);
}

// ---- R-12 ----------------------------------------------------------------------------

struct CoolDownCase {
  const char* name;
  int orgDefault;
  std::optional<int> override;
  EpochMs expectedSeconds; // 0: none
};

class CoolDown : public ::testing::TestWithParam<CoolDownCase> {};

TEST_P(CoolDown, R12_AfterTheCall) {
  const auto& c = GetParam();
  AgentBoard board;
  auto a = agent("u1");
  a.coolDownOverride = c.override;
  board.upsert(a);
  Settings settings;
  settings.coolDownSeconds = c.orgDefault;
  board.callConnected("u1", kNow);
  EXPECT_TRUE(board.find("u1")->onCall);
  EpochMs until = board.callEnded("u1", settings, kNow + 60'000);
  EXPECT_EQ(until, c.expectedSeconds == 0 ? 0 : kNow + 60'000 + c.expectedSeconds * 1000);
  EXPECT_EQ(board.find("u1")->coolDownUntil, until);
  EXPECT_FALSE(board.find("u1")->onCall);
  EXPECT_EQ(board.find("u1")->idleSince, kNow + 60'000);
}

INSTANTIATE_TEST_SUITE_P(R12, CoolDown,
                         ::testing::Values(CoolDownCase{"OrgDefault", 30, std::nullopt, 30},
                                           CoolDownCase{"UserOverride", 30, 10, 10},
                                           CoolDownCase{"OverrideZeroDisables", 30, 0, 0},
                                           CoolDownCase{"OrgZeroDisables", 0, std::nullopt, 0},
                                           CoolDownCase{"OverrideWithOrgZero", 0, 45, 45}),
                         [](const auto& tc) { return std::string(tc.param.name); });

TEST_F(Board, R12_EndCoolDownEarly) {
  settings.coolDownSeconds = 60;
  board.callConnected("u1", kNow);
  board.callEnded("u1", settings, kNow);
  EXPECT_EQ(skipReason(*board.find("u1"), Progress{}, kNow + 1000), "cool-down 59 s left");
  board.endCoolDown("u1", kNow + 1000);
  EXPECT_EQ(board.find("u1")->coolDownUntil, 0);
  EXPECT_EQ(skipReason(*board.find("u1"), Progress{}, kNow + 1000), std::nullopt);
}

TEST_F(Board, R12_ANewCallEndsAnyCoolDown) {
  settings.coolDownSeconds = 60;
  board.callEnded("u1", settings, kNow);
  board.callConnected("u1", kNow + 1); // e.g. an outbound call from the agent
  EXPECT_EQ(board.find("u1")->coolDownUntil, 0);
}

// ---- R-13 and the board itself -------------------------------------------------------

TEST_F(Board, R13_AvailabilityWithReason) {
  board.setAvailability("u1", false, "meeting", kNow);
  EXPECT_FALSE(board.find("u1")->available);
  EXPECT_EQ(board.find("u1")->unavailableReason, "meeting");
  EXPECT_EQ(board.find("u1")->idleSince, 5); // idle time runs on only when available again
}

TEST_F(Board, R13_DevicesNeverNegative) {
  board.setDevices("u1", -3);
  EXPECT_EQ(board.find("u1")->devices, 0);
}

TEST_F(Board, UpsertKeepsLiveFieldsAndReplacesStoredOnes) {
  settings.coolDownSeconds = 30;
  board.setDevices("u1", 2);
  board.offered("u1", kNow - 10);
  board.missed("u1", settings, kNow);
  board.callConnected("u1", kNow);
  auto reloaded = agent("u1", 999);
  reloaded.name = "Ann";
  reloaded.devices = 0;
  reloaded.available = false;
  reloaded.unavailableReason = "holiday";
  reloaded.hasAssignedNumber = true;
  reloaded.coolDownOverride = 5;
  reloaded.attributes = {{"states", {"CA"}}};
  board.upsert(reloaded);
  const AgentState* a = board.find("u1");
  EXPECT_EQ(a->name, "Ann");
  EXPECT_FALSE(a->available);
  EXPECT_EQ(a->unavailableReason, "holiday");
  EXPECT_TRUE(a->hasAssignedNumber);
  EXPECT_EQ(a->coolDownOverride, 5);
  EXPECT_EQ(a->attributes["states"][0], "CA");
  EXPECT_EQ(a->devices, 2);   // live
  EXPECT_TRUE(a->onCall);     // live
  EXPECT_EQ(a->idleSince, 5); // live
  EXPECT_EQ(a->lastOfferedAt, kNow - 10);
  EXPECT_EQ(a->missedInRow, 0); // reset by the connected call
}

TEST_F(Board, EventsForUnknownUsersAreIgnored) {
  EXPECT_FALSE(board.missed("nobody", settings, kNow));
  EXPECT_EQ(board.callEnded("nobody", settings, kNow), 0);
  board.setAvailability("nobody", false, "x", kNow);
  EXPECT_EQ(board.find("nobody"), nullptr);
  EXPECT_EQ(board.size(), 1U);
}

TEST_F(Board, AllIsInUserIdOrderAndRemoveRemoves) {
  board.upsert(agent("a0"));
  board.upsert(agent("z9"));
  auto all = board.all();
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0]->userId, "a0");
  EXPECT_EQ(all[2]->userId, "z9");
  board.remove("a0");
  EXPECT_EQ(board.find("a0"), nullptr);
  EXPECT_EQ(board.size(), 2U);
}

} // namespace
} // namespace sb::routing::testing

namespace sb::routing::testing {
namespace {

TEST(BoardCopy, ACopyIsIndependent) {
  AgentBoard board;
  board.upsert(agent("u1"));
  AgentBoard copy = board;
  copy.setAvailability("u1", false, "away", kNow);
  EXPECT_TRUE(board.find("u1")->available);
  EXPECT_FALSE(copy.find("u1")->available);
  AgentBoard assigned;
  assigned = copy;
  copy.remove("u1");
  ASSERT_NE(assigned.find("u1"), nullptr);
  EXPECT_EQ(assigned.find("u1")->unavailableReason, "away");
  AgentBoard moved = std::move(assigned);
  EXPECT_EQ(moved.find("u1")->unavailableReason, "away");
}

} // namespace
} // namespace sb::routing::testing
