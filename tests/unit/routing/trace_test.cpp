// the trace's reason texts, formatted from codes; R-10: the per-call table of users
// the call is over for. (The router tests check the same texts through next().)
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "routing_world.hpp"

namespace sb::routing::testing {
namespace {

using Code = TraceReason::Code;

struct ReasonCase {
  const char* name;
  TraceReason reason;
  const char* text;
};

const std::string kLunch = "lunch";
const std::string kEmpty;

const ReasonCase kReasons[] = {
    {"R4_UnknownUser", TraceReason::of(Code::UnknownUser), "unknown user"},
    {"R2_2_NoAssignedNumber", TraceReason::of(Code::NoAssignedNumber),
     "owner has no assigned number"},
    {"R4_NotInFilter", TraceReason::of(Code::NotInFilter), "not in filter"},
    {"R4_Declined", TraceReason::of(Code::Declined), "declined this call"},
    {"R4_Missed", TraceReason::of(Code::Missed), "missed this call"},
    {"R4_AlreadyOffered", TraceReason::of(Code::AlreadyOffered), "already offered this call"},
    {"R4_UnavailableWithReason", TraceReason::of(Code::Unavailable, 0, kLunch),
     "unavailable: lunch"},
    {"R4_UnavailableNoReason", TraceReason::of(Code::Unavailable, 0, kEmpty), "unavailable"},
    {"R4_OnCall", TraceReason::of(Code::OnCall), "on a call"},
    {"R4_CoolDown", TraceReason::of(Code::CoolDown, 12), "cool-down 12 s left"},
    {"R4_Unreachable", TraceReason::of(Code::Unreachable), "unreachable: no device"},
    {"Literal", TraceReason::literal("ring_all"), "ring_all"},
    {"FreeText", TraceReason(std::string("1/3 group G-g (ring_all)")), "1/3 group G-g (ring_all)"},
};

class ReasonText : public ::testing::TestWithParam<ReasonCase> {};

TEST_P(ReasonText, IsTheTraceText) {
  const auto& c = GetParam();
  EXPECT_EQ(c.reason.text(), c.text);
  EXPECT_EQ(c.reason, TraceReason(c.text)); // equal by text, whatever the code
}

INSTANTIATE_TEST_SUITE_P(R4, ReasonText, ::testing::ValuesIn(kReasons),
                         [](const auto& tc) { return std::string(tc.param.name); });

TEST(TraceLine, R4_LinesAreEqualByTheirText) {
  std::string id = "u1";
  TraceLine coded{id, "skip", TraceReason::of(Code::CoolDown, 3)};
  EXPECT_EQ(coded, (TraceLine{"u1", "skip", "cool-down 3 s left"}));
  EXPECT_NE(coded, (TraceLine{"u1", "skip", "cool-down 4 s left"}));
  EXPECT_NE(coded, (TraceLine{"u2", "skip", "cool-down 3 s left"}));
}

TEST(DoneUsers, R10_RemembersEachUserWithTheirOutcome) {
  DoneUsers done;
  EXPECT_TRUE(done.empty());
  EXPECT_EQ(done.find("a"), std::nullopt);
  done.mark("a", std::nullopt);
  done.mark("b", OfferOutcome::Declined);
  done.mark("c", OfferOutcome::Missed);
  EXPECT_EQ(done.size(), 3U);
  EXPECT_EQ(done.find("a"), OfferOutcome::Offered);
  EXPECT_EQ(done.find("b"), OfferOutcome::Declined);
  EXPECT_EQ(done.find("c"), OfferOutcome::Missed);
  EXPECT_EQ(done.find("d"), std::nullopt);
  EXPECT_EQ(done.find(AgentBoard::hashOf("b"), "b"), OfferOutcome::Declined);
}

TEST(DoneUsers, R10_AnOutcomeReplacesAndNoOutcomeKeeps) {
  DoneUsers done;
  done.mark("a", OfferOutcome::Missed);
  done.mark("a", std::nullopt); // the offer ended otherwise: the miss is still why
  EXPECT_EQ(done.find("a"), OfferOutcome::Missed);
  done.mark("a", OfferOutcome::Declined);
  EXPECT_EQ(done.find("a"), OfferOutcome::Declined);
  EXPECT_EQ(done.size(), 1U);
}

TEST(DoneUsers, R10_ManyIdsOfAllLengthsStayApart) {
  // Store-shaped 26-character ids and their prefixes: the shared buffer must not let one
  // id read as another.
  DoneUsers done;
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    std::string id = "01HZX" + std::to_string(1000000 + i * 7919) + "ABCDEFGHIJKLMN";
    ids.push_back(id.substr(0, static_cast<std::size_t>(1 + i % 26)));
  }
  for (std::size_t i = 0; i < ids.size(); i += 2)
    done.mark(ids[i], i % 4 == 0 ? OfferOutcome::Declined : OfferOutcome::Missed);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    bool marked = false;
    for (std::size_t j = 0; j < ids.size(); j += 2)
      marked = marked || ids[j] == ids[i];
    EXPECT_EQ(done.find(ids[i]).has_value(), marked) << ids[i];
  }
  EXPECT_EQ(done.find("01HZX"), done.find(std::string("01HZX")));
}

// The default chain builds its steps inside next(): the trace must refer to the number's
// own assigned user id, which outlives the decision (ASan checks the read).
TEST(TraceLine, R2_1_UnknownAssignedUserIdOutlivesTheDecision) {
  World w;
  w.number.assignedUserId = "ghost-user-with-a-long-store-id";
  Decision d = w.next();
  EXPECT_TRUE(hasLine(d, "ghost-user-with-a-long-store-id", "skip", "unknown user"))
      << traceText(d);
}

} // namespace
} // namespace sb::routing::testing
