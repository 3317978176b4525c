// Follow-ups and voicemails, on every backend: one open follow-up per
// caller that later misses merge into, closed by a connected call.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "unit/store/store_fixture.hpp"

namespace sb::store {
namespace {

constexpr std::string_view kDana = "+15550199001";
constexpr std::string_view kEvan = "+15550199002";

class FollowUpsTest : public testing::StoreTest {
protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    alice_ = addUser("alice");
    bob_ = addUser("bob");
    Lead lead;
    lead.name = "Dana";
    lead.phones = {std::string(kDana), "+15550199009"};
    auto created = store_->createLead(lead);
    ASSERT_TRUE(created) << created.error().message;
    danaLead_ = created->id;
  }

  // A call from `caller` that ended unanswered, reported as missed.
  WriteOutcome miss(const std::string& callId, std::string_view caller, EpochMs at,
                    std::optional<std::string> leadId = std::nullopt,
                    std::optional<std::string> owner = std::nullopt,
                    const std::string& reason = "missed") {
    CallRecord call = newCall(at, callId);
    call.callerE164 = std::string(caller);
    WriteOutcome started = await([&](Completion d) { return store_->callStarted(call, d); });
    if (!started) return started;
    MissedCall missed{callId, std::string(caller), std::move(leadId), std::move(owner), reason, at};
    return await([&](Completion d) { return store_->missedCall(missed, d); });
  }

  WriteOutcome connected(const std::string& callId, std::string_view caller,
                         std::optional<std::string> leadId, EpochMs at) {
    CallRecord call = newCall(at, callId);
    call.callerE164 = std::string(caller);
    WriteOutcome started = await([&](Completion d) { return store_->callStarted(call, d); });
    if (!started) return started;
    return await([&](Completion d) {
      return store_->followUpsClosed(std::string(caller), leadId, callId, at, d);
    });
  }

  std::vector<FollowUp> list(FollowUpQuery query = {}) {
    auto rows = store_->listFollowUps(query);
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? *rows : std::vector<FollowUp>{};
  }

  std::vector<FollowUp> open() {
    FollowUpQuery q;
    q.status = FollowUpStatus::Open;
    return list(q);
  }

