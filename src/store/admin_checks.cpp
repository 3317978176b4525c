#include "store/admin_checks.hpp"

namespace sb::store {
namespace {

Refusal invalid(std::string field, std::string message) {
  return common::fieldError(std::move(field), std::move(message));
}

} // namespace

bool isE164Form(const std::string& number) {
  return number.size() >= 2 && number.front() == '+';
}

Refusal checkUser(const User& u) {
  if (u.email.empty()) return invalid("email", "user email is required");
  if (!u.attributes.is_object())
    return invalid("attributes", "user attributes must be a JSON object");
  if (u.coolDownSeconds && *u.coolDownSeconds < 0) {
    return invalid("cool_down_seconds", "cool-down seconds must not be negative");
  }
  if (u.passwordHash) return checkPasswordHash(*u.passwordHash);
  return std::nullopt;
}

Refusal checkPasswordHash(const std::string& passwordHash) {
  if (passwordHash.empty()) return invalid("password", "a password hash must not be empty");
  return std::nullopt;
}

Refusal checkDevice(const Device& d) {
  if (d.kind == DeviceKind::RingThrough) return std::nullopt;
  if (d.sipUsername.empty()) {
    return invalid("sip_username", "a sip or browser device needs a sip username and password");
  }
  if (d.sipPassword.empty()) {
    return invalid("sip_password", "a sip or browser device needs a sip username and password");
  }
  return std::nullopt;
}

Refusal checkNumber(const PhoneNumber& n) {
  if (!isE164Form(n.e164)) return invalid("e164", "number must be in E.164 form (+15551234567)");
  return std::nullopt;
}

Refusal checkLead(const Lead& l) {
  if (!l.attributes.is_object())
    return invalid("attributes", "lead attributes must be a JSON object");
  return std::nullopt;
}

Refusal checkCallFlow(const CallFlowRecord& f) {
  if (f.name.empty()) return invalid("name", "call flow name is required");
  if (!f.steps.is_array()) return invalid("steps", "call flow steps must be a JSON array");
  return std::nullopt;
}

Refusal checkGroup(const GroupRecord& g) {
  if (g.name.empty()) return invalid("name", "group name is required");
  return std::nullopt;
}

Refusal checkToken(const ApiToken& t) {
  if (t.userId.empty()) return invalid("user_id", "a token belongs to a user");
  if (t.tokenHash.empty()) return invalid("token_hash", "a token needs the hash of its secret");
  return std::nullopt;
}

Refusal checkWebhook(const Webhook& w) {
  if (w.url.empty()) return invalid("url", "a webhook needs a url");
  if (w.secret.empty()) return invalid("secret", "a webhook needs a secret to sign with");
  for (const std::string& type : w.eventTypes) {
    if (type.empty()) return invalid("event_types", "event types must not be empty");
  }
  return std::nullopt;
}

Refusal checkDelivery(const WebhookDelivery& d) {
  if (d.webhookId.empty()) return invalid("webhook_id", "a delivery belongs to a webhook");
  if (d.eventType.empty()) return invalid("event_type", "a delivery needs its event type");
  return checkDeliveryProgress(d);
}

Refusal checkDeliveryProgress(const WebhookDelivery& d) {
  if (d.attempts < 0) return invalid("attempts", "attempts must not be negative");
  if (d.lastStatusCode && (*d.lastStatusCode < 100 || *d.lastStatusCode > 599)) {
    return invalid("last_status_code", "an HTTP status is between 100 and 599");
  }
  return std::nullopt;
}

Refusal checkListLimit(int limit) {
  if (limit >= 1 && limit <= kMaxListLimit) return std::nullopt;
  return invalid("limit", "limit must be between 1 and " + std::to_string(kMaxListLimit));
}

} // namespace sb::store
