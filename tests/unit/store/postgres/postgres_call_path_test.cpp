// PostgresStore on the call path: group commit, the first acceptance winning across two
// nodes, one follow-up per caller across nodes, recovery, streaming
// every lead, and surviving a dropped connection.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "unit/store/postgres/pg_fixture.hpp"

namespace sb::store::postgres {
namespace {

using testing::PgStoreTest;

class PgCallPathTest : public PgStoreTest {
protected:
  void SetUp() override {
    PgStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    alice_ = addUser("alice");
    bob_ = addUser("bob");
  }

  // Outcomes of many writes, collected from the writer thread.
  struct Outcomes {
    std::mutex mutex;
    int ok = 0;
    std::vector<std::string> errors;
    Completion completion() {
      return [this](WriteOutcome o) {
        std::lock_guard lock(mutex);
        if (o) {
          ++ok;
        } else {
          errors.push_back(o.error().message);
        }
      };
    }
  };

  // Another session holds the call's row: the writer's next batch, when it reaches a
  // write to that call, waits until release() while later writes queue up behind it, so
  // everything queued meanwhile commits in the one batch after.
  std::unique_ptr<Connection> holdCall(const std::string& callId) {
    auto holder = connect();
    EXPECT_TRUE(holder);
    if (!holder) return nullptr;
    EXPECT_TRUE(holder->exec("BEGIN; SELECT 1 FROM calls WHERE id = '" + callId + "' FOR UPDATE"));
    return holder;
  }

  // Sessions of this test's stores still known to the server.
  std::int64_t storeSessions(Connection& conn) {
    auto rows = conn.queryOnce(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name IN"
        " ($1, $2)",
        Params().add("switchboard writer " + schema_).add("switchboard shared " + schema_));
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? rows->integer(0, 0) : -1;
  }

  User alice_;
  User bob_;
};

// R-29 and the Writer: writes queued while the writer is busy commit together.
TEST_F(PgCallPathTest, AThousandQueuedWritesCommitInTwoTransactions) {
  ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(1, "gate"), d); }));
  auto holder = holdCall("gate");
  ASSERT_TRUE(holder);
  const auto before = store_->commitCount();
  Outcomes outcomes;
  ASSERT_TRUE(
      store_->callEnded(CallEnd{"gate", CallStatus::Completed, "", 2}, outcomes.completion()));
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(store_->callStarted(newCall(10 + i), outcomes.completion()));
  }
  ASSERT_TRUE(holder->exec("COMMIT"));
  store_->flush();
  EXPECT_EQ(outcomes.ok, 1001);
  EXPECT_TRUE(outcomes.errors.empty()) << outcomes.errors.front();
  // The gate's batch, then everything still queued (under maxBatch): two, whatever the timing.
  EXPECT_EQ(store_->commitCount() - before, 2U);
  EXPECT_EQ(count(*holder, "SELECT COUNT(*) FROM calls"), 1001);
}

// One failing write is undone alone (its savepoint); the rest of its batch commits.
TEST_F(PgCallPathTest, AFailingWriteDoesNotUndoItsBatch) {
  ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(1, "gate"), d); }));
  auto holder = holdCall("gate");
  ASSERT_TRUE(holder);
  const auto before = store_->commitCount();
  Outcomes good;
  Outcomes bad;
  ASSERT_TRUE(store_->callEnded(CallEnd{"gate", CallStatus::Completed, "", 2}, good.completion()));
  ASSERT_TRUE(store_->callStarted(newCall(1, "a"), good.completion()));
  ASSERT_TRUE(store_->offerUpdated(OfferUpdate{"no-such-offer", OfferStatus::Declined, 5, ""},
                                   bad.completion()));
  ASSERT_TRUE(store_->callStarted(newCall(1, "a"), bad.completion())); // the same id again
  ASSERT_TRUE(store_->callStarted(newCall(2, "b"), good.completion()));
  ASSERT_TRUE(holder->exec("COMMIT"));
  store_->flush();
  EXPECT_EQ(good.ok, 3);
  ASSERT_EQ(bad.errors.size(), 2U);
  EXPECT_NE(bad.errors[0].find("no offer no-such-offer"), std::string::npos) << bad.errors[0];
  EXPECT_NE(bad.errors[1].find("duplicate key"), std::string::npos) << bad.errors[1];
  EXPECT_LE(store_->commitCount() - before, 2U); // every failing write shares a batch
  EXPECT_TRUE(*store_->findCall("a"));
  EXPECT_TRUE(*store_->findCall("b"));
}

