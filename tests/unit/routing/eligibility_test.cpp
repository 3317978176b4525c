// every reason a user is passed over appears in the trace with its text; R-13.
#include <functional>

#include "routing_world.hpp"

namespace sb::routing::testing {
namespace {

struct SkipCase {
  const char* name;
  std::function<void(World&)> setup; // acts on user "x", a member of group "g"
  const char* reason;
};

const SkipCase kSkips[] = {
    {"R4_Unavailable", [](World& w) { w.agents.setAvailability("x", false, "", w.now); },
     "unavailable"},
    {"R4_UnavailableWithReason",
     [](World& w) { w.agents.setAvailability("x", false, "lunch", w.now); }, "unavailable: lunch"},
    {"R4_OnACall", [](World& w) { w.agents.callConnected("x", w.now); }, "on a call"},
    {"R4_CoolDownSecondsLeft",
     [](World& w) {
       w.settings.coolDownSeconds = 20;
       w.agents.callEnded("x", w.settings, w.now - 8'000);
     },
     "cool-down 12 s left"},
    {"R4_CoolDownRoundsUp",
     [](World& w) {
       w.settings.coolDownSeconds = 20;
       w.agents.callEnded("x", w.settings, w.now - 19'999);
     },
     "cool-down 1 s left"},
    {"R13_Unreachable", [](World& w) { w.agents.setDevices("x", 0); }, "unreachable: no device"},
    {"R4_DeclinedThisCall", [](World& w) { markDone(w.progress, "x", OfferOutcome::Declined); },
     "declined this call"},
    {"R4_MissedThisCall", [](World& w) { markDone(w.progress, "x", OfferOutcome::Missed); },
     "missed this call"},
    {"R4_AlreadyOffered", [](World& w) { markDone(w.progress, "x"); }, "already offered this call"},
    {"R4_NotInFilter",
     [](World& w) {
       w.addGroup("g", {"x", "y"}, "user.team == \"west\"");
     },
     "not in filter"},
    {"R4_UnknownMember", [](World& w) { w.agents.remove("x"); }, "unknown user"},
};

class Skip : public ::testing::TestWithParam<SkipCase> {};

TEST_P(Skip, TracedWithItsReason) {
  const auto& c = GetParam();
  World w;
  w.add(agent("x"));
  auto y = agent("y");
  y.attributes = {{"team", "west"}};
  w.add(y);
  w.addGroup("g", {"x", "y"});
  w.useFlow({groupStep("g", Strategy::RingAll)});
  c.setup(w);
  Decision d = w.next();
  SCOPED_TRACE(traceText(d));
  EXPECT_EQ(d.users, std::vector<std::string>{"y"});
  EXPECT_EQ(reasonOf(d, "x", "skip"), c.reason);
  if (const AgentState* x = w.agents.find("x");
      x != nullptr && std::string(c.reason) != "not in filter") {
    EXPECT_EQ(skipReason(*x, w.progress, w.now), c.reason);
  }
}

INSTANTIATE_TEST_SUITE_P(R4, Skip, ::testing::ValuesIn(kSkips),
                         [](const auto& tc) { return std::string(tc.param.name); });

TEST(Eligibility, R4_EligibleUserHasNoReason) {
  Progress p;
  EXPECT_EQ(skipReason(agent("x"), p, kNow), std::nullopt);
}

TEST(Eligibility, R4_CoolDownOverWhenItsTimeHasCome) {
  auto a = agent("x");
  a.coolDownUntil = kNow;
  EXPECT_EQ(skipReason(a, Progress{}, kNow), std::nullopt);
  EXPECT_EQ(skipReason(a, Progress{}, kNow - 1), "cool-down 1 s left");
}

TEST(Eligibility, R13_UnreachableUntilADeviceIsBack) {
  World w;
  w.add(agent("x"));
  w.agents.setDevices("x", 0);
  w.useFlow({groupStep("g", Strategy::RingAll)});
  w.addGroup("g", {"x"});
  Decision d = w.next();
  EXPECT_EQ(d.kind, Decision::Kind::Voicemail);
  EXPECT_TRUE(hasLine(d, "", "skip", "nobody eligible in group G-g")) << traceText(d);
  w.progress = Progress{};
  w.agents.setDevices("x", 2);
  EXPECT_EQ(w.next().users, std::vector<std::string>{"x"});
}

// A group of every user writes at most kMaxSkipLines skips per decision, then a count.
TEST(Eligibility, R4_SkipsOfAHugeGroupAreCapped) {
  World w;
  for (int i = 0; i < 250; ++i) {
    auto a = agent("u" + std::to_string(1000 + i));
    a.available = i == 249;
    w.add(a);
  }
  w.addGroup("all", {});
  w.useFlow({groupStep("all", Strategy::RingAll)});
  Decision d = w.next();
  EXPECT_EQ(d.users, std::vector<std::string>{"u1249"});
  EXPECT_TRUE(hasLine(d, "", "skip", "149 more users skipped (not listed)")) << traceText(d);
}

} // namespace
} // namespace sb::routing::testing