  User alice_;
  User bob_;
  std::string danaLead_;
};

SB_STORE_BACKENDS(FollowUpsTest);

TEST_P(FollowUpsTest, R15TwoMissedCallsFromOneCallerMakeOneOpenFollowUp) {
  ASSERT_TRUE(miss("c1", kDana, 1'000));
  // By the second call the lead and its owner are known, and a voicemail was left.
  ASSERT_TRUE(miss("c2", kDana, 2'000, danaLead_, alice_.id, "voicemail"));
  std::vector<FollowUp> rows = open();
  ASSERT_EQ(rows.size(), 1U);
  const FollowUp& f = rows[0];
  EXPECT_EQ(f.callerE164, kDana);
  EXPECT_EQ(f.missedCalls, 2);
  EXPECT_EQ(f.lastCallId, "c2");
  EXPECT_EQ(f.reason, "voicemail");
  EXPECT_EQ(f.createdAt, 1'000);
  EXPECT_EQ(f.updatedAt, 2'000);
  EXPECT_EQ(f.leadId, danaLead_);
  EXPECT_EQ(f.assignedUserId, alice_.id);
  EXPECT_EQ(f.status, FollowUpStatus::Open);
  EXPECT_FALSE(f.closedAt.has_value());
  EXPECT_FALSE(f.id.empty());
}

TEST_P(FollowUpsTest, R15WhatAFollowUpKnowsIsNotOverwrittenByALaterMiss) {
  ASSERT_TRUE(miss("c1", kDana, 1'000, danaLead_, alice_.id));
  ASSERT_TRUE(miss("c2", kDana, 2'000, std::nullopt, bob_.id));
  std::vector<FollowUp> rows = open();
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].leadId, danaLead_);
  EXPECT_EQ(rows[0].assignedUserId, alice_.id);
  EXPECT_EQ(rows[0].reason, "missed");
}

TEST_P(FollowUpsTest, R15AConnectedCallClosesItAndALaterMissOpensANewOne) {
  ASSERT_TRUE(miss("c1", kDana, 1'000));
  ASSERT_TRUE(miss("c2", kEvan, 1'500));
  ASSERT_TRUE(connected("c3", kDana, std::nullopt, 3'000));
  std::vector<FollowUp> stillOpen = open();
  ASSERT_EQ(stillOpen.size(), 1U);
  EXPECT_EQ(stillOpen[0].callerE164, kEvan); // another caller's follow-up is not touched

  FollowUpQuery closedOnly;
  closedOnly.status = FollowUpStatus::Closed;
  std::vector<FollowUp> closed = list(closedOnly);
  ASSERT_EQ(closed.size(), 1U);
  EXPECT_EQ(closed[0].closedAt, 3'000);
  EXPECT_EQ(closed[0].closedByCallId, "c3");
  EXPECT_EQ(closed[0].updatedAt, 3'000);

  ASSERT_TRUE(miss("c4", kDana, 4'000));
  std::vector<FollowUp> all = list();
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0].lastCallId, "c4"); // newest first
  EXPECT_EQ(all[0].status, FollowUpStatus::Open);
  EXPECT_EQ(all[0].missedCalls, 1);
  EXPECT_NE(all[0].id, closed[0].id);
}

TEST_P(FollowUpsTest, R15AConnectedCallWithTheLeadClosesFollowUpsFromItsOtherPhones) {
  ASSERT_TRUE(miss("c1", kDana, 1'000, danaLead_));
  ASSERT_TRUE(miss("c2", kEvan, 1'500));
  // Dana calls from her other phone and gets through.
  ASSERT_TRUE(connected("c3", "+15550199009", danaLead_, 2'000));
  std::vector<FollowUp> rows = open();
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].callerE164, kEvan);
  // Nothing open for that caller or lead: nothing to do, and not an error.
  EXPECT_TRUE(connected("c4", "+15550100999", std::nullopt, 3'000));
}

TEST_P(FollowUpsTest, R14FollowUpsListByAssigneeOrTheUnassignedQueue) {
  ASSERT_TRUE(miss("c1", kDana, 1'000, danaLead_, alice_.id));
  ASSERT_TRUE(miss("c2", kEvan, 2'000, std::nullopt, bob_.id));
  ASSERT_TRUE(miss("c3", "+15550199003", 3'000));

  FollowUpQuery alices;
  alices.assignedUserId = alice_.id;
  std::vector<FollowUp> forAlice = list(alices);
  ASSERT_EQ(forAlice.size(), 1U);
  EXPECT_EQ(forAlice[0].callerE164, kDana);

  FollowUpQuery queue;
  queue.unassignedOnly = true;
  std::vector<FollowUp> unassigned = list(queue);
  ASSERT_EQ(unassigned.size(), 1U);
  EXPECT_EQ(unassigned[0].callerE164, "+15550199003");
  EXPECT_FALSE(unassigned[0].assignedUserId.has_value());

  FollowUpQuery page;
  page.limit = 2;
  std::vector<FollowUp> newest = list(page);
  ASSERT_EQ(newest.size(), 2U);
  EXPECT_EQ(newest[0].lastCallId, "c3");
  EXPECT_EQ(newest[1].lastCallId, "c2");

  FollowUpQuery both;
  both.assignedUserId = alice_.id;
  both.unassignedOnly = true;
  EXPECT_EQ(store_->listFollowUps(both).error().code, 400);
  page.limit = 0;
  EXPECT_EQ(store_->listFollowUps(page).error().code, 400);
}

TEST_P(FollowUpsTest, R15AMissedCallNeedsTheCallersNumberAndAKnownReason) {
  WriteOutcome withheld = miss("c1", "", 1'000);
  ASSERT_FALSE(withheld);
  EXPECT_EQ(withheld.error().code, 400);
  WriteOutcome odd = miss("c2", kDana, 2'000, std::nullopt, std::nullopt, "bored");
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().code, 400);
  EXPECT_TRUE(list().empty());
}

TEST_P(FollowUpsTest, R14VoicemailsAreKeptOnTheirCall) {
  ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(1'000, "c1"), d); }));
  ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(1'100, "c2"), d); }));
  Voicemail first{"vm-1", "c1", danaLead_, "voicemail/c1-1.wav", 12'500, 2'000};
  Voicemail second{"", "c1", std::nullopt, "voicemail/c1-2.wav", 800, 2'100};
  ASSERT_TRUE(await([&](Completion d) { return store_->voicemailStored(first, d); }));
  ASSERT_TRUE(await([&](Completion d) { return store_->voicemailStored(second, d); }));

  auto kept = store_->listVoicemails("c1");
  ASSERT_TRUE(kept) << kept.error().message;
  ASSERT_EQ(kept->size(), 2U);
  EXPECT_EQ((*kept)[0].id, "vm-1");
  EXPECT_EQ((*kept)[0].leadId, danaLead_);
  EXPECT_EQ((*kept)[0].path, "voicemail/c1-1.wav");
  EXPECT_EQ((*kept)[0].durationMs, 12'500);
  EXPECT_EQ((*kept)[0].createdAt, 2'000);
  EXPECT_FALSE((*kept)[1].id.empty()); // the store chose one
  EXPECT_FALSE((*kept)[1].leadId.has_value());
  EXPECT_TRUE(store_->listVoicemails("c2")->empty());

  Voicemail orphan{"", "ghost", std::nullopt, "voicemail/x.wav", 1, 3'000};
  EXPECT_FALSE(await([&](Completion d) { return store_->voicemailStored(orphan, d); }));
}

} // namespace
} // namespace sb::store