// two nodes share the database; for every call both claim it, in both orders, and
// exactly one claim wins, the winner's user answered it and only the winner's offer is
// accepted.
TEST_F(PgCallPathTest, TwoNodesClaimingOneCallHaveExactlyOneWinner) {
  other_ = openStore();
  ASSERT_TRUE(other_);
  constexpr int kCalls = 40;
  for (int i = 0; i < kCalls; ++i) {
    const std::string id = "race-" + std::to_string(i);
    ASSERT_TRUE(store_->callStarted(newCall(100 + i, id), nullptr));
    ASSERT_TRUE(store_->offerCreated(newOffer(id + "-a", id, alice_, 200 + i), nullptr));
    ASSERT_TRUE(store_->offerCreated(newOffer(id + "-b", id, bob_, 200 + i), nullptr));
  }
  store_->flush();

  std::mutex mutex;
  std::vector<int> wins(kCalls, 0);
  std::vector<std::string> errors;
  auto tally = [&](int call) {
    return [&, call](common::Result<bool> won) {
      std::lock_guard lock(mutex);
      if (!won) errors.push_back(won.error().message);
      if (won && *won) ++wins[static_cast<std::size_t>(call)];
    };
  };
  // Both nodes' writers run at once; each queues its claims in the opposite order.
  for (int i = 0; i < kCalls; ++i) {
    const int j = kCalls - 1 - i;
    const std::string a = "race-" + std::to_string(i);
    const std::string b = "race-" + std::to_string(j);
    ASSERT_TRUE(store_->claimCall(a, a + "-a", alice_.id, 1'000, tally(i)));
    ASSERT_TRUE(other_->claimCall(b, b + "-b", bob_.id, 1'000, tally(j)));
  }
  store_->flush();
  other_->flush();
  EXPECT_TRUE(errors.empty()) << errors.front();
  for (int i = 0; i < kCalls; ++i) {
    const std::string id = "race-" + std::to_string(i);
    EXPECT_EQ(wins[static_cast<std::size_t>(i)], 1) << id;
    auto detail = store_->findCall(id);
    ASSERT_TRUE(detail && *detail);
    const CallDetail& d = **detail;
    EXPECT_EQ(d.call.status, CallStatus::Connected);
    ASSERT_TRUE(d.call.answeredByUserId);
    int accepted = 0;
    for (const OfferRecord& o : d.offers) {
      if (o.status != OfferStatus::Accepted) continue;
      ++accepted;
      EXPECT_EQ(o.userId, *d.call.answeredByUserId);
    }
    EXPECT_EQ(accepted, 1) << id;
  }
}

TEST_F(PgCallPathTest, AClaimOnAnEndedCallLosesAndAnUnknownOfferFailsTheClaim) {
  ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(1, "gone"), d); }));
  ASSERT_TRUE(await(
      [&](Completion d) { return store_->offerCreated(newOffer("o", "gone", alice_, 2), d); }));
  auto unknownOffer = awaitClaim(*store_, [&](ClaimCompletion d) {
    return store_->claimCall("gone", "not-an-offer", alice_.id, 3, d);
  });
  ASSERT_FALSE(unknownOffer);
  EXPECT_FALSE((*store_->findCall("gone"))->call.answeredByUserId); // undone with it
  ASSERT_TRUE(await([&](Completion d) {
    return store_->callEnded(CallEnd{"gone", CallStatus::Cancelled, "caller hung up", 4}, d);
  }));
  auto late = awaitClaim(
      *store_, [&](ClaimCompletion d) { return store_->claimCall("gone", "o", alice_.id, 5, d); });
  ASSERT_TRUE(late) << late.error().message;
  EXPECT_FALSE(*late);
}

