#pragma once
// Column lists and row readers for each record, so every query that returns a record
// selects the same columns in the same order as its reader expects.
#include <string>
#include <string_view>
#include <vector>

#include "store/json_columns.hpp"
#include "store/records.hpp"
#include "store/sql_builder.hpp"
#include "store/sqlite/connection.hpp"

namespace sb::store::sqlite {

// JSON columns are read and written with store/json_columns.hpp, the same for every backend.

extern const std::string_view kUserSelect;   // FROM users u
extern const std::string_view kDeviceSelect; // FROM devices
extern const std::string_view kNumberSelect; // FROM numbers
extern const std::string_view kLeadSelect;   // FROM leads (phones read separately)
// FROM leads l LEFT JOIN lead_phones p: readLead's columns, then one phone (or NULL).
extern const std::string_view kLeadWithPhoneSelect;
extern const std::string_view kCallSelect;      // FROM calls
extern const std::string_view kOfferSelect;     // FROM offers
extern const std::string_view kTraceSelect;     // FROM routing_trace
extern const std::string_view kCallFlowSelect;  // FROM call_flows
extern const std::string_view kFollowUpSelect;  // FROM follow_ups
extern const std::string_view kVoicemailSelect; // FROM voicemails
extern const std::string_view kTokenSelect;     // FROM api_tokens
extern const std::string_view kWebhookSelect;   // FROM webhooks
extern const std::string_view kDeliverySelect;  // FROM webhook_deliveries

User readUser(const Statement& s);
Device readDevice(const Statement& s);
PhoneNumber readNumber(const Statement& s);
Lead readLead(const Statement& s);
CallRecord readCall(const Statement& s);
OfferRecord readOffer(const Statement& s);
TraceEntry readTrace(const Statement& s);
CallFlowRecord readCallFlow(const Statement& s);
FollowUp readFollowUp(const Statement& s);
Voicemail readVoicemail(const Statement& s);
ApiToken readToken(const Statement& s);
Webhook readWebhook(const Statement& s);
WebhookDelivery readDelivery(const Statement& s);

// Binds a built statement's parameters (store/sql_builder.hpp) in placeholder order.
void bindAll(Statement& stmt, const std::vector<SqlValue>& params);

// A select list (kUserSelect, ...) followed by the rest of its statement.
inline std::string sql(std::string_view select, std::string_view rest) {
  std::string q(select);
  q += ' ';
  q += rest;
  return q;
}

// Steps a prepared query to the end, reading every row with `read`.
template <typename T, typename Read>
common::Result<std::vector<T>> collect(Statement& stmt, Read read) {
  std::vector<T> rows;
  for (;;) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back(read(stmt));
  }
}

// Steps a prepared query once: the first row read with `read`, or nullopt.
template <typename T, typename Read>
common::Result<std::optional<T>> first(Statement& stmt, Read read) {
  auto row = stmt.step();
  if (!row) return row.error();
  if (!*row) return std::optional<T>{};
  return std::optional<T>{read(stmt)};
}

} // namespace sb::store::sqlite
