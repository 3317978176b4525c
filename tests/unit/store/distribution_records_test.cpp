// Applications and lead exceptions on every backend and the fake: raised
// through the call path, listed by state newest first a page at a time, resolved once,
// resolved by giving the lead an owner, and gone with their lead.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/store/api_store_fixture.hpp"

namespace sb::store {
namespace {

using State = LeadExceptionQuery::State;
using Strings = std::vector<std::string>;

class DistributionRecordsTest : public testing::ApiStoreTest {
protected:
  void SetUp() override {
    ApiStoreTest::SetUp();
    if (HasFatalFailure()) return;
    now_ = common::toEpochMs(clock_.wallNow());
    // The fake has no clock: what it stamps is its `now`, set to the same instant.
    if (auto* fake = dynamic_cast<testing::FakeStore*>(store_.get())) fake->now = now_;
    admin_ = addUser("admin");
    alice_ = addUser("alice");
    lead_ = addLead("Dana", 1'000, {"+15550100777"});
  }

  LeadException exception(const std::string& id, EpochMs createdAt, const std::string& reason,
                          const std::string& leadId = "") {
    LeadException e;
    e.id = id;
    e.leadId = leadId.empty() ? lead_.id : leadId;
    e.reason = reason;
    e.detail = "ring_all: " + reason;
    e.createdAt = createdAt;
    return e;
  }

  WriteOutcome raise(const LeadException& e) {
    return await([&](Completion d) { return store_->leadExceptionRaised(e, d); });
  }

  WriteOutcome apply(const Application& a) {
    return await([&](Completion d) { return store_->applicationCreated(a, d); });
  }

  Strings listed(State state, int limit = 50, const std::string& cursor = "",
                 std::string* next = nullptr) {
    LeadExceptionQuery q;
    q.state = state;
    q.limit = limit;
    q.cursor = cursor;
    auto page = store_->listLeadExceptions(q);
    EXPECT_TRUE(page) << page.error().message;
    Strings ids;
    if (!page) return ids;
    for (const LeadException& e : page->items)
      ids.push_back(e.id);
    if (next) *next = page->nextCursor;
    return ids;
  }

  LeadException stored(const std::string& id) {
    auto found = store_->getLeadException(id);
    EXPECT_TRUE(found && *found) << id;
    return found && *found ? **found : LeadException{};
  }

  EpochMs now_ = 0;
  User admin_;
  User alice_;
  Lead lead_;
};

SB_API_STORE_BACKENDS(DistributionRecordsTest);

TEST_P(DistributionRecordsTest, R23ExceptionsAreRaisedOpenAndKeepWhatWasSaid) {
  GroupRecord group;
  group.name = "Sales";
  auto sales = store_->createGroup(group);
  ASSERT_TRUE(sales) << sales.error().message;
  CallRecord call = newCall(2'000, "dist-call-1");
  record(call);
  LeadException e = exception("x-1", 2'500, "all_declined");
  e.groupId = sales->id;
  e.callId = call.id;
  e.resolvedAt = 9'999; // ignored: an exception is raised open
  ASSERT_TRUE(raise(e));

  const LeadException got = stored("x-1");
  EXPECT_EQ(got.leadId, lead_.id);
  EXPECT_EQ(got.groupId, sales->id);
  EXPECT_EQ(got.callId, call.id);
  EXPECT_EQ(got.reason, "all_declined");
  EXPECT_EQ(got.detail, "ring_all: all_declined");
  EXPECT_EQ(got.createdAt, 2'500);
  EXPECT_FALSE(got.resolvedAt.has_value());
  EXPECT_FALSE(got.resolvedByUserId.has_value());

  WriteOutcome badReason = raise(exception("x-2", 2'600, "bored"));
  ASSERT_FALSE(badReason);
  EXPECT_EQ(badReason.error().code, 400);
  WriteOutcome noLead = raise(exception("x-3", 2'700, "no_answer", "no-such-lead"));
  ASSERT_FALSE(noLead);
  EXPECT_EQ(noLead.error().code, 404);
  EXPECT_FALSE(*store_->getLeadException("x-2"));

  // Without an id or a time, the store gives both.
  LeadException anonymous = exception("", 0, "nobody_eligible");
  ASSERT_TRUE(raise(anonymous));
  auto all = store_->listLeadExceptions(LeadExceptionQuery{State::All, "", 50});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->items.size(), 2U);
  EXPECT_FALSE(all->items.front().id.empty());
  EXPECT_EQ(all->items.front().createdAt, now_);
}

TEST_P(DistributionRecordsTest, R23TheListPagesNewestFirstByState) {
  for (auto [id, at] : {std::pair{"x-a", 3'000}, std::pair{"x-b", 4'000}, std::pair{"x-c", 5'000},
                        std::pair{"x-d", 5'000}}) {
    ASSERT_TRUE(raise(exception(id, at, "no_answer")));
  }
  std::string next;
  EXPECT_EQ(listed(State::Open, 3, "", &next), (Strings{"x-d", "x-c", "x-b"}));
  ASSERT_FALSE(next.empty());
  std::string last;
  EXPECT_EQ(listed(State::Open, 3, next, &last), (Strings{"x-a"}));
  EXPECT_TRUE(last.empty());

  auto resolved = store_->resolveLeadException("x-b", admin_.id, 6'000);
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->resolvedAt, 6'000);
  EXPECT_EQ(resolved->resolvedByUserId, admin_.id);
  EXPECT_EQ(stored("x-b").resolvedByUserId, admin_.id);
  EXPECT_EQ(listed(State::Open), (Strings{"x-d", "x-c", "x-a"}));
  EXPECT_EQ(listed(State::Resolved), (Strings{"x-b"}));
  EXPECT_EQ(listed(State::All), (Strings{"x-d", "x-c", "x-b", "x-a"}));

  for (int limit : {0, 201}) {
    auto bad = store_->listLeadExceptions(LeadExceptionQuery{State::Open, "", limit});
    EXPECT_EQ(refused(bad).field, "limit");
  }
  // Another list's cursor, or none at all, is refused.
  for (const std::string& cursor : {std::string("zz"), std::string("6c317c317c78")}) {
    auto bad = store_->listLeadExceptions(LeadExceptionQuery{State::Open, cursor, 10});
    EXPECT_EQ(refused(bad).field, "cursor") << cursor;
  }
}

TEST_P(DistributionRecordsTest, R23ResolvingTwiceIsAConflictAndAnUnknownOneIsNotFound) {
  ASSERT_TRUE(raise(exception("x-1", 2'000, "failed")));
  // The admin token is nobody in particular: no resolvedByUserId.
  auto first = store_->resolveLeadException("x-1", "", 3'000);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->resolvedByUserId.has_value());
  auto again = store_->resolveLeadException("x-1", admin_.id, 4'000);
  EXPECT_EQ(refused(again).code, 409);
  EXPECT_EQ(stored("x-1").resolvedAt, 3'000); // the first resolution stands
  EXPECT_EQ(refused(store_->resolveLeadException("x-404", admin_.id, 4'000)).code, 404);
}

TEST_P(DistributionRecordsTest, R21TheNewestApplicationOfALeadIsItsApplication) {
  auto none = store_->applicationOfLead(lead_.id);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());

  CallRecord call = newCall(2'000, "dist-call-2");
  record(call);
  Application first{"ap-1", lead_.id, admin_.id, std::nullopt, 2'100};
  Application second{"ap-2", lead_.id, alice_.id, call.id, 2'200};
  ASSERT_TRUE(apply(second));
  ASSERT_TRUE(apply(first));
  auto newest = store_->applicationOfLead(lead_.id);
  ASSERT_TRUE(newest && *newest);
  EXPECT_EQ((*newest)->id, "ap-2");
  EXPECT_EQ((*newest)->userId, alice_.id);
  EXPECT_EQ((*newest)->callId, call.id);
  EXPECT_EQ((*newest)->createdAt, 2'200);

  WriteOutcome noLead = apply(Application{"ap-3", "no-such-lead", alice_.id, std::nullopt, 1});
  ASSERT_FALSE(noLead);
  EXPECT_EQ(noLead.error().code, 404);
  WriteOutcome noUser = apply(Application{"ap-4", lead_.id, "", std::nullopt, 1});
  ASSERT_FALSE(noUser);
  EXPECT_EQ(noUser.error().code, 400);
  // A user who took a lead keeps that history: deleting them is refused.
  EXPECT_EQ(refused(store_->deleteUser(alice_.id)).code, 409);
}

TEST_P(DistributionRecordsTest, R23GivingTheLeadAnOwnerResolvesItsOpenExceptions) {
  Lead other = addLead("Eve", 1'100);
  ASSERT_TRUE(raise(exception("x-1", 2'000, "no_answer")));
  ASSERT_TRUE(raise(exception("x-2", 2'100, "all_declined")));
  ASSERT_TRUE(raise(exception("x-3", 2'200, "no_answer", other.id)));
  ASSERT_TRUE(store_->resolveLeadException("x-1", admin_.id, 2'500));

  Lead renamed = lead_;
  renamed.name = "Dana Q";
  ASSERT_TRUE(store_->updateLead(renamed)); // still no owner: still open
  EXPECT_EQ(listed(State::Open), (Strings{"x-3", "x-2"}));

  Lead owned = renamed;
  owned.ownerUserId = alice_.id;
  ASSERT_TRUE(store_->updateLead(owned));
  EXPECT_EQ(listed(State::Open), (Strings{"x-3"})); // another lead's stays open
  const LeadException x2 = stored("x-2");
  EXPECT_EQ(x2.resolvedAt, now_);
  EXPECT_FALSE(x2.resolvedByUserId.has_value());
  const LeadException x1 = stored("x-1"); // resolved before: kept as it was
  EXPECT_EQ(x1.resolvedAt, 2'500);
  EXPECT_EQ(x1.resolvedByUserId, admin_.id);
}

// give a lead its owner through the call path: an answer, or pressing 1 on a
// later distribution. Either way somebody took the lead, so its open exceptions resolve.
TEST_P(DistributionRecordsTest, R23ALeadTakenOnACallResolvesItsOpenExceptions) {
  Lead other = addLead("Eve", 1'100);
  ASSERT_TRUE(raise(exception("x-1", 2'000, "no_answer")));
  ASSERT_TRUE(raise(exception("x-2", 2'100, "no_answer", other.id)));
  auto assign = [&](const std::string& leadId, const std::string& userId, bool onlyIfUnowned) {
    return await([&](Completion d) { return store_->leadAssigned(leadId, userId, onlyIfUnowned, d); });
  };
  ASSERT_TRUE(assign(lead_.id, alice_.id, true));
  EXPECT_EQ(listed(State::Open), (Strings{"x-2"})) << "another lead's stays open";
  const LeadException x1 = stored("x-1");
  EXPECT_EQ(x1.resolvedAt, now_);
  EXPECT_FALSE(x1.resolvedByUserId.has_value());

  // An owned lead left alone (only when it has no owner) keeps an exception raised since.
  ASSERT_TRUE(raise(exception("x-3", 3'000, "all_declined")));
  ASSERT_TRUE(assign(lead_.id, admin_.id, true));
  EXPECT_EQ(listed(State::Open), (Strings{"x-3", "x-2"}));
  ASSERT_TRUE(assign(other.id, admin_.id, false));
  EXPECT_EQ(listed(State::Open), (Strings{"x-3"}));
}

TEST_P(DistributionRecordsTest, ALeadsApplicationsAndExceptionsGoWithIt) {
  Lead other = addLead("Eve", 1'100);
  ASSERT_TRUE(apply(Application{"ap-1", lead_.id, alice_.id, std::nullopt, 2'000}));
  ASSERT_TRUE(raise(exception("x-1", 2'000, "no_answer")));
  ASSERT_TRUE(raise(exception("x-2", 2'100, "no_answer", other.id)));

  EXPECT_FALSE(store_->deleteLead(lead_.id).has_value());
  EXPECT_FALSE(*store_->applicationOfLead(lead_.id));
  EXPECT_FALSE(*store_->getLeadException("x-1"));
  EXPECT_EQ(listed(State::All), (Strings{"x-2"}));
  // With its application gone, alice took no lead and can go too.
  EXPECT_FALSE(store_->deleteUser(alice_.id).has_value());
}

} // namespace
} // namespace sb::store
