// The calls list on PostgreSQL: a filter matching many calls (walked along the sort order)
// finds what the same filter listed finds, and the indexes of migration 3 serve the
// filters (checked with sequential scans turned off: on a small table the planner would
// rightly prefer them, so this asks whether an index can serve, not whether it is chosen).
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "store/call_search_sql.hpp"
#include "store/postgres/rows.hpp"
#include "unit/store/postgres/pg_fixture.hpp"

namespace sb::store::postgres {
namespace {

using testing::PgStoreTest;

class PgCallSearchTest : public PgStoreTest {
protected:
  Params paramsOf(const CallSearchSql& search) {
    Params params;
    for (const SqlValue& value : search.params)
      std::visit([&](const auto& v) { params.add(v); }, value);
    return params;
  }

  std::vector<std::string> idsWith(Connection& conn, const CallQuery& q,
                                   const CallSearchPlan& plan) {
    const CallSearchSql search = callSearchSql(q, std::nullopt, SqlDialect::Postgres, plan);
    auto rows = conn.queryOnce(std::string(kCallSelect) + ' ' + search.tail, paramsOf(search));
    EXPECT_TRUE(rows) << rows.error().message;
    std::vector<std::string> ids;
    if (rows)
      for (const CallRecord& c : all<CallRecord>(*rows, readCall))
        ids.push_back(c.id);
    return ids;
  }

  std::string plan(Connection& conn, const CallQuery& q, const CallSearchPlan& how) {
    const CallSearchSql search = callSearchSql(q, std::nullopt, SqlDialect::Postgres, how);
    auto rows =
        conn.queryOnce("EXPLAIN " + std::string(kCallSelect) + ' ' + search.tail, paramsOf(search));
    EXPECT_TRUE(rows) << rows.error().message;
    std::string lines;
    if (rows)
      for (int r = 0; r < rows->count(); ++r)
        lines += rows->text(r, 0) + "\n";
    return lines;
  }
};

TEST_F(PgCallSearchTest, WalkedAndListedFiltersFindTheSameCalls) {
  const User alice = addUser("alice");
  const User bob = addUser("bob");
  for (int i = 0; i < 12; ++i) {
    CallRecord c = newCall(1'000 + i, "w" + std::to_string(10 + i));
    c.callerE164 = i % 3 == 0 ? "+15557770001" : "+4420712345" + std::to_string(10 + i);
    if (i % 4 == 0) c.answeredByUserId = (i % 8 == 0 ? alice : bob).id;
    ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(c, d); }));
    if (i % 5 != 0) continue;
    const OfferRecord o = newOffer("o" + std::to_string(i), c.id, bob, 1);
    ASSERT_TRUE(await([&](Completion d) { return store_->offerCreated(o, d); }));
  }
  auto conn = connect();
  ASSERT_TRUE(conn);
  const CallSearchPlan listed{true, true, std::nullopt};
  const CallSearchPlan walked{false, false, std::nullopt};
  CallQuery q;
  q.userIds = {bob.id};
  EXPECT_EQ(idsWith(*conn, q, walked), (std::vector<std::string>{"w20", "w15", "w14", "w10"}));
  EXPECT_EQ(idsWith(*conn, q, listed), idsWith(*conn, q, walked));
  q.userIds = {alice.id, bob.id};
  q.phones = {"5557770", "207123451"};
  EXPECT_EQ(idsWith(*conn, q, listed), idsWith(*conn, q, walked));
  EXPECT_EQ(idsWith(*conn, q, walked), (std::vector<std::string>{"w18", "w15", "w14", "w10"}));
}

TEST_F(PgCallSearchTest, TheFiltersIndexesCanServeThem) {
  auto conn = connect();
  ASSERT_TRUE(conn);
  // Bitmap scans only, first: they need a condition an index serves.
  ASSERT_TRUE(conn->exec("SET enable_seqscan = off; SET enable_indexscan = off"));
  CallQuery q;
  q.phones = {"5550100"};
  EXPECT_NE(plan(*conn, q, {}).find("calls_phone_trgm"), std::string::npos) << plan(*conn, q, {});
  q = {};
  q.userIds = {"u1"};
  const std::string listed = plan(*conn, q, {true, true, std::nullopt});
  EXPECT_NE(listed.find("offers_user"), std::string::npos) << listed;
  EXPECT_NE(listed.find("calls_answered_by"), std::string::npos) << listed;
  // Then ordered index scans: a walk along the sort order's index.
  ASSERT_TRUE(conn->exec("SET enable_indexscan = on"));
  const std::string walked = plan(*conn, q, {false, false, std::nullopt});
  EXPECT_NE(walked.find("calls_started"), std::string::npos) << walked;
  q = {};
  q.sort = CallSort::LongestTalkFirst;
  EXPECT_NE(plan(*conn, q, {}).find("calls_talk"), std::string::npos) << plan(*conn, q, {});
}

} // namespace
} // namespace sb::store::postgres
