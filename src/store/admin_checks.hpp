#pragma once
// The checks an admin write makes before it reaches the database, the same in every
// backend (and the fake): a 400 whose Error.field names the field at fault, as the API
// shows it. What only the database can tell (a unique value taken, an unknown id) is
// answered by the write itself; see conflicts.hpp.
#include <optional>
#include <string>

#include "common/result.hpp"
#include "store/records.hpp"

namespace sb::store {

using Refusal = std::optional<common::Error>;

Refusal checkUser(const User& user);
Refusal checkPasswordHash(const std::string& passwordHash);
Refusal checkDevice(const Device& device);
Refusal checkNumber(const PhoneNumber& number);
Refusal checkLead(const Lead& lead);
Refusal checkCallFlow(const CallFlowRecord& flow);
Refusal checkGroup(const GroupRecord& group);
Refusal checkToken(const ApiToken& token);
Refusal checkWebhook(const Webhook& webhook);
Refusal checkDelivery(const WebhookDelivery& delivery);
// What updateDelivery stores: attempts, and the times and status code, must be sane.
Refusal checkDeliveryProgress(const WebhookDelivery& delivery);

// The limit of a list that takes one (deliveries): 1..kMaxListLimit.
inline constexpr int kMaxListLimit = 1000;
Refusal checkListLimit(int limit);

// The form every stored number has; normalizing other forms is the caller's job.
bool isE164Form(const std::string& number);

} // namespace sb::store
