#include "api/json_views.hpp"

#include "common/clock.hpp"

namespace sb::api {

using nlohmann::json;

namespace {

json optionalString(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

json names(const std::vector<store::DeviceKind>& kinds) {
  json out = json::array();
  for (auto k : kinds) out.push_back(store::toString(k));
  return out;
}

// `connected_user_id`: the user on the call now (or last, once it ended), as the stored
// call shows it: whoever took the last transfer that was accepted, else who
// answered; nullopt for a call nobody took or one handed to a phone number. For showing
// only: who may hold or transfer is the live call system's to say, as the store lags it.
std::optional<std::string> userOnCall(const store::CallDetail& detail) {
  std::optional<std::string> user = detail.call.answeredByUserId;
  for (const auto& offer : detail.offers)
    if (offer.transferredByUserId && offer.status == store::OfferStatus::Accepted) user = offer.userId;
  // A transfer to a number has no offer: its trace line, with no user, hands the call on.
  for (const auto& entry : detail.trace)
    if (entry.action == "transfer_accepted") user = entry.userId;
  return user;
}

} // namespace

json timeJson(const std::optional<store::EpochMs>& at) { return at ? json(common::formatUtc(*at)) : json(nullptr); }

json userJson(const store::User& user) {
  return {
      {"id", user.id},
      {"email", user.email},
      {"name", user.name},
      {"role", store::toString(user.role)},
      {"availability", store::toString(user.availability)},
      {"availability_reason", user.availabilityReason},
      {"assigned_number_id", optionalString(user.assignedNumberId)},
      {"ring_through_number", user.ringThroughNumber},
      {"caller_id", user.callerId},
      {"cool_down_seconds", user.coolDownSeconds ? json(*user.coolDownSeconds) : json(nullptr)},
      {"answer_methods", names(user.answerMethods)},
      {"attributes", user.attributes},
      {"has_password", user.passwordHash.has_value()},
      {"created_at", timeJson(user.createdAt)},
  };
}

json deviceJson(const store::Device& device, bool withSecret) {
  json out = {
      {"id", device.id},
      {"user_id", device.userId},
      {"kind", store::toString(device.kind)},
      {"sip_username", device.sipUsername},
      {"created_at", timeJson(device.createdAt)},
  };
  if (withSecret) out["sip_password"] = device.sipPassword;
  return out;
}

json numberJson(const store::PhoneNumber& number) {
  return {
      {"id", number.id},
      {"e164", number.e164},
      {"label", number.label},
      {"assigned_user_id", optionalString(number.assignedUserId)},
      {"forwarding_number", number.forwardingNumber},
      {"call_flow_id", optionalString(number.callFlowId)},
      {"created_at", timeJson(number.createdAt)},
  };
}

json leadJson(const store::Lead& lead) {
  return {
      {"id", lead.id},
      {"name", lead.name},
      {"company", lead.company},
      {"title", lead.title},
      {"email", lead.email},
      {"owner_user_id", optionalString(lead.ownerUserId)},
      {"status", lead.status},
      {"crm_url", lead.crmUrl},
      {"attributes", lead.attributes},
      {"phones", lead.phones},
      {"created_at", timeJson(lead.createdAt)},
  };
}

json applicationJson(const std::optional<store::Application>& application) {
  if (!application) return nullptr;
  return {
      {"id", application->id},
      {"user_id", application->userId},
      {"call_id", optionalString(application->callId)},
      {"created_at", timeJson(application->createdAt)},
  };
}

json leadExceptionJson(const store::LeadException& exception, const std::optional<store::Lead>& lead) {
  json leadSummary = nullptr;
  if (lead) {
    leadSummary = {{"id", lead->id},
                   {"name", lead->name},
                   {"company", lead->company},
                   {"phones", lead->phones},
                   {"owner_user_id", optionalString(lead->ownerUserId)}};
  }
  return {
      {"id", exception.id},
      {"lead", std::move(leadSummary)},
      {"group_id", optionalString(exception.groupId)},
      {"call_id", optionalString(exception.callId)},
      {"reason", exception.reason},
      {"detail", exception.detail},
      {"created_at", timeJson(exception.createdAt)},
      {"resolved_at", timeJson(exception.resolvedAt)},
      {"resolved_by_user_id", optionalString(exception.resolvedByUserId)},
  };
}

json callJson(const store::CallRecord& call) {
  return {
      {"id", call.id},
      {"direction", store::toString(call.direction)},
      {"number", call.numberE164},
      {"caller", call.callerE164},
      {"lead_id", optionalString(call.leadId)},
      {"outcome", store::toString(call.status)},
      {"answered_by_user_id", optionalString(call.answeredByUserId)},
      {"started_at", timeJson(call.startedAt)},
      {"answered_at", timeJson(call.answeredAt)},
      {"ended_at", timeJson(call.endedAt)},
      {"talk_seconds", call.talkSeconds ? json(*call.talkSeconds) : json(nullptr)},
      {"end_reason", call.endReason},
      {"disposition", call.disposition.empty() ? json(nullptr) : json(call.disposition)},
      {"sentiment", call.sentiment.empty() ? json(nullptr) : json(call.sentiment)},
      {"notes", call.notes},
      {"logged_by_user_id", optionalString(call.loggedByUserId)},
      {"logged_at", timeJson(call.loggedAt)},
  };
}

json offerJson(const store::OfferRecord& offer) {
  return {
      {"id", offer.id},
      {"user_id", offer.userId},
      {"device_id", optionalString(offer.deviceId)},
      {"status", store::toString(offer.status)},
      {"created_at", timeJson(offer.createdAt)},
      {"ended_at", timeJson(offer.endedAt)},
      {"reason", offer.reason},
      {"transferred_by", optionalString(offer.transferredByUserId)},
  };
}

json traceJson(const store::TraceEntry& entry) {
  return {
      {"seq", entry.seq},
      {"at", timeJson(entry.at)},
      {"user_id", optionalString(entry.userId)},
      {"action", entry.action},
      {"reason", entry.reason},
  };
}

json callDetailJson(const store::CallDetail& detail, bool hasRecording) {
  json out = callJson(detail.call);
  out["connected_user_id"] = optionalString(userOnCall(detail));
  out["offers"] = json::array();
  for (const auto& offer : detail.offers) out["offers"].push_back(offerJson(offer));
  out["trace"] = json::array();
  for (const auto& entry : detail.trace) out["trace"].push_back(traceJson(entry));
  out["recording_url"] = hasRecording ? json("/api/v1/calls/" + detail.call.id + "/recording") : json(nullptr);
  return out;
}

json callFlowJson(const store::CallFlowRecord& flow) {
  return {{"id", flow.id}, {"name", flow.name}, {"steps", flow.steps}, {"created_at", timeJson(flow.createdAt)}};
}

json groupJson(const store::GroupRecord& group) {
  return {
      {"id", group.id},
      {"name", group.name},
      {"member_ids", group.memberIds},
      {"filter", group.filter},
      {"created_at", timeJson(group.createdAt)},
  };
}

json followUpJson(const store::FollowUp& followUp) {
  return {
      {"id", followUp.id},
      {"caller", followUp.callerE164},
      {"lead_id", optionalString(followUp.leadId)},
      {"assigned_user_id", optionalString(followUp.assignedUserId)},
      {"status", store::toString(followUp.status)},
      {"reason", followUp.reason},
      {"missed_calls", followUp.missedCalls},
      {"last_call_id", followUp.lastCallId},
      {"created_at", timeJson(followUp.createdAt)},
      {"updated_at", timeJson(followUp.updatedAt)},
      {"closed_at", timeJson(followUp.closedAt)},
      {"closed_by_call_id", optionalString(followUp.closedByCallId)},
  };
}

json voicemailJson(const store::Voicemail& voicemail) {
  return {
      {"id", voicemail.id},
      {"call_id", voicemail.callId},
      {"lead_id", optionalString(voicemail.leadId)},
      {"duration_ms", voicemail.durationMs},
      {"created_at", timeJson(voicemail.createdAt)},
      {"recording_url", "/api/v1/calls/" + voicemail.callId + "/voicemail/recording"},
  };
}

json tokenJson(const store::ApiToken& token) {
  return {
      {"id", token.id},
      {"user_id", token.userId},
      {"kind", store::toString(token.kind)},
      {"name", token.name},
      {"created_at", timeJson(token.createdAt)},
      {"expires_at", timeJson(token.expiresAt)},
      {"last_used_at", timeJson(token.lastUsedAt)},
      {"revoked_at", timeJson(token.revokedAt)},
  };
}

json webhookJson(const store::Webhook& webhook) {
  return {
      {"id", webhook.id},
      {"url", webhook.url},
      {"event_types", webhook.eventTypes},
      {"active", webhook.active},
      {"created_at", timeJson(webhook.createdAt)},
  };
}

json deliveryJson(const store::WebhookDelivery& delivery) {
  return {
      {"id", delivery.id},
      {"webhook_id", delivery.webhookId},
      {"event_id", delivery.eventId},
      {"event_type", delivery.eventType},
      {"status", store::toString(delivery.status)},
      {"attempts", delivery.attempts},
      {"next_attempt_at", delivery.status == store::DeliveryStatus::Pending ? timeJson(delivery.nextAttemptAt)
                                                                            : json(nullptr)},
      {"last_status_code", delivery.lastStatusCode ? json(*delivery.lastStatusCode) : json(nullptr)},
      {"last_error", delivery.lastError},
      {"created_at", timeJson(delivery.createdAt)},
      {"delivered_at", timeJson(delivery.deliveredAt)},
  };
}

json pageJson(json items, const std::string& nextCursor) {
  return {{"items", std::move(items)}, {"next_cursor", nextCursor.empty() ? json(nullptr) : json(nextCursor)}};
}

} // namespace sb::api
