#include "store/postgres/call_writes.hpp"

#include "store/call_search.hpp"

namespace sb::store::postgres {
namespace {

// Runs an update and turns "no row matched" into an error naming what was missing.
Status runExpectingRow(Connection& conn, std::string_view sql, const Params& params,
                       std::string missing) {
  auto rows = conn.query(sql, params);
  if (!rows) return rows.error();
  if (rows->affected() == 0) return common::makeError(std::move(missing));
  return Done{};
}

Status run(Connection& conn, std::string_view sql, const Params& params) {
  auto rows = conn.query(sql, params);
  if (!rows) return rows.error();
  return Done{};
}

constexpr std::string_view kServerRestarted = "server restarted";

} // namespace

Status insertCall(Connection& conn, const CallRecord& c) {
  if (c.id.empty()) return common::makeError("a call needs an id (store::newId)", 400);
  std::optional<std::int64_t> talk;
  if (c.talkSeconds) talk = *c.talkSeconds;
  Params p;
  p.add(c.id)
      .add(toString(c.direction))
      .addOrNull(c.numberE164)
      .addOrNull(c.callerE164)
      .add(c.leadId)
      .add(toString(c.status))
      .addOrNull(c.outcome)
      .add(c.answeredByUserId)
      .add(c.startedAt)
      .add(c.answeredAt)
      .add(c.endedAt)
      .add(talk)
      .addOrNull(c.endReason)
      .addOrNull(c.disposition)
      .addOrNull(c.sentiment)
      .addOrNull(c.notes)
      .add(callPhoneDigits(c));
  return run(conn,
             "INSERT INTO calls (id, direction, number_e164, caller_e164, lead_id, status,"
             " outcome, answered_by_user_id, started_at, answered_at, ended_at, talk_seconds,"
             " end_reason, disposition, sentiment, notes, phone_digits)"
             " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)",
             p);
}

Status insertOffer(Connection& conn, const OfferRecord& o) {
  if (o.id.empty()) return common::makeError("an offer needs an id (store::newId)", 400);
  Params p;
  p.add(o.id)
      .add(o.callId)
      .add(o.userId)
      .add(o.deviceId)
      .add(toString(o.status))
      .add(o.createdAt)
      .add(o.endedAt)
      .addOrNull(o.reason)
      .add(o.transferredByUserId);
  return run(conn,
             "INSERT INTO offers (id, call_id, user_id, device_id, status, created_at, ended_at,"
             " reason, transferred_by_user_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
             p);
}

Status updateOffer(Connection& conn, const OfferUpdate& u) {
  Params p;
  p.add(toString(u.status)).add(u.endedAt).addOrNull(u.reason).add(u.offerId);
  return runExpectingRow(conn,
                         "UPDATE offers SET status = $1, ended_at = COALESCE($2, ended_at),"
                         " reason = COALESCE($3, reason) WHERE id = $4",
                         p, "no offer " + u.offerId);
}

Status markAnswered(Connection& conn, const std::string& callId, const std::string& userId,
                    EpochMs at) {
  // An outbound call is answered by the far end, not by one of our users: NULL.
  Params p;
  p.addOrNull(userId).add(at).add(callId);
  return runExpectingRow(conn,
                         "UPDATE calls SET status = 'connected', answered_by_user_id = $1,"
                         " answered_at = $2 WHERE id = $3 AND ended_at IS NULL",
                         p, "no open call " + callId);
}

common::Result<bool> claimOpenCall(Connection& conn, const std::string& callId,
                                   const std::string& offerId, const std::string& userId,
                                   EpochMs at) {
  // The condition is the whole race: one statement that changes the row only while
  // nobody has answered the call and it has not ended. A row another transaction holds
  // is skipped, not waited for: that transaction is another node's batch that claimed
  // (or ended) this call and has not committed yet. Waiting would hold this batch's own
  // row locks meanwhile, and two nodes claiming calls in opposite orders would deadlock,
  // one claim failing after deadlock_timeout; skipped, the claim loses at once and no
  // claim ever waits. (The FOR NO KEY UPDATE lock does not conflict with the key-share
  // locks that inserting offers or trace lines of the call take.)
  auto claimed =
      conn.query("UPDATE calls SET status = 'connected', answered_by_user_id = $1, answered_at = $2"
                 " WHERE id = (SELECT id FROM calls WHERE id = $3 AND answered_at IS NULL"
                 "             AND ended_at IS NULL FOR NO KEY UPDATE SKIP LOCKED)",
                 Params().addOrNull(userId).add(at).add(callId));
  if (!claimed) return claimed.error();
  if (claimed->affected() == 0) return false;
  if (userId.empty()) return true; // a number outside (the trunk) answered: no offer row
  // Without its offer the claim is undone with it (the op's savepoint rolls back).
  Status accepted = runExpectingRow(
      conn, "UPDATE offers SET status = 'accepted', ended_at = $1 WHERE id = $2 AND call_id = $3",
      Params().add(at).add(offerId).add(callId), "no offer " + offerId + " on call " + callId);
  if (!accepted) return accepted.error();
  return true;
}

Status setCallLead(Connection& conn, const std::string& callId, const std::string& leadId) {
  return runExpectingRow(conn, "UPDATE calls SET lead_id = $1 WHERE id = $2",
                         Params().add(leadId).add(callId), "no call " + callId);
}

Status markEnded(Connection& conn, const CallEnd& e) {
  Params p;
  p.add(toString(e.status)).addOrNull(e.endReason).add(e.endedAt).add(e.callId);
  Status ended = runExpectingRow(conn,
                                 "UPDATE calls SET status = $1, end_reason = $2, ended_at = $3,"
                                 " talk_seconds = CASE WHEN answered_at IS NULL THEN NULL"
                                 "   ELSE GREATEST(0, ($3 - answered_at) / 1000) END"
                                 " WHERE id = $4 AND ended_at IS NULL",
                                 p, "no open call " + e.callId);
  if (!ended) return ended;
  // A call that ends cannot still be ringing anyone; an offer left open would read as a
  // phone that is still ringing in the history.
  return run(conn,
             "UPDATE offers SET status = 'cancelled', ended_at = $1,"
             " reason = COALESCE(reason, 'call ended') WHERE call_id = $2 AND status = 'ringing'",
             Params().add(e.endedAt).add(e.callId));
}

Status appendTrace(Connection& conn, const TraceEntry& t) {
  // The casts type the parameters: in INSERT ... SELECT they have no column to infer from.
  Params p;
  p.add(t.callId).add(t.at).add(t.userId).add(t.action).add(t.reason);
  return run(conn,
             "INSERT INTO routing_trace (call_id, seq, at, user_id, action, reason)"
             " SELECT $1::text, COALESCE(MAX(seq), 0) + 1, $2::bigint, $3::text, $4::text,"
             " $5::text FROM routing_trace WHERE call_id = $1::text",
             p);
}

common::Result<int> closeOpenCalls(Connection& conn, EpochMs now) {
  Status cancelled = run(conn,
                         "UPDATE offers SET status = 'cancelled', ended_at = $1, reason = $2"
                         " WHERE status = 'ringing'"
                         " AND call_id IN (SELECT id FROM calls WHERE ended_at IS NULL)",
                         Params().add(now).add(kServerRestarted));
  if (!cancelled) return cancelled.error();
  auto closed = conn.query("UPDATE calls SET status = 'interrupted', ended_at = $1,"
                           " end_reason = $2, talk_seconds = CASE WHEN answered_at IS NULL"
                           "   THEN NULL ELSE GREATEST(0, ($1 - answered_at) / 1000) END"
                           " WHERE ended_at IS NULL",
                           Params().add(now).add(kServerRestarted));
  if (!closed) return closed.error();
  return closed->affected();
}

} // namespace sb::store::postgres
