#pragma once
// The call-path writes as statements on one connection. They run inside a transaction
// opened by the caller (the writer's batch, or recovery at start).
#include "store/records.hpp"
#include "store/sqlite/connection.hpp"

namespace sb::store::sqlite {

Status insertCall(Connection& conn, const CallRecord& call);
Status insertOffer(Connection& conn, const OfferRecord& offer);
// An unknown offer is an error.
Status updateOffer(Connection& conn, const OfferUpdate& update);
// An unknown or already ended call is an error.
Status markAnswered(Connection& conn, const std::string& callId, const std::string& userId,
                    EpochMs at);
// one conditional update; true when this claim connected the call (nobody had
// answered it and it had not ended), and then the offer is accepted in the same write.
// False when another claim got there first (or there is no such call).
common::Result<bool> claimOpenCall(Connection& conn, const std::string& callId,
                                   const std::string& offerId, const std::string& userId,
                                   EpochMs at);
// Links the call to its lead; an unknown call is an error.
Status setCallLead(Connection& conn, const std::string& callId, const std::string& leadId);
// Sets status, end reason and talk time; cancels offers still ringing. An unknown or
// already ended call is an error.
Status markEnded(Connection& conn, const CallEnd& end);
// Appends with the next seq for that call.
Status appendTrace(Connection& conn, const TraceEntry& entry);
// Closes every open call as interrupted; returns how many.
common::Result<int> closeOpenCalls(Connection& conn, EpochMs now);

} // namespace sb::store::sqlite
