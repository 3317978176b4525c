// The calls list on SQLite reads through an index for every filter and sort (R-25 at a
// million calls): SQLite plans without statistics, so the plan seen on an empty database
// is the plan used on a full one.
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "store/call_search_sql.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"
#include "unit/store/store_fixture.hpp"

namespace sb::store::sqlite {
namespace {

using testing::SqliteStoreTest;

class CallSearchPlanTest : public SqliteStoreTest {
protected:
  // The query plan's lines, one per step, for the search `q` would run.
  std::string plan(const CallQuery& q, const std::optional<CallPosition>& after = {}) {
    auto conn = Connection::open(dbPath(), 1000);
    EXPECT_TRUE(conn);
    if (!conn) return "";
    const CallSearchSql search = callSearchSql(q, after, SqlDialect::Sqlite);
    auto stmt =
        (*conn)->prepare("EXPLAIN QUERY PLAN " + std::string(kCallSelect) + ' ' + search.tail);
    EXPECT_TRUE(stmt) << stmt.error().message;
    if (!stmt) return "";
    std::string lines;
    for (;;) {
      auto row = stmt->step();
      EXPECT_TRUE(row);
      if (!row || !*row) break;
      lines += stmt->text(3) + "\n";
    }
    return lines;
  }

  // The ids `q` finds when its filters are reached as `plan` says.
  std::vector<std::string> idsWith(const CallQuery& q, const CallSearchPlan& plan) {
    auto conn = Connection::open(dbPath(), 1000);
    EXPECT_TRUE(conn);
    if (!conn) return {};
    const CallSearchSql search = callSearchSql(q, std::nullopt, SqlDialect::Sqlite, plan);
    auto stmt = (*conn)->prepare(std::string(kCallSelect) + ' ' + search.tail);
    EXPECT_TRUE(stmt) << stmt.error().message;
    if (!stmt) return {};
    int index = 1;
    for (const SqlValue& value : search.params)
      std::visit([&](const auto& v) { stmt->bind(index++, v); }, value);
    auto rows = collect<CallRecord>(*stmt, readCall);
    EXPECT_TRUE(rows);
    std::vector<std::string> ids;
    if (rows)
      for (const CallRecord& c : *rows)
        ids.push_back(c.id);
    return ids;
  }

  // What the store hands the search for `q`'s phone filter: the ids the trigram index lists.
  std::optional<std::string> phoneIdsOf(const CallQuery& q) {
    auto listing = phoneMatchIds(q);
    EXPECT_TRUE(listing);
    if (!listing) return std::nullopt;
    auto conn = Connection::open(dbPath(), 1000);
    EXPECT_TRUE(conn);
    if (!conn) return std::nullopt;
    auto stmt = (*conn)->prepare(listing->tail);
    EXPECT_TRUE(stmt) << stmt.error().message;
    if (!stmt) return std::nullopt;
    bindAll(*stmt, listing->params);
    nlohmann::json ids = nlohmann::json::array();
    for (auto row = stmt->step(); row && *row; row = stmt->step())
      ids.push_back(stmt->text(0));
    return ids.dump();
  }

