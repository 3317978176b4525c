// SqliteStore: the calls list and call logging, on the shared connection.
#include "store/call_search_sql.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace sb::store::sqlite {
namespace {

common::Result<nlohmann::json> organizationSettings(Connection& c) {
  auto stmt = c.prepare("SELECT settings FROM organization WHERE id = 1");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return nlohmann::json::object();
  return jsonFrom(stmt->text(0));
}

// Whether a filter lists few enough calls to be listed (CallSearchPlan); true without one.
common::Result<bool> fewMatches(Connection& c, const std::optional<CallSearchSql>& count) {
  if (!count) return true;
  auto stmt = c.prepare(count->tail);
  if (!stmt) return stmt.error();
  bindAll(*stmt, count->params);
  auto row = stmt->step();
  if (!row) return row.error();
  return !*row || stmt->integer(0) < kListedMatches;
}

// How the phone filter reaches its calls: the ids of the calls from or to the numbers the
// numbers' trigram index lists, when fewer than kListedMatches (read once here, handed to the
// search as one JSON parameter); otherwise a walk along the sort order checking each call's
// digits.
Status planPhones(Connection& c, const CallQuery& query, CallSearchPlan& plan) {
  auto listing = phoneMatchIds(query);
  if (!listing) return Done{};
  auto stmt = c.prepare(listing->tail);
  if (!stmt) return stmt.error();
  bindAll(*stmt, listing->params);
  nlohmann::json ids = nlohmann::json::array();
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    ids.push_back(stmt->text(0));
  }
  if (static_cast<std::int64_t>(ids.size()) >= kListedMatches) {
    plan.listPhones = false;
  } else {
    plan.phoneIds = ids.dump();
  }
  return Done{};
}

// Why the conditional update of `log` changed nothing: no such call (404), or a
// disposition or sentiment already logged with another value (409).
common::Error refusal(Connection& c, const CallLog& log) {
  auto stmt = c.prepare("SELECT disposition, sentiment FROM calls WHERE id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, log.callId);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return common::makeError("call: no call " + log.callId, 404);
  return callLogConflict(log, stmt->text(0), stmt->text(1));
}

} // namespace

common::Result<CallSearchPage> SqliteStore::searchCalls(const CallQuery& query) {
  auto after = checkCallQuery(query);
  if (!after) return after.error();
  auto db = readers_->lease();
  auto fewUsers = fewMatches(*db, userMatchCount(query, SqlDialect::Sqlite));
  if (!fewUsers) return fewUsers.error();
  CallSearchPlan plan{*fewUsers, true, std::nullopt};
  if (auto phones = planPhones(*db, query, plan); !phones) return phones.error();
  const CallSearchSql search = callSearchSql(query, *after, SqlDialect::Sqlite, plan);
  auto stmt = db->prepare(std::string(kCallSelect) + ' ' + search.tail);
  if (!stmt) return stmt.error();
  bindAll(*stmt, search.params);
  auto rows = collect<CallRecord>(*stmt, readCall);
  if (!rows) return rows.error();
  return callPage(std::move(*rows), query);
}

common::Result<CallRecord> SqliteStore::logCall(const CallLog& log) {
  const EpochMs now = nowMs();
  std::optional<CallRecord> stored;
  Status s = inTransaction([&](Connection& c) -> Status {
    auto settings = organizationSettings(c);
    if (!settings) return settings.error();
    if (auto bad = checkCallLog(log, *settings)) return *bad;
    // The WHERE clause is the whole rule: a disposition or sentiment is written only where
    // none is logged yet or it is the same, in one statement, so two users logging at once
    // cannot both win with different values.
    auto update = c.prepare(
        "UPDATE calls SET notes = COALESCE(?1, notes), disposition = COALESCE(disposition, ?2),"
        " sentiment = COALESCE(sentiment, ?3),"
        " logged_by_user_id = COALESCE(?4, logged_by_user_id), logged_at = ?5"
        " WHERE id = ?6 AND (?2 IS NULL OR disposition IS NULL OR disposition = ?2)"
        " AND (?3 IS NULL OR sentiment IS NULL OR sentiment = ?3)");
    if (!update) return update.error();
    Status updated = update->bind(1, log.notes)
                         .bind(2, log.disposition)
                         .bind(3, log.sentiment)
                         .bind(4, log.byUserId)
                         .bind(5, now)
                         .bind(6, log.callId)
                         .run();
    if (!updated) return updated;
    if (c.changes() == 0) return refusal(c, log);
    auto read = c.prepare(std::string(kCallSelect) + " WHERE id = ?");
    if (!read) return read.error();
    read->bind(1, log.callId);
    auto row = first<CallRecord>(*read, readCall);
    if (!row) return row.error();
    stored = std::move(*row);
    return Done{};
  });
  if (!s) return s.error();
  if (!stored) return common::makeError("call " + log.callId + " vanished while logged");
  return *stored;
}

} // namespace sb::store::sqlite
