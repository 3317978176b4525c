#include "store/sqlite/call_writes.hpp"

#include "store/call_search.hpp"

namespace sb::store::sqlite {
namespace {

// Runs a prepared update and turns "no row matched" into an error naming what was missing.
Status runExpectingRow(Connection& conn, common::Result<Statement>& stmt, std::string missing) {
  if (!stmt) return stmt.error();
  Status ran = stmt->run();
  if (!ran) return ran;
  if (conn.changes() == 0) return common::makeError(std::move(missing));
  return Done{};
}

constexpr std::string_view kServerRestarted = "server restarted";

} // namespace

Status insertCall(Connection& conn, const CallRecord& c) {
  if (c.id.empty()) return common::makeError("a call needs an id (store::newId)", 400);
  auto stmt = conn.prepare(
      "INSERT INTO calls (id, direction, number_e164, caller_e164, lead_id, status, outcome,"
      " answered_by_user_id, started_at, answered_at, ended_at, talk_seconds, end_reason,"
      " disposition, sentiment, notes, phone_digits) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!stmt) return stmt.error();
  std::optional<std::int64_t> talk;
  if (c.talkSeconds) talk = *c.talkSeconds;
  return stmt->bind(1, c.id)
      .bind(2, toString(c.direction))
      .bindOrNull(3, c.numberE164)
      .bindOrNull(4, c.callerE164)
      .bind(5, c.leadId)
      .bind(6, toString(c.status))
      .bindOrNull(7, c.outcome)
      .bind(8, c.answeredByUserId)
      .bind(9, c.startedAt)
      .bind(10, c.answeredAt)
      .bind(11, c.endedAt)
      .bind(12, talk)
      .bindOrNull(13, c.endReason)
      .bindOrNull(14, c.disposition)
      .bindOrNull(15, c.sentiment)
      .bindOrNull(16, c.notes)
      .bind(17, callPhoneDigits(c))
      .run();
}

Status insertOffer(Connection& conn, const OfferRecord& o) {
  if (o.id.empty()) return common::makeError("an offer needs an id (store::newId)", 400);
  auto stmt = conn.prepare("INSERT INTO offers (id, call_id, user_id, device_id, status,"
                           " created_at, ended_at, reason, transferred_by_user_id) VALUES (?,?,?,?,?,?,?,?,?)");
  if (!stmt) return stmt.error();
  return stmt->bind(1, o.id)
      .bind(2, o.callId)
      .bind(3, o.userId)
      .bind(4, o.deviceId)
      .bind(5, toString(o.status))
      .bind(6, o.createdAt)
      .bind(7, o.endedAt)
      .bindOrNull(8, o.reason)
      .bind(9, o.transferredByUserId)
      .run();
}

Status updateOffer(Connection& conn, const OfferUpdate& u) {
  auto stmt = conn.prepare("UPDATE offers SET status = ?, ended_at = COALESCE(?, ended_at),"
                           " reason = COALESCE(?, reason) WHERE id = ?");
  if (stmt)
    stmt->bind(1, toString(u.status)).bind(2, u.endedAt).bindOrNull(3, u.reason).bind(4, u.offerId);
  return runExpectingRow(conn, stmt, "no offer " + u.offerId);
}

Status markAnswered(Connection& conn, const std::string& callId, const std::string& userId,
                    EpochMs at) {
  auto stmt = conn.prepare("UPDATE calls SET status = 'connected', answered_by_user_id = ?,"
                           " answered_at = ? WHERE id = ? AND ended_at IS NULL");
  // An outbound call is answered by the far end, not by one of our users: NULL.
  if (stmt) stmt->bindOrNull(1, userId).bind(2, at).bind(3, callId);
  return runExpectingRow(conn, stmt, "no open call " + callId);
}

common::Result<bool> claimOpenCall(Connection& conn, const std::string& callId,
                                   const std::string& offerId, const std::string& userId,
                                   EpochMs at) {
  // The condition is the whole race: of two claims, whichever the database applies second
  // finds answered_at set and changes nothing, on one node or several. A number outside
  // (the trunk: forwarding, company phone, an outbound call) answers with no user.
  auto call = conn.prepare("UPDATE calls SET status = 'connected', answered_by_user_id = ?,"
                           " answered_at = ? WHERE id = ? AND answered_at IS NULL"
                           " AND ended_at IS NULL");
  if (!call) return call.error();
  Status claimed = call->bindOrNull(1, userId).bind(2, at).bind(3, callId).run();
  if (!claimed) return claimed.error();
  if (conn.changes() == 0) return false;
  if (userId.empty()) return true; // calls to numbers outside keep no offer rows
  auto offer = conn.prepare("UPDATE offers SET status = 'accepted', ended_at = ?"
                            " WHERE id = ? AND call_id = ?");
  if (offer) offer->bind(1, at).bind(2, offerId).bind(3, callId);
  // Without its offer the claim is undone with it (the op's savepoint rolls back).
  Status accepted = runExpectingRow(conn, offer, "no offer " + offerId + " on call " + callId);
  if (!accepted) return accepted.error();
  return true;
}

Status setCallLead(Connection& conn, const std::string& callId, const std::string& leadId) {
  auto stmt = conn.prepare("UPDATE calls SET lead_id = ? WHERE id = ?");
  if (stmt) stmt->bind(1, leadId).bind(2, callId);
  return runExpectingRow(conn, stmt, "no call " + callId);
}

Status markEnded(Connection& conn, const CallEnd& e) {
  auto call = conn.prepare("UPDATE calls SET status = ?, end_reason = ?, ended_at = ?,"
                           " talk_seconds = CASE WHEN answered_at IS NULL THEN NULL"
                           "                ELSE MAX(0, (? - answered_at) / 1000) END"
                           " WHERE id = ? AND ended_at IS NULL");
  if (call) {
    call->bind(1, toString(e.status)).bindOrNull(2, e.endReason).bind(3, e.endedAt);
    call->bind(4, e.endedAt).bind(5, e.callId);
  }
  Status ended = runExpectingRow(conn, call, "no open call " + e.callId);
  if (!ended) return ended;
  // A call that ends cannot still be ringing anyone; an offer left open would read as a
  // phone that is still ringing in the history.
  auto offers = conn.prepare("UPDATE offers SET status = 'cancelled', ended_at = ?,"
                             " reason = COALESCE(reason, 'call ended')"
                             " WHERE call_id = ? AND status = 'ringing'");
  if (!offers) return offers.error();
  return offers->bind(1, e.endedAt).bind(2, e.callId).run();
}

Status appendTrace(Connection& conn, const TraceEntry& t) {
  auto stmt = conn.prepare(
      "INSERT INTO routing_trace (call_id, seq, at, user_id, action, reason)"
      " SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM routing_trace WHERE call_id = ?");
  if (!stmt) return stmt.error();
  return stmt->bind(1, t.callId)
      .bind(2, t.at)
      .bind(3, t.userId)
      .bind(4, t.action)
      .bind(5, t.reason)
      .bind(6, t.callId)
      .run();
}

common::Result<int> closeOpenCalls(Connection& conn, EpochMs now) {
  auto offers = conn.prepare(
      "UPDATE offers SET status = 'cancelled', ended_at = ?, reason = ?"
      " WHERE status = 'ringing' AND call_id IN (SELECT id FROM calls WHERE ended_at IS NULL)");
  if (!offers) return offers.error();
  Status cancelled = offers->bind(1, now).bind(2, kServerRestarted).run();
  if (!cancelled) return cancelled.error();
  auto calls = conn.prepare("UPDATE calls SET status = 'interrupted', ended_at = ?, end_reason = ?,"
                            " talk_seconds = CASE WHEN answered_at IS NULL THEN NULL"
                            "                ELSE MAX(0, (? - answered_at) / 1000) END"
                            " WHERE ended_at IS NULL");
  if (!calls) return calls.error();
  Status closed = calls->bind(1, now).bind(2, kServerRestarted).bind(3, now).run();
  if (!closed) return closed.error();
  return conn.changes();
}

} // namespace sb::store::sqlite
