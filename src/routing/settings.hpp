#pragma once
// The organization settings routing reads, parsed once
// from organization.settings so that a decision never touches JSON.
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace sb::routing {

struct Settings {
  bool ringAssignedUser = true;          // R-2.1 "ring_user_assigned_to_number"
  std::string companyPhone;              // E.164 or empty
  int ringAllBatch = 10;                 // R-5, clamped to 1..10 ("ring_all_batch")
  int defaultRingTimeoutSeconds = 20;    // default-chain steps ("ring_timeout_seconds")
  int missedOffersBeforeUnavailable = 3; // R-11 ("missed_offers_before_unavailable"; 0 disables)
  int coolDownSeconds = 0;               // R-12 org default ("cool_down_seconds")
  bool confirmOnSipPhones = false;       // R-9 ("confirm_on_sip_phones")
  bool voicemailEnabled = true;          // R-14 ("voicemail_enabled")
  // Not routing's, but parsed with the rest of the organization settings: whether
  // connected calls are recorded (R-26, "record_calls").
  bool recordCalls = true;
};

// R-5 never more than 10 at once, whatever is configured.
inline constexpr int kMaxRingAllBatch = 10;

// Reads the keys above from the settings object (null counts as empty). Unknown keys are
// ignored; a key of the wrong type, or a negative count, is an error naming the key.
// ring_all_batch is clamped to 1..10 rather than refused, since R-5 fixes the ceiling.
common::Result<Settings> parseSettings(const nlohmann::json& settings, std::string companyPhone);

} // namespace sb::routing