  // Every read of the calls table goes through an index: no "SCAN calls" on its own.
  static void expectIndexed(const std::string& lines) {
    std::size_t at = 0;
    while ((at = lines.find("SCAN calls", at)) != std::string::npos) {
      const std::string line = lines.substr(at, lines.find('\n', at) - at);
      EXPECT_NE(line.find("USING"), std::string::npos) << lines;
      at += 1;
    }
  }
};

TEST_F(CallSearchPlanTest, EveryFilterAndSortReadsThroughAnIndex) {
  CallQuery q;
  std::string p = plan(q, CallPosition{5, "x"});
  expectIndexed(p);
  EXPECT_NE(p.find("calls_started"), std::string::npos) << p;

  q = {};
  q.sort = CallSort::LongestTalkFirst;
  p = plan(q, CallPosition{5, "x"});
  expectIndexed(p);
  EXPECT_NE(p.find("calls_talk"), std::string::npos) << p;

  q = {};
  q.phones = {"5550100", "0199"};
  p = plan(q);
  expectIndexed(p);
  EXPECT_NE(p.find("call_number_search VIRTUAL TABLE"), std::string::npos) << p;
  EXPECT_NE(p.find("calls_caller_digits"), std::string::npos) << p;
  EXPECT_NE(p.find("calls_number_digits"), std::string::npos) << p;

  q = {};
  q.userIds = {"u1", "u2"};
  p = plan(q);
  expectIndexed(p);
  EXPECT_NE(p.find("offers_user"), std::string::npos) << p;
  EXPECT_NE(p.find("calls_answered_by"), std::string::npos) << p;

  q = {};
  q.from = 1;
  q.to = 2;
  q.disposition = "sale";
  q.outcome = CallStatus::Completed;
  p = plan(q);
  expectIndexed(p);
  EXPECT_NE(p.find("calls_disposition (disposition=? AND started_at>? AND started_at<?)"), std::string::npos)
      << "the disposition's calls in the time range, in the list's order: " << p;

  q.phones = {"5550100"};
  q.userIds = {"u1"};
  q.talkTimeMin = 10;
  expectIndexed(plan(q));

  // Walked (a filter matching many calls): along calls_started, offers by their index.
  q = {};
  q.userIds = {"u1"};
  q.phones = {"5550100"};
  const CallSearchSql walked = callSearchSql(q, std::nullopt, SqlDialect::Sqlite, {false, false, std::nullopt});
  auto conn = Connection::open(dbPath(), 1000);
  ASSERT_TRUE(conn);
  auto stmt =
      (*conn)->prepare("EXPLAIN QUERY PLAN " + std::string(kCallSelect) + ' ' + walked.tail);
  ASSERT_TRUE(stmt) << stmt.error().message;
  std::string lines;
  for (auto row = stmt->step(); row && *row; row = stmt->step())
    lines += stmt->text(3) + "\n";
  expectIndexed(lines);
  EXPECT_NE(lines.find("calls_started"), std::string::npos) << lines;
  EXPECT_NE(lines.find("offers_user"), std::string::npos) << lines;
}

// Filters matching many calls are walked along the sort order instead of listed; both
// forms must find the same calls.
TEST_F(CallSearchPlanTest, WalkedAndListedFiltersFindTheSameCalls) {
  const User alice = addUser("alice");
  const User bob = addUser("bob");
  for (int i = 0; i < 12; ++i) {
    CallRecord c = newCall(1'000 + i, "w" + std::to_string(10 + i));
    c.callerE164 = i % 3 == 0 ? "+15557770001" : "+4420712345" + std::to_string(10 + i);
    if (i % 4 == 0) c.answeredByUserId = (i % 8 == 0 ? alice : bob).id;
    ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(c, d); }));
    if (i % 5 != 0) continue;
    OfferRecord o;
    o.id = "o" + std::to_string(i);
    o.callId = c.id;
    o.userId = bob.id;
    o.createdAt = 1;
    ASSERT_TRUE(await([&](Completion d) { return store_->offerCreated(o, d); }));
  }
  const CallSearchPlan listed{true, true, std::nullopt};
  const CallSearchPlan walked{false, false, std::nullopt};
  CallQuery q;
  q.userIds = {bob.id};
  EXPECT_EQ(idsWith(q, listed), idsWith(q, walked));
  EXPECT_EQ(idsWith(q, walked), (std::vector<std::string>{"w20", "w15", "w14", "w10"}));
  q.userIds = {alice.id, bob.id};
  EXPECT_EQ(idsWith(q, listed), idsWith(q, walked));
  q.phones = {"5557770", "207123451"};
  EXPECT_EQ(idsWith(q, listed), idsWith(q, walked));
  EXPECT_EQ(idsWith(q, {true, true, phoneIdsOf(q)}), idsWith(q, walked));
  EXPECT_FALSE(idsWith(q, walked).empty());
  q.userIds.clear();
  q.sort = CallSort::StartedOldestFirst;
  EXPECT_EQ(idsWith(q, listed), idsWith(q, walked));
  EXPECT_EQ(idsWith(q, {true, true, phoneIdsOf(q)}), idsWith(q, walked));
  EXPECT_EQ(idsWith(q, walked).size(), 10U);
  // What the store itself answers, listing the phone filter's ids first.
  auto page = store_->searchCalls(q);
  ASSERT_TRUE(page) << page.error().message;
  std::vector<std::string> stored;
  for (const CallRecord& c : page->calls)
    stored.push_back(c.id);
  EXPECT_EQ(stored, idsWith(q, walked));
  expectIndexed(plan(q));
}

} // namespace
} // namespace sb::store::sqlite
