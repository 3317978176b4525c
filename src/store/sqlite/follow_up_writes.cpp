#include "store/sqlite/follow_up_writes.hpp"

namespace sb::store::sqlite {

Status upsertMissedCall(Connection& conn, const MissedCall& m, const std::string& newFollowUpId) {
  // The conflict target names the partial unique index (one open follow-up per caller),
  // so the check and the merge are one statement and two nodes cannot both open one.
  auto stmt = conn.prepare(
      "INSERT INTO follow_ups (id, caller_e164, lead_id, assigned_user_id, status, reason,"
      " missed_calls, last_call_id, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, 'open', ?, 1, ?, ?, ?)"
      " ON CONFLICT (caller_e164) WHERE status = 'open' DO UPDATE SET"
      " missed_calls = missed_calls + 1, last_call_id = excluded.last_call_id,"
      " reason = excluded.reason, updated_at = excluded.updated_at,"
      " lead_id = COALESCE(lead_id, excluded.lead_id),"
      " assigned_user_id = COALESCE(assigned_user_id, excluded.assigned_user_id)");
  if (!stmt) return stmt.error();
  return stmt->bind(1, newFollowUpId)
      .bind(2, m.callerE164)
      .bind(3, m.leadId)
      .bind(4, m.ownerUserId)
      .bind(5, m.reason)
      .bind(6, m.callId)
      .bind(7, m.at)
      .bind(8, m.at)
      .run();
}

Status closeFollowUps(Connection& conn, const std::string& callerE164,
                      const std::optional<std::string>& leadId, const std::string& callId,
                      EpochMs at) {
  // A NULL lead id matches no row, so without a lead only the caller's number counts.
  auto stmt = conn.prepare("UPDATE follow_ups SET status = 'closed', closed_at = ?,"
                           " closed_by_call_id = ?, updated_at = ?"
                           " WHERE status = 'open' AND (caller_e164 = ? OR lead_id = ?)");
  if (!stmt) return stmt.error();
  return stmt->bind(1, at).bind(2, callId).bind(3, at).bind(4, callerE164).bind(5, leadId).run();
}

Status insertVoicemail(Connection& conn, const Voicemail& v) {
  auto stmt = conn.prepare("INSERT INTO voicemails (id, call_id, lead_id, path, duration_ms,"
                           " created_at) VALUES (?,?,?,?,?,?)");
  if (!stmt) return stmt.error();
  return stmt->bind(1, v.id)
      .bind(2, v.callId)
      .bind(3, v.leadId)
      .bind(4, v.path)
      .bind(5, static_cast<std::int64_t>(v.durationMs))
      .bind(6, v.createdAt)
      .run();
}

} // namespace sb::store::sqlite
