// PostgresStore: deleting admin records, each in one transaction on the shared connection.
// A record others still refer to stays (409 naming what refers to it); what belongs to it
// goes with it through the schema's ON DELETE CASCADE (a user's devices and tokens, a
// lead's phones, a group's members).
#include "store/conflicts.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/record_writes.hpp"

namespace sb::store::postgres {

std::optional<common::Error> PostgresStore::deleteUser(const std::string& id) {
  return refusalOf(inTransaction(
      [&](Connection& c) { return deleteUnreferred(c, "users", "user", id, userReferrers()); }));
}

std::optional<common::Error> PostgresStore::deleteDevice(const std::string& id) {
  // Offers made to the device keep their history with no device (ON DELETE SET NULL).
  return refusalOf(
      inTransaction([&](Connection& c) { return deleteUnreferred(c, "devices", "device", id); }));
}

std::optional<common::Error> PostgresStore::deleteNumber(const std::string& id) {
  // Calls keep the dialled number as text, so nothing refers to the row.
  return refusalOf(
      inTransaction([&](Connection& c) { return deleteUnreferred(c, "numbers", "number", id); }));
}

std::optional<common::Error> PostgresStore::deleteLead(const std::string& id) {
  return refusalOf(inTransaction(
      [&](Connection& c) { return deleteUnreferred(c, "leads", "lead", id, leadReferrers()); }));
}

std::optional<common::Error> PostgresStore::deleteCallFlow(const std::string& id) {
  return refusalOf(inTransaction([&](Connection& c) {
    return deleteUnreferred(c, "call_flows", "call flow", id, callFlowReferrers());
  }));
}

std::optional<common::Error> PostgresStore::deleteGroup(const std::string& id) {
  // Call flows name groups inside their JSON steps, which no key checks: routing skips a
  // step whose group is gone.
  return refusalOf(
      inTransaction([&](Connection& c) { return deleteUnreferred(c, "groups", "group", id); }));
}

} // namespace sb::store::postgres
