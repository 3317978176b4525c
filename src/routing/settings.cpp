#include "routing/settings.hpp"

#include <algorithm>
#include <optional>

namespace sb::routing {

namespace {

using common::makeError;
using nlohmann::json;

constexpr std::int64_t kMaxSeconds = 86'400; // a day: anything longer is a typo

std::optional<common::Error> readBool(const json& s, const char* key, bool& out) {
  auto it = s.find(key);
  if (it == s.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean())
    return makeError(std::string("settings.") + key + ": expected true or false");
  out = it->get<bool>();
  return std::nullopt;
}

// A count or a number of seconds: an integer, never negative, at most `max`.
std::optional<common::Error> readCount(const json& s, const char* key, int& out,
                                       std::int64_t max = kMaxSeconds) {
  auto it = s.find(key);
  if (it == s.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer())
    return makeError(std::string("settings.") + key + ": expected an integer");
  auto value = it->get<std::int64_t>();
  if (value < 0 || value > max) {
    return makeError(std::string("settings.") + key + ": must be 0.." + std::to_string(max));
  }
  out = static_cast<int>(value);
  return std::nullopt;
}

} // namespace

common::Result<Settings> parseSettings(const json& settings, std::string companyPhone) {
  Settings out;
  out.companyPhone = std::move(companyPhone);
  if (settings.is_null()) return out;
  if (!settings.is_object()) return makeError("settings: expected an object");
  for (auto error :
       {readBool(settings, "ring_user_assigned_to_number", out.ringAssignedUser),
        readCount(settings, "ring_all_batch", out.ringAllBatch, 1'000'000),
        readCount(settings, "ring_timeout_seconds", out.defaultRingTimeoutSeconds),
        readCount(settings, "missed_offers_before_unavailable", out.missedOffersBeforeUnavailable),
        readCount(settings, "cool_down_seconds", out.coolDownSeconds),
        readBool(settings, "confirm_on_sip_phones", out.confirmOnSipPhones),
        readBool(settings, "voicemail_enabled", out.voicemailEnabled),
        readBool(settings, "record_calls", out.recordCalls)}) {
    if (error) return *error;
  }
  if (out.defaultRingTimeoutSeconds < 1) {
    return makeError("settings.ring_timeout_seconds: must be at least 1");
  }
  out.ringAllBatch = std::clamp(out.ringAllBatch, 1, kMaxRingAllBatch);
  return out;
}

} // namespace sb::routing