// two nodes report missed calls from one caller at once; the partial unique index
// makes them one follow-up that counts every call.
TEST_F(PgCallPathTest, MissedCallsFromOneCallerOnTwoNodesMergeIntoOneFollowUp) {
  other_ = openStore();
  ASSERT_TRUE(other_);
  constexpr int kMisses = 20;
  for (int i = 0; i < kMisses; ++i) {
    CallRecord c = newCall(100 + i, "m-" + std::to_string(i));
    ASSERT_TRUE(store_->callStarted(c, nullptr));
  }
  store_->flush();
  Outcomes outcomes;
  for (int i = 0; i < kMisses; ++i) {
    MissedCall m{
        "m-" + std::to_string(i), "+15550199001", std::nullopt, std::nullopt, "missed", 1'000 + i};
    if (i == kMisses - 1) m.ownerUserId = alice_.id; // learnt late: filled in
    PostgresStore& node = i % 2 == 0 ? *store_ : *other_;
    ASSERT_TRUE(node.missedCall(m, outcomes.completion()));
  }
  store_->flush();
  other_->flush();
  EXPECT_TRUE(outcomes.errors.empty()) << outcomes.errors.front();
  auto open = store_->listFollowUps(FollowUpQuery{FollowUpStatus::Open, std::nullopt, false, 100});
  ASSERT_TRUE(open) << open.error().message;
  ASSERT_EQ(open->size(), 1U);
  EXPECT_EQ((*open)[0].missedCalls, kMisses);
  EXPECT_EQ((*open)[0].assignedUserId, alice_.id);

  ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(5'000, "back"), d); }));
  ASSERT_TRUE(await([&](Completion d) {
    return store_->followUpsClosed("+15550199001", std::nullopt, "back", 5'001, d);
  }));
  auto closed = store_->listFollowUps(FollowUpQuery{FollowUpStatus::Closed, alice_.id, false, 10});
  ASSERT_TRUE(closed) << closed.error().message;
  ASSERT_EQ(closed->size(), 1U);
  EXPECT_EQ((*closed)[0].closedByCallId, "back");
  EXPECT_EQ((*closed)[0].closedAt, 5'001);
  EXPECT_TRUE(store_->listFollowUps(FollowUpQuery{FollowUpStatus::Open, {}, false, 10})->empty());
}

// at start every call left open is closed as interrupted, its ringing offers
// cancelled, and an answered one keeps its talk time.
TEST_F(PgCallPathTest, RecoveryClosesCallsLeftOpenAsInterrupted) {
  ASSERT_TRUE(store_->callStarted(newCall(1'000, "ringing"), nullptr));
  ASSERT_TRUE(store_->offerCreated(newOffer("o-r", "ringing", alice_, 1'001), nullptr));
  ASSERT_TRUE(store_->callStarted(newCall(1'000, "talking"), nullptr));
  ASSERT_TRUE(store_->callAnswered("talking", bob_.id, 2'000, nullptr));
  ASSERT_TRUE(store_->callStarted(newCall(1'000, "done"), nullptr));
  ASSERT_TRUE(store_->callEnded(CallEnd{"done", CallStatus::Completed, "hangup", 3'000}, nullptr));
  store_->flush();
  store_ = openStore(); // the "restart"
  ASSERT_TRUE(store_);
  auto closed = store_->closeInterruptedCalls(12'500);
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(*closed, 2);
  auto ringing = **store_->findCall("ringing");
  EXPECT_EQ(ringing.call.status, CallStatus::Interrupted);
  EXPECT_EQ(ringing.call.endReason, "server restarted");
  EXPECT_EQ(ringing.call.endedAt, 12'500);
  EXPECT_EQ(ringing.offers.at(0).status, OfferStatus::Cancelled);
  auto talking = **store_->findCall("talking");
  EXPECT_EQ(talking.call.status, CallStatus::Interrupted);
  EXPECT_EQ(talking.call.talkSeconds, 10);
  EXPECT_EQ((**store_->findCall("done")).call.status, CallStatus::Completed);
  EXPECT_EQ(*store_->closeInterruptedCalls(13'000), 0);
}

// The routing lead index loads every lead at start: more leads than one cursor batch,
// in creation order, each with its phones.
TEST_F(PgCallPathTest, ForEachLeadStreamsEveryLeadInCreationOrder) {
  constexpr int kLeads = 1'234;
  for (int i = 0; i < kLeads; ++i) {
    Lead l;
    l.id = "lead-" + std::to_string(i);
    l.name = "Lead " + std::to_string(i);
    l.createdAt = 1'000 + i;
    l.phones = {"+1555" + std::to_string(1'000'000 + i), "+1666" + std::to_string(1'000'000 + i)};
    ASSERT_TRUE(store_->leadCreated(l, nullptr));
  }
  store_->flush();
  int expected = 0;
  bool inOrder = true;
  auto visited = store_->forEachLead([&](const Lead& l) {
    inOrder = inOrder && l.id == "lead-" + std::to_string(expected) && l.phones.size() == 2 &&
              l.phones[1] == "+1666" + std::to_string(1'000'000 + expected);
    ++expected;
  });
  ASSERT_TRUE(visited) << visited.error().message;
  EXPECT_EQ(*visited, kLeads);
  EXPECT_TRUE(inOrder);
}

// A visitor that throws gets its exception back, and the store is left usable (the
// cursor's transaction rolled back, the read connection unlocked).
TEST_F(PgCallPathTest, AThrowingLeadVisitorLeavesTheStoreUsable) {
  Lead l;
  l.name = "Ada";
  ASSERT_TRUE(store_->createLead(l));
  EXPECT_THROW((void)store_->forEachLead([](const Lead&) { throw std::runtime_error("stop"); }),
               std::runtime_error);
  auto again = store_->forEachLead([](const Lead&) {});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 1);
}

// A server that drops the store's connections (restart, idle kill): the writer reconnects
// before its next batch without losing a write; a read fails at most once.
TEST_F(PgCallPathTest, DroppedConnectionsAreReopened) {
  auto killer = connect();
  ASSERT_TRUE(killer);
  ASSERT_EQ(storeSessions(*killer), 2);
  auto killed = killer->queryOnce(
      "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name IN"
      " ($1, $2)",
      Params().add("switchboard writer " + schema_).add("switchboard shared " + schema_));
  ASSERT_TRUE(killed) << killed.error().message;
  EXPECT_EQ(killed->integer(0, 0), 2);
  // Termination is asynchronous: wait, bounded, until both sessions are gone.
  for (int i = 0; i < 1000 && storeSessions(*killer) > 0; ++i) {
  }
  ASSERT_EQ(storeSessions(*killer), 0);
  auto written = await([&](Completion d) { return store_->callStarted(newCall(1, "after"), d); });
  EXPECT_TRUE(written) << written.error().message;
  (void)store_->listUsers(); // may fail once: it finds the connection gone
  auto users = store_->listUsers();
  ASSERT_TRUE(users) << users.error().message;
  EXPECT_EQ(users->size(), 2U);
}

} // namespace
} // namespace sb::store::postgres
