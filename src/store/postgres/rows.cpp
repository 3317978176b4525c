#include "store/postgres/rows.hpp"

#include <variant>

namespace sb::store::postgres {

namespace {

std::optional<int> optInt(const Rows& rows, int r, int column) {
  auto v = rows.optInteger(r, column);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

} // namespace

Organization readOrganization(const Rows& rows, int r) {
  return Organization{rows.text(r, 0), rows.text(r, 1), rows.text(r, 2), jsonFrom(rows.text(r, 3))};
}

const std::string_view kUserSelect =
    "SELECT u.id, u.email, u.name, u.role, u.password_hash, u.availability,"
    " u.availability_reason,"
    " (SELECT n.id FROM numbers n WHERE n.assigned_user_id = u.id ORDER BY n.e164 LIMIT 1),"
    " u.ring_through_number, u.caller_id, u.cool_down_seconds, u.attributes, u.created_at,"
    " u.answer_methods"
    " FROM users u";

User readUser(const Rows& rows, int r) {
  User u;
  u.id = rows.text(r, 0);
  u.email = rows.text(r, 1);
  u.name = rows.text(r, 2);
  u.role = parseRole(rows.text(r, 3)).value_or(Role::Agent);
  u.passwordHash = rows.optText(r, 4);
  u.availability = parseAvailability(rows.text(r, 5)).value_or(Availability::Unavailable);
  u.availabilityReason = rows.text(r, 6);
  u.assignedNumberId = rows.optText(r, 7);
  u.ringThroughNumber = rows.text(r, 8);
  u.callerId = rows.text(r, 9);
  u.coolDownSeconds = optInt(rows, r, 10);
  u.attributes = jsonFrom(rows.text(r, 11));
  u.createdAt = rows.integer(r, 12);
  u.answerMethods = answerMethodsFrom(rows.text(r, 13));
  return u;
}

const std::string_view kDeviceSelect =
    "SELECT id, user_id, kind, sip_username, sip_password, created_at FROM devices";

Device readDevice(const Rows& rows, int r) {
  Device d;
  d.id = rows.text(r, 0);
  d.userId = rows.text(r, 1);
  d.kind = parseDeviceKind(rows.text(r, 2)).value_or(DeviceKind::Sip);
  d.sipUsername = rows.text(r, 3);
  d.sipPassword = rows.text(r, 4);
  d.createdAt = rows.integer(r, 5);
  return d;
}

const std::string_view kNumberSelect =
    "SELECT id, e164, label, assigned_user_id, forwarding_number, call_flow_id, created_at"
    " FROM numbers";

PhoneNumber readNumber(const Rows& rows, int r) {
  PhoneNumber n;
  n.id = rows.text(r, 0);
  n.e164 = rows.text(r, 1);
  n.label = rows.text(r, 2);
  n.assignedUserId = rows.optText(r, 3);
  n.forwardingNumber = rows.text(r, 4);
  n.callFlowId = rows.optText(r, 5);
  n.createdAt = rows.integer(r, 6);
  return n;
}

// The phones come along as one JSON array per lead, so a lead is always one row: reads
// need one query, and forEachLead can stream leads through a cursor.
const std::string_view kLeadSelect =
    "SELECT l.id, l.name, l.company, l.title, l.email, l.owner_user_id, l.status, l.crm_url,"
    " l.attributes, l.created_at,"
    " COALESCE((SELECT jsonb_agg(p.e164 ORDER BY p.position) FROM lead_phones p"
    "           WHERE p.lead_id = l.id), '[]'::jsonb)"
    " FROM leads l";

Lead readLead(const Rows& rows, int r) {
  Lead l;
  l.id = rows.text(r, 0);
  l.name = rows.text(r, 1);
  l.company = rows.text(r, 2);
  l.title = rows.text(r, 3);
  l.email = rows.text(r, 4);
  l.ownerUserId = rows.optText(r, 5);
  l.status = rows.text(r, 6);
  l.crmUrl = rows.text(r, 7);
  l.attributes = jsonFrom(rows.text(r, 8));
  l.createdAt = rows.integer(r, 9);
  l.phones = stringsFrom(rows.text(r, 10));
  return l;
}

const std::string_view kCallSelect =
    "SELECT id, direction, number_e164, caller_e164, lead_id, status, outcome,"
    " answered_by_user_id, started_at, answered_at, ended_at, talk_seconds, end_reason,"
    " disposition, sentiment, notes, logged_by_user_id, logged_at FROM calls";

CallRecord readCall(const Rows& rows, int r) {
  CallRecord c;
  c.id = rows.text(r, 0);
  c.direction = parseCallDirection(rows.text(r, 1)).value_or(CallDirection::Inbound);
  c.numberE164 = rows.text(r, 2);
  c.callerE164 = rows.text(r, 3);
  c.leadId = rows.optText(r, 4);
  c.status = parseCallStatus(rows.text(r, 5)).value_or(CallStatus::Failed);
  c.outcome = rows.text(r, 6);
  c.answeredByUserId = rows.optText(r, 7);
  c.startedAt = rows.integer(r, 8);
  c.answeredAt = rows.optInteger(r, 9);
  c.endedAt = rows.optInteger(r, 10);
  c.talkSeconds = optInt(rows, r, 11);
  c.endReason = rows.text(r, 12);
  c.disposition = rows.text(r, 13);
  c.sentiment = rows.text(r, 14);
  c.notes = rows.text(r, 15);
  c.loggedByUserId = rows.optText(r, 16);
  c.loggedAt = rows.optInteger(r, 17);
  return c;
}

const std::string_view kOfferSelect =
    "SELECT id, call_id, user_id, device_id, status, created_at, ended_at, reason, transferred_by_user_id"
    " FROM offers";

OfferRecord readOffer(const Rows& rows, int r) {
  OfferRecord o;
  o.id = rows.text(r, 0);
  o.callId = rows.text(r, 1);
  o.userId = rows.text(r, 2);
  o.deviceId = rows.optText(r, 3);
  o.status = parseOfferStatus(rows.text(r, 4)).value_or(OfferStatus::Failed);
  o.createdAt = rows.integer(r, 5);
  o.endedAt = rows.optInteger(r, 6);
  o.reason = rows.text(r, 7);
  o.transferredByUserId = rows.optText(r, 8);
  return o;
}

const std::string_view kTraceSelect =
    "SELECT call_id, seq, at, user_id, action, reason FROM routing_trace";

TraceEntry readTrace(const Rows& rows, int r) {
  TraceEntry t;
  t.callId = rows.text(r, 0);
  t.seq = static_cast<int>(rows.integer(r, 1));
  t.at = rows.integer(r, 2);
  t.userId = rows.optText(r, 3);
  t.action = rows.text(r, 4);
  t.reason = rows.text(r, 5);
  return t;
}

const std::string_view kCallFlowSelect = "SELECT id, name, steps, created_at FROM call_flows";

CallFlowRecord readCallFlow(const Rows& rows, int r) {
  CallFlowRecord f;
  f.id = rows.text(r, 0);
  f.name = rows.text(r, 1);
  f.steps = jsonFrom(rows.text(r, 2));
  f.createdAt = rows.integer(r, 3);
  return f;
}

const std::string_view kGroupSelect =
    "SELECT g.id, g.name, g.filter, g.created_at,"
    " COALESCE((SELECT jsonb_agg(m.user_id ORDER BY m.position) FROM group_members m"
    "           WHERE m.group_id = g.id), '[]'::jsonb)"
    " FROM groups g";

GroupRecord readGroup(const Rows& rows, int r) {
  GroupRecord g;
  g.id = rows.text(r, 0);
  g.name = rows.text(r, 1);
  g.filter = rows.text(r, 2);
  g.createdAt = rows.integer(r, 3);
  g.memberIds = stringsFrom(rows.text(r, 4));
  return g;
}

const std::string_view kFollowUpSelect =
    "SELECT id, caller_e164, lead_id, assigned_user_id, status, reason, missed_calls,"
    " last_call_id, created_at, updated_at, closed_at, closed_by_call_id FROM follow_ups";

FollowUp readFollowUp(const Rows& rows, int r) {
  FollowUp f;
  f.id = rows.text(r, 0);
  f.callerE164 = rows.text(r, 1);
  f.leadId = rows.optText(r, 2);
  f.assignedUserId = rows.optText(r, 3);
  f.status = parseFollowUpStatus(rows.text(r, 4)).value_or(FollowUpStatus::Open);
  f.reason = rows.text(r, 5);
  f.missedCalls = static_cast<int>(rows.integer(r, 6));
  f.lastCallId = rows.text(r, 7);
  f.createdAt = rows.integer(r, 8);
  f.updatedAt = rows.integer(r, 9);
  f.closedAt = rows.optInteger(r, 10);
  f.closedByCallId = rows.optText(r, 11);
  return f;
}

const std::string_view kVoicemailSelect =
    "SELECT id, call_id, lead_id, path, duration_ms, created_at FROM voicemails";

Voicemail readVoicemail(const Rows& rows, int r) {
  Voicemail v;
  v.id = rows.text(r, 0);
  v.callId = rows.text(r, 1);
  v.leadId = rows.optText(r, 2);
  v.path = rows.text(r, 3);
  v.durationMs = static_cast<int>(rows.integer(r, 4));
  v.createdAt = rows.integer(r, 5);
  return v;
}

const std::string_view kTokenSelect =
    "SELECT id, user_id, kind, name, token_hash, created_at, expires_at, last_used_at,"
    " revoked_at FROM api_tokens";

ApiToken readToken(const Rows& rows, int r) {
  ApiToken t;
  t.id = rows.text(r, 0);
  t.userId = rows.text(r, 1);
  t.kind = parseTokenKind(rows.text(r, 2)).value_or(TokenKind::Session);
  t.name = rows.text(r, 3);
  t.tokenHash = rows.text(r, 4);
  t.createdAt = rows.integer(r, 5);
  t.expiresAt = rows.optInteger(r, 6);
  t.lastUsedAt = rows.optInteger(r, 7);
  t.revokedAt = rows.optInteger(r, 8);
  return t;
}

const std::string_view kWebhookSelect =
    "SELECT id, url, secret, event_types, active, created_at FROM webhooks";

Webhook readWebhook(const Rows& rows, int r) {
  Webhook w;
  w.id = rows.text(r, 0);
  w.url = rows.text(r, 1);
  w.secret = rows.text(r, 2);
  w.eventTypes = stringsFrom(rows.text(r, 3));
  w.active = rows.text(r, 4) == "t"; // booleans come as "t" and "f" in text format
  w.createdAt = rows.integer(r, 5);
  return w;
}

const std::string_view kDeliverySelect =
    "SELECT id, webhook_id, event_id, event_type, payload, status, attempts, next_attempt_at,"
    " last_status_code, last_error, created_at, delivered_at FROM webhook_deliveries";

WebhookDelivery readDelivery(const Rows& rows, int r) {
  WebhookDelivery d;
  d.id = rows.text(r, 0);
  d.webhookId = rows.text(r, 1);
  d.eventId = rows.integer(r, 2);
  d.eventType = rows.text(r, 3);
  d.payload = rows.text(r, 4);
  d.status = parseDeliveryStatus(rows.text(r, 5)).value_or(DeliveryStatus::Failed);
  d.attempts = static_cast<int>(rows.integer(r, 6));
  d.nextAttemptAt = rows.integer(r, 7);
  d.lastStatusCode = optInt(rows, r, 8);
  d.lastError = rows.text(r, 9);
  d.createdAt = rows.integer(r, 10);
  d.deliveredAt = rows.optInteger(r, 11);
  return d;
}

Params paramsOf(const std::vector<SqlValue>& values) {
  Params params;
  for (const SqlValue& value : values)
    std::visit([&](const auto& v) { params.add(v); }, value);
  return params;
}

} // namespace sb::store::postgres
