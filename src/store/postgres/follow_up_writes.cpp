#include "store/postgres/follow_up_writes.hpp"

namespace sb::store::postgres {

Status upsertMissedCall(Connection& conn, const MissedCall& m, const std::string& newFollowUpId) {
  // the conflict target names the partial unique index (one open follow-up per
  // caller), so the check and the merge are one statement: two nodes missing calls from
  // one caller at the same moment still make one follow-up with both calls counted.
  Params p;
  p.add(newFollowUpId).add(m.callerE164).add(m.leadId).add(m.ownerUserId).add(m.reason);
  p.add(m.callId).add(m.at);
  auto merged = conn.query(
      "INSERT INTO follow_ups AS f (id, caller_e164, lead_id, assigned_user_id, status, reason,"
      " missed_calls, last_call_id, created_at, updated_at)"
      " VALUES ($1, $2, $3, $4, 'open', $5, 1, $6, $7, $7)"
      " ON CONFLICT (caller_e164) WHERE status = 'open' DO UPDATE SET"
      " missed_calls = f.missed_calls + 1, last_call_id = excluded.last_call_id,"
      " reason = excluded.reason, updated_at = excluded.updated_at,"
      " lead_id = COALESCE(f.lead_id, excluded.lead_id),"
      " assigned_user_id = COALESCE(f.assigned_user_id, excluded.assigned_user_id)",
      p);
  if (!merged) return merged.error();
  return Done{};
}

Status closeFollowUps(Connection& conn, const std::string& callerE164,
                      const std::optional<std::string>& leadId, const std::string& callId,
                      EpochMs at) {
  // A NULL lead id matches no row, so without a lead only the caller's number counts.
  auto closed = conn.query("UPDATE follow_ups SET status = 'closed', closed_at = $1,"
                           " closed_by_call_id = $2, updated_at = $1"
                           " WHERE status = 'open' AND (caller_e164 = $3 OR lead_id = $4)",
                           Params().add(at).add(callId).add(callerE164).add(leadId));
  if (!closed) return closed.error();
  return Done{};
}

Status insertVoicemail(Connection& conn, const Voicemail& v) {
  Params p;
  p.add(v.id).add(v.callId).add(v.leadId).add(v.path).add(v.durationMs).add(v.createdAt);
  auto inserted = conn.query("INSERT INTO voicemails (id, call_id, lead_id, path, duration_ms,"
                             " created_at) VALUES ($1,$2,$3,$4,$5,$6)",
                             p);
  if (!inserted) return inserted.error();
  return Done{};
}

} // namespace sb::store::postgres
