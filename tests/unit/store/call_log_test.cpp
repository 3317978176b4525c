// Call logging on every backend: notes change any time, a disposition or sentiment
// is set once (the same value again is fine, another one a 409), values come from the
// organization's lists when it has them.
#include <gtest/gtest.h>

#include <string>

#include "unit/store/call_search_fixture.hpp"

namespace sb::store {
namespace {

using testing::CallSearchTest;

class CallLogTest : public CallSearchTest {
protected:
  void SetUp() override {
    CallSearchTest::SetUp();
    if (HasFatalFailure()) return;
    record({call("c1", 1'000'000), call("c2", 2'000'000)});
  }

  void useLists() {
    Organization org;
    org.name = "Acme";
    org.settings = {{"dispositions", {"sale", "callback"}}, {"sentiments", {"happy", "angry"}}};
    ASSERT_TRUE(store_->updateOrganization(org));
  }

  static CallLog log(const std::string& callId) {
    CallLog l;
    l.callId = callId;
    return l;
  }

  int code(const CallLog& l) {
    auto logged = store_->logCall(l);
    return logged ? 0 : logged.error().code;
  }

  std::string message(const CallLog& l) {
    auto logged = store_->logCall(l);
    return logged ? "" : logged.error().message;
  }

  CallRecord stored(const std::string& id) {
    auto found = store_->findCall(id);
    EXPECT_TRUE(found && *found);
    return found && *found ? (*found)->call : CallRecord{};
  }
};

SB_STORE_BACKENDS(CallLogTest);

TEST_P(CallLogTest, NotesCanChangeAnyTimeAndWhoLoggedIsKept) {
  clock_.advance(common::Duration{5'000});
  const EpochMs now = common::toEpochMs(clock_.wallNow());
  CallLog l = log("c1");
  l.notes = "asked for a quote";
  l.byUserId = alice_.id;
  auto first = store_->logCall(l);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->notes, "asked for a quote");
  EXPECT_EQ(first->loggedByUserId, alice_.id);
  EXPECT_EQ(first->loggedAt, now);
  l.notes = "sent the quote";
  l.byUserId = bob_.id;
  ASSERT_TRUE(store_->logCall(l));
  const CallRecord c = stored("c1");
  EXPECT_EQ(c.notes, "sent the quote");
  EXPECT_EQ(c.loggedByUserId, bob_.id);
  EXPECT_EQ(stored("c2").notes, ""); // only that call
}

TEST_P(CallLogTest, ADispositionIsSetOnceTheSameAgainIsFineAnotherIsAConflict) {
  useLists();
  CallLog l = log("c1");
  l.disposition = "sale";
  l.sentiment = "happy";
  ASSERT_EQ(code(l), 0);
  EXPECT_EQ(code(l), 0); // idempotent
  CallLog change = log("c1");
  change.disposition = "callback";
  EXPECT_EQ(code(change), 409);
  EXPECT_EQ(message(change).rfind("disposition:", 0), 0U) << message(change);
  change = log("c1");
  change.sentiment = "angry";
  EXPECT_EQ(code(change), 409);
  EXPECT_EQ(message(change).rfind("sentiment:", 0), 0U) << message(change);
  // A refused log changes nothing, notes included.
  change.notes = "should not stick";
  EXPECT_EQ(code(change), 409);
  const CallRecord c = stored("c1");
  EXPECT_EQ(c.disposition, "sale");
  EXPECT_EQ(c.sentiment, "happy");
  EXPECT_EQ(c.notes, "");
  // Notes alone still change after the disposition is logged.
  CallLog notes = log("c1");
  notes.notes = "follow up in May";
  EXPECT_EQ(code(notes), 0);
  EXPECT_EQ(stored("c1").notes, "follow up in May");
}

TEST_P(CallLogTest, DispositionAndSentimentAreLoggedIndependently) {
  CallLog l = log("c1");
  l.sentiment = "calm";
  ASSERT_EQ(code(l), 0);
  l = log("c1");
  l.disposition = "anything goes without a list";
  ASSERT_EQ(code(l), 0);
  const CallRecord c = stored("c1");
  EXPECT_EQ(c.sentiment, "calm");
  EXPECT_EQ(c.disposition, "anything goes without a list");
}

TEST_P(CallLogTest, AnUnknownCallIsA404) {
  CallLog l = log("no-such-call");
  l.notes = "hello";
  EXPECT_EQ(code(l), 404);
}

TEST_P(CallLogTest, AValueOutsideTheOrganizationsListIsA400NamingTheField) {
  useLists();
  CallLog l = log("c1");
  l.disposition = "maybe";
  EXPECT_EQ(code(l), 400);
  EXPECT_EQ(message(l).rfind("disposition:", 0), 0U) << message(l);
  l = log("c1");
  l.sentiment = "meh";
  EXPECT_EQ(code(l), 400);
  EXPECT_EQ(message(l).rfind("sentiment:", 0), 0U) << message(l);
  EXPECT_EQ(stored("c1").disposition, "");
}

TEST_P(CallLogTest, WithoutListsAValueMustBeANonEmptyShortString) {
  CallLog l = log("c1");
  l.disposition = "";
  EXPECT_EQ(code(l), 400);
  l.disposition = std::string(kMaxLogValue + 1, 'x');
  EXPECT_EQ(code(l), 400);
  l.disposition = std::string(kMaxLogValue, 'x');
  EXPECT_EQ(code(l), 0);
  EXPECT_EQ(code(log("c1")), 400); // nothing to log
}

} // namespace
} // namespace sb::store
