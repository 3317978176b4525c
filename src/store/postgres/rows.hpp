#pragma once
// Column lists and row readers for each record, so every query that returns a record
// selects the same columns in the same order as its reader expects.
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/json_columns.hpp"
#include "store/records.hpp"

namespace sb::store::postgres {

// JSON columns are JSONB: written as compact text and cast with $n::jsonb (invalid UTF-8
// replaced rather than thrown on), read leniently (an unparsable value reads as an empty
// object; JSONB cannot hold one).
// users.answer_methods: a JSON array of device kind names; unknown names are skipped.

extern const std::string_view kUserSelect;      // FROM users u
extern const std::string_view kDeviceSelect;    // FROM devices
extern const std::string_view kNumberSelect;    // FROM numbers
extern const std::string_view kLeadSelect;      // FROM leads l, phones as a JSON array
extern const std::string_view kCallSelect;      // FROM calls
extern const std::string_view kOfferSelect;     // FROM offers
extern const std::string_view kTraceSelect;     // FROM routing_trace
extern const std::string_view kCallFlowSelect;  // FROM call_flows
extern const std::string_view kGroupSelect;     // FROM groups g, members as a JSON array
extern const std::string_view kFollowUpSelect;  // FROM follow_ups
extern const std::string_view kVoicemailSelect; // FROM voicemails

Organization readOrganization(const Rows& rows, int r);
User readUser(const Rows& rows, int r);
Device readDevice(const Rows& rows, int r);
PhoneNumber readNumber(const Rows& rows, int r);
Lead readLead(const Rows& rows, int r);
CallRecord readCall(const Rows& rows, int r);
OfferRecord readOffer(const Rows& rows, int r);
TraceEntry readTrace(const Rows& rows, int r);
CallFlowRecord readCallFlow(const Rows& rows, int r);
GroupRecord readGroup(const Rows& rows, int r);
FollowUp readFollowUp(const Rows& rows, int r);
Voicemail readVoicemail(const Rows& rows, int r);

// Every row of a result, read with `read`.
template <typename T, typename Read> std::vector<T> all(const Rows& rows, Read read) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(rows.count()));
  for (int r = 0; r < rows.count(); ++r)
    out.push_back(read(rows, r));
  return out;
}

// The first row read with `read`, or nullopt.
template <typename T, typename Read> std::optional<T> firstOf(const Rows& rows, Read read) {
  if (rows.count() == 0) return std::nullopt;
  return read(rows, 0);
}

} // namespace sb::store::postgres
