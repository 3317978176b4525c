// PostgresStore: the calls list and call logging, on the shared connection.
#include "store/call_search_sql.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/rows.hpp"

namespace sb::store::postgres {
namespace {

common::Result<nlohmann::json> organizationSettings(Connection& c) {
  auto rows = c.query("SELECT settings FROM organization WHERE id = 1");
  if (!rows) return rows.error();
  if (rows->count() == 0) return nlohmann::json::object();
  return jsonFrom(rows->text(0, 0));
}

// Whether a filter lists few enough calls to be listed (CallSearchPlan); true without one.
common::Result<bool> fewMatches(Connection& c, const std::optional<CallSearchSql>& count) {
  if (!count) return true;
  auto rows = c.queryOnce(count->tail, paramsOf(count->params));
  if (!rows) return rows.error();
  return rows->count() == 0 || rows->integer(0, 0) < kListedMatches;
}

// Why the conditional update of `log` changed nothing: no such call (404), or a
// disposition or sentiment already logged with another value (409).
common::Error refusal(Connection& c, const CallLog& log) {
  auto rows =
      c.query("SELECT disposition, sentiment FROM calls WHERE id = $1", Params().add(log.callId));
  if (!rows) return rows.error();
  if (rows->count() == 0) return common::makeError("call: no call " + log.callId, 404);
  return callLogConflict(log, rows->text(0, 0), rows->text(0, 1));
}

} // namespace

common::Result<CallSearchPage> PostgresStore::searchCalls(const CallQuery& query) {
  auto after = checkCallQuery(query);
  if (!after) return after.error();
  return onShared([&](Connection& c) -> common::Result<CallSearchPage> {
    auto fewUsers = fewMatches(c, userMatchCount(query, SqlDialect::Postgres));
    if (!fewUsers) return fewUsers.error();
    const CallSearchSql search =
        callSearchSql(query, *after, SqlDialect::Postgres, CallSearchPlan{*fewUsers, true, std::nullopt});
    // Not prepared: the text differs with the filters given, and a plan made for the
    // actual values (how selective this phone fragment or user is) is the one wanted.
    auto rows = c.queryOnce(std::string(kCallSelect) + ' ' + search.tail, paramsOf(search.params));
    if (!rows) return rows.error();
    return callPage(all<CallRecord>(*rows, readCall), query);
  });
}

common::Result<CallRecord> PostgresStore::logCall(const CallLog& log) {
  Params params;
  params.add(log.notes).add(log.disposition).add(log.sentiment).add(log.byUserId).add(nowMs());
  params.add(log.callId);
  std::optional<CallRecord> stored;
  Status s = inTransaction([&](Connection& c) -> Status {
    auto settings = organizationSettings(c);
    if (!settings) return settings.error();
    if (auto bad = checkCallLog(log, *settings)) return *bad;
    // The WHERE clause is the whole rule: a disposition or sentiment is written only where
    // none is logged yet or it is the same, in one statement, so two nodes logging at once
    // cannot both win with different values.
    auto updated =
        c.query("UPDATE calls SET notes = COALESCE($1::text, notes),"
                " disposition = COALESCE(disposition, $2::text),"
                " sentiment = COALESCE(sentiment, $3::text),"
                " logged_by_user_id = COALESCE($4::text, logged_by_user_id), logged_at = $5::bigint"
                " WHERE id = $6::text AND ($2::text IS NULL OR disposition IS NULL OR disposition "
                "= $2::text)"
                " AND ($3::text IS NULL OR sentiment IS NULL OR sentiment = $3::text)",
                params);
    if (!updated) return updated.error();
    if (updated->affected() == 0) return refusal(c, log);
    auto read = c.query(std::string(kCallSelect) + " WHERE id = $1", Params().add(log.callId));
    if (!read) return read.error();
    stored = firstOf<CallRecord>(*read, readCall);
    return Done{};
  });
  if (!s) return s.error();
  if (!stored) return common::makeError("call " + log.callId + " vanished while logged");
  return *stored;
}

} // namespace sb::store::postgres
