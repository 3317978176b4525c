// the default chain for a number with no call flow, one case per link and per skip.
#include <functional>

#include "routing_world.hpp"

namespace sb::routing::testing {
namespace {

using Kind = Decision::Kind;

struct ChainCase {
  const char* name;
  std::function<void(World&)> setup;
  Kind kind;
  std::vector<std::string> users; // Offer
  std::string number;             // Dial
  std::size_t stepIndex;
  TraceLine expectedLine; // one line the trace must hold
};

// The usual world: u1 is the number's assigned user, the caller's lead is owned by u2,
// who has a number of their own; the number forwards; the company has a phone.
void everything(World& w) {
  w.add(agent("u1"));
  auto owner = agent("u2");
  owner.hasAssignedNumber = true;
  w.add(owner);
  w.number.assignedUserId = "u1";
  w.number.forwardingNumber = "+15550109999";
  w.settings.companyPhone = "+15550108888";
  w.callerLead("u2");
}

const ChainCase kChain[] = {
    {"R2_1_AssignedUserRings",
     everything,
     Kind::Offer,
     {"u1"},
     "",
     0,
     {"u1", "offer", "assigned user"}},
    {"R2_1_SettingOffSkipsAssignedUser",
     [](World& w) {
       everything(w);
       w.settings.ringAssignedUser = false;
     },
     Kind::Offer,
     {"u2"},
     "",
     1,
     {"", "skip", "ring user assigned to number is off"}},
    {"R2_1_NoAssignedUser",
     [](World& w) {
       everything(w);
       w.number.assignedUserId.reset();
     },
     Kind::Offer,
     {"u2"},
     "",
     1,
     {"", "skip", "number has no assigned user"}},
    {"R2_1_AssignedUserUnavailableIsSkipped",
     [](World& w) {
       everything(w);
       w.agents.setAvailability("u1", false, "lunch", w.now);
     },
     Kind::Offer,
     {"u2"},
     "",
     1,
     {"u1", "skip", "unavailable: lunch"}},
    {"R2_1_AssignedUserInCoolDownIsSkipped",
     [](World& w) {
       everything(w);
       w.settings.coolDownSeconds = 30;
       w.agents.callEnded("u1", w.settings, w.now - 5'000);
     },
     Kind::Offer,
     {"u2"},
     "",
     1,
     {"u1", "skip", "cool-down 25 s left"}},
    {"R2_1_AssignedUserOnACallIsSkipped",
     [](World& w) {
       everything(w);
       w.agents.callConnected("u1", w.now);
     },
     Kind::Offer,
     {"u2"},
     "",
     1,
     {"u1", "skip", "on a call"}},
    {"R2_1_AssignedUserUnreachableIsSkipped",
     [](World& w) {
       everything(w);
       w.agents.setDevices("u1", 0);
     },
     Kind::Offer,
     {"u2"},
     "",
     1,
     {"u1", "skip", "unreachable: no device"}},
    {"R2_2_LeadOwnerRings",
     [](World& w) {
       everything(w);
       w.number.assignedUserId.reset();
     },
     Kind::Offer,
     {"u2"},
     "",
     1,
     {"u2", "offer", "lead owner"}},
    {"R2_2_OwnerWithoutAssignedNumberIsSkipped",
     [](World& w) {
       everything(w);
       w.number.assignedUserId.reset();
       auto owner = agent("u3");
       w.add(owner);
       w.callerLead("u3");
     },
     Kind::Dial,
     {},
     "+15550109999",
     2,
     {"u3", "skip", "owner has no assigned number"}},
    {"R2_2_NoLeadSkipsOwner",
     [](World& w) {
       everything(w);
       w.number.assignedUserId.reset();
       w.lead.reset();
     },
     Kind::Dial,
     {},
     "+15550109999",
     2,
     {"", "skip", "caller has no lead"}},
    {"R2_2_LeadWithoutOwnerSkipsOwner",
     [](World& w) {
       everything(w);
       w.number.assignedUserId.reset();
       w.callerLead(std::nullopt);
     },
     Kind::Dial,
     {},
     "+15550109999",
     2,
     {"", "skip", "lead has no owner"}},
    {"R2_2_OwnerUnknownToTheBoardIsSkipped",
     [](World& w) {
       everything(w);
       w.number.assignedUserId.reset();
       w.callerLead("gone");
     },
     Kind::Dial,
     {},
     "+15550109999",
     2,
     {"gone", "skip", "unknown user"}},
    {"R2_3_ForwardingNumberIsDialled",
     [](World& w) {
       everything(w);
       w.number.assignedUserId.reset();
       w.lead.reset();
     },
     Kind::Dial,
     {},
     "+15550109999",
     2,
     {"", "dial", "forwarding number +15550109999"}},
    {"R2_3_NoForwardingNumber",
     [](World& w) {
       everything(w);
       w.number.assignedUserId.reset();
       w.lead.reset();
       w.number.forwardingNumber.clear();
     },
     Kind::Dial,
     {},
     "+15550108888",
     3,
     {"", "skip", "no forwarding number"}},
    {"R2_3_ForwardingToTheNumberItselfIsSkipped",
     [](World& w) {
       everything(w);
       w.number.assignedUserId.reset();
       w.lead.reset();
       w.number.forwardingNumber = w.number.e164;
     },
     Kind::Dial,
     {},
     "+15550108888",
     3,
     {"", "skip", "forwarding number +15550100000 is the number called"}},
    {"R2_4_CompanyPhoneIsDialled",
     [](World& w) {
       everything(w);
       w.number.assignedUserId.reset();
       w.lead.reset();
       w.number.forwardingNumber.clear();
     },
     Kind::Dial,
     {},
     "+15550108888",
     3,
     {"", "dial", "company phone +15550108888"}},
    {"R2_5_VoicemailLast",
     [](World& w) { w.settings.companyPhone.clear(); },
     Kind::Voicemail,
     {},
     "",
     4,
     {"", "skip", "no company phone"}},
    {"R2_5_VoicemailDisabledHangsUp",
     [](World& w) { w.settings.voicemailEnabled = false; },
     Kind::Hangup,
     {},
     "",
     5,
     {"", "hangup", "voicemail disabled"}},
};

class DefaultChain : public ::testing::TestWithParam<ChainCase> {};

TEST_P(DefaultChain, FirstThatApplies) {
  const auto& c = GetParam();
  World w;
  c.setup(w);
  Decision d = w.next();
  SCOPED_TRACE(traceText(d));
  EXPECT_EQ(d.kind, c.kind);
  EXPECT_EQ(d.users, c.users);
  EXPECT_EQ(d.number, c.number);
  EXPECT_EQ(d.stepIndex, c.stepIndex);
  EXPECT_TRUE(hasLine(d, c.expectedLine));
}

INSTANTIATE_TEST_SUITE_P(R2, DefaultChain, ::testing::ValuesIn(kChain),
                         [](const auto& tc) { return std::string(tc.param.name); });

// a step that rings and is declined or not answered falls through to the next, to the end.
TEST(DefaultChainWalk, R2_EachLinkFallsThroughToTheNext) {
  World w;
  everything(w);
  w.settings.defaultRingTimeoutSeconds = 25;
  Decision d = w.next();
  ASSERT_EQ(d.kind, Decision::Kind::Offer);
  EXPECT_EQ(d.users, std::vector<std::string>{"u1"});
  EXPECT_EQ(d.ringTimeoutSeconds, 25);
  EXPECT_EQ(d.stepType, StepType::User);
  w.missAll(d);

  d = w.next();
  ASSERT_EQ(d.kind, Decision::Kind::Offer);
  EXPECT_EQ(d.users, std::vector<std::string>{"u2"});
  EXPECT_EQ(d.stepType, StepType::Owner);
  markDone(w.progress, "u2", OfferOutcome::Declined);

  d = w.next();
  EXPECT_EQ(d.kind, Decision::Kind::Dial);
  EXPECT_EQ(d.number, "+15550109999");
  EXPECT_EQ(d.stepType, StepType::Forwarding);

  d = w.next(); // the forwarding dial failed
  EXPECT_EQ(d.kind, Decision::Kind::Dial);
  EXPECT_EQ(d.number, "+15550108888");
  EXPECT_EQ(d.stepType, StepType::Company);

  d = w.next();
  EXPECT_EQ(d.kind, Decision::Kind::Voicemail);
  EXPECT_EQ(d.stepIndex, 4U);

  d = w.next(); // voicemail could not start
  EXPECT_EQ(d.kind, Decision::Kind::Hangup);
  EXPECT_TRUE(hasLine(d, "", "hangup", "voicemail already tried")) << traceText(d);
  EXPECT_EQ(w.next().kind, Decision::Kind::Hangup);
}

// R-2 + R-4: the assigned user who is also the lead's owner is not rung twice.
TEST(DefaultChainWalk, R2_OwnerWhoMissedAsAssignedUserIsSkipped) {
  World w;
  auto u1 = agent("u1");
  u1.hasAssignedNumber = true;
  w.add(u1);
  w.number.assignedUserId = "u1";
  w.callerLead("u1");
  Decision d = w.next();
  ASSERT_EQ(d.users, std::vector<std::string>{"u1"});
  w.missAll(d);
  d = w.next();
  EXPECT_EQ(d.kind, Decision::Kind::Voicemail);
  EXPECT_TRUE(hasLine(d, "u1", "skip", "missed this call")) << traceText(d);
}

} // namespace
} // namespace sb::routing::testing
