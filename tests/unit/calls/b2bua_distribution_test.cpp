// lead distribution in the B2BUA, the agents' side: routing's users are rung
// for a new lead with the organization's caller ID, a phone must press 1 to take it (a
// browser's answer takes it at once), declines move on, and nobody taking it ends the call
// unanswered, with no SIP to a caller that does not exist.
#include "b2bua_distribution_fixture.hpp"

namespace sb::calls {
namespace {

TEST_F(B2buaDistributionTest, ARingThroughNumberSeesTheLeadAndMustConfirm) {
  routing.routes.front().ringThrough["u-bob"] = "+15550107777";
  ASSERT_TRUE(distribute());
  auto toTrunk = network.take(kTrunk);
  ASSERT_EQ(methods(toTrunk), std::vector<std::string>{"INVITE"});
  EXPECT_EQ(toTrunk[0].requestUri.user, "+15550107777");
  EXPECT_EQ(toTrunk[0].from()->uri.user, kOrgCallerId);
  EXPECT_EQ(toTrunk[0].from()->displayName, "New lead: Ada \"The\" Lovelace");
  EXPECT_EQ(toTrunk[0].header("X-Switchboard-Lead"), nullptr) << "no internal ids to the trunk";
  layer.receive(reply(toTrunk[0], 200, "mob1", kTrunk), kTrunk);
  EXPECT_TRUE(commanded("confirm-lead 3 Ada \"The\" Lovelace")) << ::testing::PrintToString(media.commands);
  EXPECT_TRUE(log.held.empty()) << "a mobile's voicemail must not take the lead";
}

TEST_F(B2buaDistributionTest, ABrowserAnswerTakesTheLeadWithoutAPrompt) {
  routing.routes = {ScriptedRouting::offer({"u-carol"})};
  ASSERT_TRUE(distribute());
  auto invite = network.take(kCarolBrowser).at(0);
  EXPECT_EQ(*invite.header("X-Switchboard-Lead"), "lead-42");
  auto ok = reply(invite, 200, "br1", kCarolBrowser);
  ok.body = browserAnswer();
  ok.setHeader("Content-Length", std::to_string(ok.body.size()));
  layer.receive(parse(ok.serialize()), kCarolBrowser);
  EXPECT_FALSE(std::any_of(media.commands.begin(), media.commands.end(),
                           [](const std::string& c) { return c.starts_with("confirm"); }))
      << "the app already showed the lead";
  EXPECT_TRUE(saw(log.events, "claim u-carol"));
  log.commitAll();
  EXPECT_TRUE(saw(routing.events, "connected u-carol"));
  auto toTrunk = network.take(kTrunk);
  ASSERT_EQ(methods(toTrunk), std::vector<std::string>{"INVITE"});
  EXPECT_EQ(toTrunk[0].from()->uri.user, "anonymous") << "routing gave carol no caller ID";
}

TEST_F(B2buaDistributionTest, AcceptingInTheAppAtThePromptTakesTheLead) {
  ASSERT_TRUE(distribute());
  auto invite = network.take(kAlicePhone).at(0);
  EXPECT_EQ(b2bua.acceptOffer(kCallId, "u-alice"), B2bua::AcceptResult::NothingToConfirm);
  layer.receive(reply(invite, 200, "al1", kAlicePhone), kAlicePhone);
  EXPECT_EQ(b2bua.acceptOffer(kCallId, "u-alice"), B2bua::AcceptResult::Accepted);
  EXPECT_TRUE(saw(log.events, "claim u-alice"));
}

TEST_F(B2buaDistributionTest, DeclinesMoveOnAndTheLastBatchEndingLeavesTheLeadUnclaimed) {
  routing.routes = {ScriptedRouting::offer({"u-alice"}), ScriptedRouting::offer({"u-bob"})};
  ASSERT_TRUE(distribute());
  auto invite = network.take(kAlicePhone).at(0);
  layer.receive(reply(invite, 200, "al1", kAlicePhone), kAlicePhone);
  b2bua.onDigit(1, '2');
  auto toAlice = network.take(kAlicePhone);
  ASSERT_EQ(methods(toAlice), (std::vector<std::string>{"ACK", "BYE"}));
  EXPECT_NE(reasonOf(toAlice[1]).find("603"), std::string::npos);
  EXPECT_TRUE(saw(routing.events, "offer-ended u-alice declined")) << "R-10";
  auto toBob = network.take(kBobPhone);
  ASSERT_EQ(methods(toBob), std::vector<std::string>{"INVITE"}) << "the next batch rings";
  EXPECT_TRUE(b2bua.declineOffer(kCallId, "u-bob"));
  EXPECT_TRUE(saw(routing.events, "offer-ended u-bob declined"));
  EXPECT_EQ(routing.events.back(), "ended no_answer") << "R-23: nobody took it";
  EXPECT_TRUE(saw(log.events, "ended no_answer"));
  EXPECT_TRUE(network.take(kTrunk).empty()) << "no caller to answer, and no lead to call";
  layer.receive(reply(toAlice[1], 200, "", kAlicePhone), kAlicePhone);
  layer.receive(reply(toBob[0], 487, "bob1", kBobPhone), kBobPhone);
  EXPECT_TRUE(network.take(kTrunk).empty());
  EXPECT_EQ(b2bua.activeCalls(), 0u);
  EXPECT_TRUE(media.open.empty());
}

TEST_F(B2buaDistributionTest, NobodyEligibleEndsAtOnce) {
  routing.routes.clear();
  ASSERT_TRUE(distribute());
  EXPECT_TRUE(network.sent.empty());
  EXPECT_EQ(routing.events, (std::vector<std::string>{"next", "ended no_answer"}));
  EXPECT_EQ(b2bua.activeCalls(), 0u);
}

TEST_F(B2buaDistributionTest, HangingUpWhileAgentsRingCancelsEveryOffer) {
  ASSERT_TRUE(distribute());
  auto alice = network.take(kAlicePhone).at(0);
  auto bob = network.take(kBobPhone).at(0);
  layer.receive(reply(alice, 180, "al1", kAlicePhone), kAlicePhone);
  layer.receive(reply(bob, 180, "bob1", kBobPhone), kBobPhone);
  ASSERT_TRUE(b2bua.hangUpCall(kCallId, "lead withdrawn"));
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"CANCEL"});
  EXPECT_EQ(methods(network.take(kBobPhone)), std::vector<std::string>{"CANCEL"});
  EXPECT_TRUE(network.take(kTrunk).empty());
  EXPECT_TRUE(saw(routing.events, "ended failed"));
  layer.receive(reply(alice, 487, "al1", kAlicePhone), kAlicePhone);
  layer.receive(reply(bob, 487, "bob1", kBobPhone), kBobPhone);
  EXPECT_EQ(b2bua.activeCalls(), 0u);
  EXPECT_TRUE(media.open.empty());
}

TEST_F(B2buaDistributionTest, NothingStartsWhileDraining) {
  b2bua.drain();
  EXPECT_FALSE(distribute());
  EXPECT_TRUE(log.events.empty());
  EXPECT_TRUE(routing.events.empty());
  EXPECT_EQ(b2bua.activeCalls(), 0u);
}

TEST_F(B2buaDistributionTest, AFailedStoreRingsNobodyAndTellsRouting) {
  DistributionStart start{CallStarted{kCallId, CallDirection::Distribution, kLeadNumber, kOrgCallerId, "", 0,
                                      std::string("lead-42")},
                          "Ada"};
  ASSERT_TRUE(b2bua.distributeLead(start));
  log.failAll();
  EXPECT_TRUE(network.sent.empty());
  EXPECT_EQ(routing.events, std::vector<std::string>{"ended failed"});
  EXPECT_EQ(b2bua.activeCalls(), 0u);
}

} // namespace
} // namespace sb::calls
