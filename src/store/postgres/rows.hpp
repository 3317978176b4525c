#pragma once
// Column lists and row readers for each record, so every query that returns a record
// selects the same columns in the same order as its reader expects.
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/json_columns.hpp"
#include "store/records.hpp"
#include "store/sql_builder.hpp"

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
extern const std::string_view kTokenSelect;     // FROM api_tokens
extern const std::string_view kWebhookSelect;   // FROM webhooks
extern const std::string_view kDeliverySelect;  // FROM webhook_deliveries

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
ApiToken readToken(const Rows& rows, int r);
Webhook readWebhook(const Rows& rows, int r);
WebhookDelivery readDelivery(const Rows& rows, int r);

// A built statement's parameters (store/sql_builder.hpp) in placeholder order.
Params paramsOf(const std::vector<SqlValue>& values);

// A select list (kUserSelect, ...) followed by the rest of its statement.
inline std::string sql(std::string_view select, std::string_view rest) {
  std::string q(select);
  q += ' ';
  q += rest;
  return q;
}

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

// Every row of `query` read with `read`.
template <typename T, typename Read>
common::Result<std::vector<T>> listOf(Connection& c, const std::string& query, const Params& params,
                                      Read read) {
  auto rows = c.query(query, params);
  if (!rows) return rows.error();
  return all<T>(*rows, read);
}

// The first row of `query` read with `read`, or nullopt.
template <typename T, typename Read>
common::Result<std::optional<T>> oneOf(Connection& c, const std::string& query,
                                       const Params& params, Read read) {
  auto rows = c.query(query, params);
  if (!rows) return rows.error();
  return firstOf<T>(*rows, read);
}

} // namespace sb::store::postgres
