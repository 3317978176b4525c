#include "store/sqlite/rows.hpp"

#include <variant>

namespace sb::store::sqlite {

namespace {
std::optional<int> optInt(const Statement& s, int column) {
  auto v = s.optInteger(column);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}
} // namespace

const std::string_view kUserSelect =
    "SELECT u.id, u.email, u.name, u.role, u.password_hash, u.availability,"
    " u.availability_reason,"
    " (SELECT n.id FROM numbers n WHERE n.assigned_user_id = u.id ORDER BY n.e164 LIMIT 1),"
    " u.ring_through_number, u.caller_id, u.cool_down_seconds, u.attributes, u.created_at,"
    " u.answer_methods"
    " FROM users u";

User readUser(const Statement& s) {
  User u;
  u.id = s.text(0);
  u.email = s.text(1);
  u.name = s.text(2);
  u.role = parseRole(s.text(3)).value_or(Role::Agent);
  u.passwordHash = s.optText(4);
  u.availability = parseAvailability(s.text(5)).value_or(Availability::Unavailable);
  u.availabilityReason = s.text(6);
  u.assignedNumberId = s.optText(7);
  u.ringThroughNumber = s.text(8);
  u.callerId = s.text(9);
  u.coolDownSeconds = optInt(s, 10);
  u.attributes = jsonFrom(s.text(11));
  u.createdAt = s.integer(12);
  u.answerMethods = answerMethodsFrom(s.text(13));
  return u;
}

const std::string_view kDeviceSelect =
    "SELECT id, user_id, kind, sip_username, sip_password, created_at FROM devices";

Device readDevice(const Statement& s) {
  Device d;
  d.id = s.text(0);
  d.userId = s.text(1);
  d.kind = parseDeviceKind(s.text(2)).value_or(DeviceKind::Sip);
  d.sipUsername = s.text(3);
  d.sipPassword = s.text(4);
  d.createdAt = s.integer(5);
  return d;
}

const std::string_view kNumberSelect =
    "SELECT id, e164, label, assigned_user_id, forwarding_number, call_flow_id, created_at"
    " FROM numbers";

PhoneNumber readNumber(const Statement& s) {
  PhoneNumber n;
  n.id = s.text(0);
  n.e164 = s.text(1);
  n.label = s.text(2);
  n.assignedUserId = s.optText(3);
  n.forwardingNumber = s.text(4);
  n.callFlowId = s.optText(5);
  n.createdAt = s.integer(6);
  return n;
}

const std::string_view kLeadSelect =
    "SELECT id, name, company, title, email, owner_user_id, status, crm_url, attributes,"
    " created_at FROM leads";

Lead readLead(const Statement& s) {
  Lead l;
  l.id = s.text(0);
  l.name = s.text(1);
  l.company = s.text(2);
  l.title = s.text(3);
  l.email = s.text(4);
  l.ownerUserId = s.optText(5);
  l.status = s.text(6);
  l.crmUrl = s.text(7);
  l.attributes = jsonFrom(s.text(8));
  l.createdAt = s.integer(9);
  return l;
}

const std::string_view kLeadWithPhoneSelect =
    "SELECT l.id, l.name, l.company, l.title, l.email, l.owner_user_id, l.status, l.crm_url,"
    " l.attributes, l.created_at, p.e164"
    " FROM leads l LEFT JOIN lead_phones p ON p.lead_id = l.id";

const std::string_view kCallSelect =
    "SELECT id, direction, number_e164, caller_e164, lead_id, status, outcome,"
    " answered_by_user_id, started_at, answered_at, ended_at, talk_seconds, end_reason,"
    " disposition, sentiment, notes, logged_by_user_id, logged_at FROM calls";

CallRecord readCall(const Statement& s) {
  CallRecord c;
  c.id = s.text(0);
  c.direction = parseCallDirection(s.text(1)).value_or(CallDirection::Inbound);
  c.numberE164 = s.text(2);
  c.callerE164 = s.text(3);
  c.leadId = s.optText(4);
  c.status = parseCallStatus(s.text(5)).value_or(CallStatus::Failed);
  c.outcome = s.text(6);
  c.answeredByUserId = s.optText(7);
  c.startedAt = s.integer(8);
  c.answeredAt = s.optInteger(9);
  c.endedAt = s.optInteger(10);
  c.talkSeconds = optInt(s, 11);
  c.endReason = s.text(12);
  c.disposition = s.text(13);
  c.sentiment = s.text(14);
  c.notes = s.text(15);
  c.loggedByUserId = s.optText(16);
  c.loggedAt = s.optInteger(17);
  return c;
}

const std::string_view kOfferSelect =
    "SELECT id, call_id, user_id, device_id, status, created_at, ended_at, reason, transferred_by_user_id"
    " FROM offers";

OfferRecord readOffer(const Statement& s) {
  OfferRecord o;
  o.id = s.text(0);
  o.callId = s.text(1);
  o.userId = s.text(2);
  o.deviceId = s.optText(3);
  o.status = parseOfferStatus(s.text(4)).value_or(OfferStatus::Failed);
  o.createdAt = s.integer(5);
  o.endedAt = s.optInteger(6);
  o.reason = s.text(7);
  o.transferredByUserId = s.optText(8);
  return o;
}

const std::string_view kTraceSelect =
    "SELECT call_id, seq, at, user_id, action, reason FROM routing_trace";

TraceEntry readTrace(const Statement& s) {
  TraceEntry t;
  t.callId = s.text(0);
  t.seq = static_cast<int>(s.integer(1));
  t.at = s.integer(2);
  t.userId = s.optText(3);
  t.action = s.text(4);
  t.reason = s.text(5);
  return t;
}

const std::string_view kCallFlowSelect = "SELECT id, name, steps, created_at FROM call_flows";

CallFlowRecord readCallFlow(const Statement& s) {
  CallFlowRecord f;
  f.id = s.text(0);
  f.name = s.text(1);
  f.steps = jsonFrom(s.text(2));
  f.createdAt = s.integer(3);
  return f;
}

const std::string_view kFollowUpSelect =
    "SELECT id, caller_e164, lead_id, assigned_user_id, status, reason, missed_calls,"
    " last_call_id, created_at, updated_at, closed_at, closed_by_call_id FROM follow_ups";

FollowUp readFollowUp(const Statement& s) {
  FollowUp f;
  f.id = s.text(0);
  f.callerE164 = s.text(1);
  f.leadId = s.optText(2);
  f.assignedUserId = s.optText(3);
  f.status = parseFollowUpStatus(s.text(4)).value_or(FollowUpStatus::Open);
  f.reason = s.text(5);
  f.missedCalls = static_cast<int>(s.integer(6));
  f.lastCallId = s.text(7);
  f.createdAt = s.integer(8);
  f.updatedAt = s.integer(9);
  f.closedAt = s.optInteger(10);
  f.closedByCallId = s.optText(11);
  return f;
}

const std::string_view kVoicemailSelect =
    "SELECT id, call_id, lead_id, path, duration_ms, created_at FROM voicemails";

Voicemail readVoicemail(const Statement& s) {
  Voicemail v;
  v.id = s.text(0);
  v.callId = s.text(1);
  v.leadId = s.optText(2);
  v.path = s.text(3);
  v.durationMs = static_cast<int>(s.integer(4));
  v.createdAt = s.integer(5);
  return v;
}

const std::string_view kTokenSelect =
    "SELECT id, user_id, kind, name, token_hash, created_at, expires_at, last_used_at,"
    " revoked_at FROM api_tokens";

ApiToken readToken(const Statement& s) {
  ApiToken t;
  t.id = s.text(0);
  t.userId = s.text(1);
  t.kind = parseTokenKind(s.text(2)).value_or(TokenKind::Session);
  t.name = s.text(3);
  t.tokenHash = s.text(4);
  t.createdAt = s.integer(5);
  t.expiresAt = s.optInteger(6);
  t.lastUsedAt = s.optInteger(7);
  t.revokedAt = s.optInteger(8);
  return t;
}

const std::string_view kWebhookSelect =
    "SELECT id, url, secret, event_types, active, created_at FROM webhooks";

Webhook readWebhook(const Statement& s) {
  Webhook w;
  w.id = s.text(0);
  w.url = s.text(1);
  w.secret = s.text(2);
  w.eventTypes = stringsFrom(s.text(3));
  w.active = s.integer(4) != 0;
  w.createdAt = s.integer(5);
  return w;
}

const std::string_view kDeliverySelect =
    "SELECT id, webhook_id, event_id, event_type, payload, status, attempts, next_attempt_at,"
    " last_status_code, last_error, created_at, delivered_at FROM webhook_deliveries";

WebhookDelivery readDelivery(const Statement& s) {
  WebhookDelivery d;
  d.id = s.text(0);
  d.webhookId = s.text(1);
  d.eventId = s.integer(2);
  d.eventType = s.text(3);
  d.payload = s.text(4);
  d.status = parseDeliveryStatus(s.text(5)).value_or(DeliveryStatus::Failed);
  d.attempts = static_cast<int>(s.integer(6));
  d.nextAttemptAt = s.integer(7);
  d.lastStatusCode = optInt(s, 8);
  d.lastError = s.text(9);
  d.createdAt = s.integer(10);
  d.deliveredAt = s.optInteger(11);
  return d;
}

void bindAll(Statement& stmt, const std::vector<SqlValue>& params) {
  int index = 1;
  for (const SqlValue& value : params) {
    std::visit([&](const auto& v) { stmt.bind(index, v); }, value);
    ++index;
  }
}

} // namespace sb::store::sqlite
