// R-3 call-flow steps and strategies, R-5 ring-all batches, R-10 declines, R-14 the end.
#include <functional>
#include <set>

#include "routing_world.hpp"

namespace sb::routing::testing {
namespace {

using Kind = Decision::Kind;
using Users = std::vector<std::string>;

// ---- each step type -------------------------------------------------------------

struct StepCase {
  const char* name;
  Step step;
  Kind kind;
  Users users;
  std::string number;
};

Step userStep(std::string id) {
  Step s = typedStep(StepType::User);
  s.userId = std::move(id);
  return s;
}

Step numberStep(std::string number) {
  Step s = typedStep(StepType::Number);
  s.number = std::move(number);
  return s;
}

const StepCase kSteps[] = {
    {"R3_Owner", typedStep(StepType::Owner), Kind::Offer, {"owner"}, ""},
    {"R3_User", userStep("a"), Kind::Offer, {"a"}, ""},
    {"R3_Group", groupStep("g", Strategy::RingAll), Kind::Offer, {"a", "b"}, ""},
    {"R3_Number", numberStep("+442079460000"), Kind::Dial, {}, "+442079460000"},
    {"R3_Forwarding", typedStep(StepType::Forwarding), Kind::Dial, {}, "+15550109999"},
    {"R3_Company", typedStep(StepType::Company), Kind::Dial, {}, "+15550108888"},
    {"R3_Voicemail", typedStep(StepType::Voicemail), Kind::Voicemail, {}, ""},
    {"R3_Hangup", typedStep(StepType::Hangup), Kind::Hangup, {}, ""},
};

class FlowStep : public ::testing::TestWithParam<StepCase> {};

TEST_P(FlowStep, DecidesByType) {
  const auto& c = GetParam();
  World w;
  w.add(agent("a", 100));
  w.add(agent("b", 200));
  w.add(agent("owner")); // no assigned number: only the default chain asks for one
  w.addGroup("g", {"a", "b"});
  w.number.forwardingNumber = "+15550109999";
  w.settings.companyPhone = "+15550108888";
  w.callerLead("owner");
  Step step = c.step;
  step.ringTimeoutSeconds = 33;
  step.confirm = true;
  w.useFlow({step});
  Decision d = w.next();
  SCOPED_TRACE(traceText(d));
  EXPECT_EQ(d.kind, c.kind);
  EXPECT_EQ(d.users, c.users);
  EXPECT_EQ(d.number, c.number);
  EXPECT_EQ(d.stepIndex, 0U);
  EXPECT_EQ(d.stepType, c.step.type);
  if (d.kind == Kind::Offer || d.kind == Kind::Dial) {
    EXPECT_EQ(d.ringTimeoutSeconds, 33);
    EXPECT_TRUE(d.confirm); // R-9 per step
  }
}

INSTANTIATE_TEST_SUITE_P(R3, FlowStep, ::testing::ValuesIn(kSteps),
                         [](const auto& tc) { return std::string(tc.param.name); });

// ---- each strategy --------------------------------------------------------------

// Four members: idle since 400, 100, 300, 200 (so b idled longest); last offered at
// 40, 30, 10, 20 (so c was offered least recently).
World strategyWorld(Strategy strategy, std::vector<std::string> members = {"a", "b", "c", "d"}) {
  World w;
  const std::pair<const char*, std::pair<EpochMs, EpochMs>> people[] = {
      {"a", {400, 40}}, {"b", {100, 30}}, {"c", {300, 10}}, {"d", {200, 20}}};
  for (const auto& [id, times] : people) {
    auto a = agent(id, times.first);
    a.lastOfferedAt = times.second;
    w.add(a);
  }
  w.addGroup("g", std::move(members));
  w.useFlow({groupStep("g", strategy)});
  return w;
}

// The users offered one decision after another, each missed, until the step is over.
std::vector<Users> walk(World& w) {
  std::vector<Users> offers;
  for (int guard = 0; guard < 20; ++guard) {
    Decision d = w.next();
    if (d.kind != Kind::Offer) break;
    offers.push_back(d.users);
    w.missAll(d);
  }
  return offers;
}

TEST(Strategies, R3_RingAllRingsEveryoneLongestIdleFirst) {
  World w = strategyWorld(Strategy::RingAll);
  EXPECT_EQ(walk(w), (std::vector<Users>{{"b", "d", "c", "a"}}));
}

TEST(Strategies, R3_LongestIdleOneAtATime) {
  World w = strategyWorld(Strategy::LongestIdle);
  EXPECT_EQ(walk(w), (std::vector<Users>{{"b"}, {"d"}, {"c"}, {"a"}}));
}

TEST(Strategies, R3_RoundRobinLeastRecentlyOfferedFirst) {
  World w = strategyWorld(Strategy::RoundRobin);
  EXPECT_EQ(walk(w), (std::vector<Users>{{"c"}, {"d"}, {"b"}, {"a"}}));
}

TEST(Strategies, R3_RoundRobinFollowsTheBoardAcrossCalls) {
  World w = strategyWorld(Strategy::RoundRobin);
  Users firstOffers;
  for (int call = 0; call < 5; ++call) {
    w.progress = Progress{}; // a new call
    w.now += 1000;
    Decision d = w.next();
    ASSERT_EQ(d.users.size(), 1U);
    firstOffers.push_back(d.users[0]);
    w.agents.offered(d.users[0], w.now); // the caller reports each offer to the board
  }
  EXPECT_EQ(firstOffers, (Users{"c", "d", "b", "a", "c"}));
}

TEST(Strategies, R3_SequentialInMemberOrder) {
  World w = strategyWorld(Strategy::Sequential, {"c", "a", "d", "b"});
  EXPECT_EQ(walk(w), (std::vector<Users>{{"c"}, {"a"}, {"d"}, {"b"}}));
}

TEST(Strategies, R3_SequentialSkipsTheIneligibleAndDoesNotGoBack) {
  World w = strategyWorld(Strategy::Sequential, {"c", "a", "d", "b"});
  w.agents.callConnected("c", w.now); // c is on a call
  Decision d = w.next();
  EXPECT_EQ(d.users, Users{"a"});
  EXPECT_TRUE(hasLine(d, "c", "skip", "on a call")) << traceText(d);
  w.missAll(d);
  w.agents.callEnded("c", w.settings, w.now); // c is free again, but their turn has passed
  EXPECT_EQ(walk(w), (std::vector<Users>{{"d"}, {"b"}}));
}

TEST(Strategies, R3_SequentialWithoutMembersGoesByName) {
  World w;
  for (auto [id, name] : {std::pair{"u1", "Zoe"}, {"u2", "Adam"}, {"u3", "Mia"}}) {
    auto a = agent(id);
    a.name = name;
    w.add(a);
  }
  w.addGroup("all", {});
  w.useFlow({groupStep("all", Strategy::Sequential)});
  EXPECT_EQ(walk(w), (std::vector<Users>{{"u2"}, {"u3"}, {"u1"}}));
}

TEST(Strategies, R3_RandomIsReproducibleWithTheSeedAndVariesWithIt) {
  std::set<std::string> picked;
  for (std::uint64_t seed = 0; seed < 32; ++seed) {
    World w1 = strategyWorld(Strategy::Random);
    World w2 = strategyWorld(Strategy::Random);
    w1.seed = w2.seed = seed;
    Decision d1 = w1.next();
    Decision d2 = w2.next();
    ASSERT_EQ(d1.users.size(), 1U);
    EXPECT_EQ(d1.users, d2.users);
    picked.insert(d1.users[0]);
  }
  EXPECT_EQ(picked.size(), 4U); // every member is drawn by some seed
}

TEST(Strategies, R3_RandomOffersEachMemberOnce) {
  World w = strategyWorld(Strategy::Random);
  auto offers = walk(w);
  std::multiset<std::string> users;
  for (const auto& o : offers)
    users.insert(o.begin(), o.end());
  EXPECT_EQ(users, (std::multiset<std::string>{"a", "b", "c", "d"}));
}

TEST(Strategies, R3_UnknownGroupIsSkipped) {
  World w;
  w.useFlow({groupStep("nope", Strategy::RingAll)});
  Decision d = w.next();
  EXPECT_EQ(d.kind, Kind::Voicemail);
  EXPECT_TRUE(hasLine(d, "", "skip", "unknown group nope")) << traceText(d);
}

// ---- ring all in batches --------------------------------------------------------

World twelveEligible() {
  World w;
  std::vector<std::string> members;
  for (int i = 0; i < 12; ++i) {
    std::string id = std::string(i < 10 ? "u0" : "u") + std::to_string(i);
    w.add(agent(id, 1000 - i)); // u11 idled longest
    members.push_back(id);
  }
  w.addGroup("g", members);
  w.useFlow({groupStep("g", Strategy::RingAll)});
  return w;
}

std::vector<std::size_t> batchSizes(World& w) {
  std::vector<std::size_t> sizes;
  for (const auto& users : walk(w))
    sizes.push_back(users.size());
  return sizes;
}

TEST(RingAll, R5_TwelveEligibleRingTenThenTwo) {
  World w = twelveEligible();
  Decision first = w.next();
  ASSERT_EQ(first.users.size(), 10U);
  EXPECT_EQ(first.users.front(), "u11"); // longest idle first
  EXPECT_EQ(first.users.back(), "u02");
  w.missAll(first);
  Decision second = w.next();
  EXPECT_EQ(second.users, (Users{"u01", "u00"}));
  EXPECT_EQ(second.stepIndex, 0U);
  EXPECT_TRUE(hasLine(second, "", "step", "1/1 group G-g (ring_all) (continued)"))
      << traceText(second);
  w.missAll(second);
  EXPECT_EQ(w.next().kind, Kind::Voicemail);
}

TEST(RingAll, R5_BatchSettingOfThree) {
  World w = twelveEligible();
  w.settings.ringAllBatch = 3;
  EXPECT_EQ(batchSizes(w), (std::vector<std::size_t>{3, 3, 3, 3}));
}

TEST(RingAll, R5_BatchNeverOverTen) {
  World w = twelveEligible();
  w.settings.ringAllBatch = 50; // set directly: the router clamps too
  EXPECT_EQ(batchSizes(w), (std::vector<std::size_t>{10, 2}));
  auto parsed = parseSettings({{"ring_all_batch", 50}}, "");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->ringAllBatch, 10);
}

TEST(RingAll, R5_UserFreedBetweenBatchesJoinsTheNextBatch) {
  World w = twelveEligible();
  w.agents.callConnected("u11", w.now);
  Decision first = w.next();
  EXPECT_EQ(first.users.front(), "u10");
  w.missAll(first);
  w.agents.callEnded("u11", w.settings, w.now + 1);
  Decision second = w.next();
  EXPECT_EQ(second.users, (Users{"u00", "u11"})); // u11 has just become idle
}

// ---- a decline is final for the call -------------------------------------------

TEST(Decline, R10_DeclinedUserIsNeverOfferedAgain) {
  World w = strategyWorld(Strategy::RingAll);
  w.settings.ringAllBatch = 2;
  auto again = userStep("b"); // a later step names b again
  w.useFlow({groupStep("g", Strategy::RingAll), again, groupStep("g", Strategy::RoundRobin)});
  Decision d = w.next();
  ASSERT_EQ(d.users, (Users{"b", "d"}));
  markDone(w.progress, "b", OfferOutcome::Declined);
  markDone(w.progress, "d", OfferOutcome::Missed);
  d = w.next();
  EXPECT_EQ(d.users, (Users{"c", "a"}));
  EXPECT_TRUE(hasLine(d, "b", "skip", "declined this call")) << traceText(d);
  w.missAll(d);
  d = w.next();
  EXPECT_EQ(d.kind, Kind::Voicemail); // step 2 (user b) and step 3 (everyone done) skipped
  EXPECT_TRUE(hasLine(d, "b", "skip", "declined this call")) << traceText(d);
  EXPECT_TRUE(hasLine(d, "d", "skip", "missed this call")) << traceText(d);
}

TEST(Decline, R10_MarkDoneWithoutOutcomeIsAlreadyOffered) {
  Progress p;
  markDone(p, "x");
  auto a = agent("x");
  EXPECT_EQ(skipReason(a, p, kNow), "already offered this call");
  markDone(p, "x", OfferOutcome::Declined);
  markDone(p, "x"); // keeps the known outcome
  EXPECT_EQ(skipReason(a, p, kNow), "declined this call");
}

TEST(Decline, R10_AContinuedStepDoesNotRepeatItsSkips) {
  World w = twelveEligible();
  w.agents.setAvailability("u05", false, "lunch", w.now);
  Decision first = w.next();
  EXPECT_TRUE(hasLine(first, "u05", "skip", "unavailable: lunch"));
  w.missAll(first);
  Decision second = w.next();
  EXPECT_EQ(reasonOf(second, "u05", "skip"), "<none>") << traceText(second);
  EXPECT_EQ(reasonOf(second, "u11", "skip"), "missed this call"); // a new reason is written
}

// ---- the end of routing --------------------------------------------------------

TEST(EndOfRouting, R14_VoicemailAfterTheLastStepThenHangup) {
  World w = strategyWorld(Strategy::LongestIdle);
  w.useFlow({userStep("a")});
  Decision d = w.next();
  w.missAll(d);
  d = w.next();
  EXPECT_EQ(d.kind, Kind::Voicemail);
  EXPECT_EQ(d.stepIndex, 1U);
  EXPECT_TRUE(hasLine(d, "", "exhausted", "no step left")) << traceText(d);
  EXPECT_TRUE(hasLine(d, "", "voicemail", "routing exhausted")) << traceText(d);
  EXPECT_EQ(w.next().kind, Kind::Hangup);
}

TEST(EndOfRouting, R14_HangupWhenVoicemailIsDisabled) {
  World w;
  w.settings.voicemailEnabled = false;
  w.useFlow({typedStep(StepType::Voicemail), userStep("nobody")});
  Decision d = w.next();
  EXPECT_EQ(d.kind, Kind::Hangup);
  EXPECT_TRUE(hasLine(d, "", "skip", "voicemail disabled")) << traceText(d);
  EXPECT_TRUE(hasLine(d, "nobody", "skip", "unknown user")) << traceText(d);
  EXPECT_TRUE(hasLine(d, "", "hangup", "voicemail disabled")) << traceText(d);
}

TEST(EndOfRouting, R14_HangupStepEndsRoutingForGood) {
  World w = strategyWorld(Strategy::RingAll);
  w.useFlow({typedStep(StepType::Hangup), groupStep("g", Strategy::RingAll)});
  EXPECT_EQ(w.next().kind, Kind::Hangup);
  Decision d = w.next();
  EXPECT_EQ(d.kind, Kind::Hangup);
  EXPECT_TRUE(hasLine(d, "", "hangup", "routing already ended"));
}

TEST(EndOfRouting, R14_EmptyFlowGoesToVoicemail) {
  World w;
  w.useFlow({});
  EXPECT_EQ(w.next().kind, Kind::Voicemail);
}

} // namespace
} // namespace sb::routing::testing
