#pragma once
// Follow-ups and voicemails as statements on one connection, inside a
// transaction the caller opened.
#include <optional>
#include <string>

#include "store/postgres/connection.hpp"
#include "store/records.hpp"

namespace sb::store::postgres {

// Opens a follow-up with id `newFollowUpId` for the caller, or merges into the caller's
// open one: missed_calls + 1, last call, reason and updated_at from `missed`, and the
// lead and owner filled in where still unknown.
Status upsertMissedCall(Connection& conn, const MissedCall& missed,
                        const std::string& newFollowUpId);
// Closes every open follow-up of the caller, or of the lead when one is given.
Status closeFollowUps(Connection& conn, const std::string& callerE164,
                      const std::optional<std::string>& leadId, const std::string& callId,
                      EpochMs at);
Status insertVoicemail(Connection& conn, const Voicemail& voicemail);

} // namespace sb::store::postgres
