#pragma once
// How stored records look in the API: snake_case fields, times as RFC 3339 UTC strings,
// absent values as null. One function per record so that every endpoint and every event
// shows a record the same way. Secrets never leave here: password hashes and token hashes
// are not shown, SIP passwords only where the caller may see them (devices of oneself,
// or as admin).
#include "store/records.hpp"

#include <nlohmann/json.hpp>

namespace sb::api {

nlohmann::json timeJson(const std::optional<store::EpochMs>& at);
nlohmann::json userJson(const store::User& user);
nlohmann::json deviceJson(const store::Device& device, bool withSecret);
nlohmann::json numberJson(const store::PhoneNumber& number);
nlohmann::json leadJson(const store::Lead& lead);
// who took a lead through distribution, and on which call.
nlohmann::json applicationJson(const std::optional<store::Application>& application); // null when none
// the exception with the lead it is about, in short ({"id", "name", "company",
// "phones", "owner_user_id"}; null if the lead is gone).
nlohmann::json leadExceptionJson(const store::LeadException& exception, const std::optional<store::Lead>& lead);
nlohmann::json callJson(const store::CallRecord& call);
nlohmann::json offerJson(const store::OfferRecord& offer);
nlohmann::json traceJson(const store::TraceEntry& entry);
// The call with its offers, routing trace and recording link.
// The detail adds `connected_user_id` to the call's fields: the user on the call now (or
// last), as the stored call shows it.
nlohmann::json callDetailJson(const store::CallDetail& detail, bool hasRecording);
nlohmann::json callFlowJson(const store::CallFlowRecord& flow);
nlohmann::json groupJson(const store::GroupRecord& group);
nlohmann::json followUpJson(const store::FollowUp& followUp);
nlohmann::json voicemailJson(const store::Voicemail& voicemail);
nlohmann::json tokenJson(const store::ApiToken& token);
nlohmann::json webhookJson(const store::Webhook& webhook); // the secret is not shown
nlohmann::json deliveryJson(const store::WebhookDelivery& delivery);

// A page of a list: {"items": [...], "next_cursor": "..." | null}.
nlohmann::json pageJson(nlohmann::json items, const std::string& nextCursor);

} // namespace sb::api
