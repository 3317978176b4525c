#pragma once
// Writes to users and leads that both the admin path and the call path make, as
// statements on one connection inside a transaction the caller opened.
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/records.hpp"

namespace sb::store::postgres {

// The lead and its phones (in the order given, each once), with the id and createdAt it
// carries.
Status insertLead(Connection& conn, const Lead& lead);
// A lead's phones, each once, kept in the order given (position 0, 1, ...).
Status insertLeadPhones(Connection& conn, const std::string& leadId,
                        const std::vector<std::string>& phones);
// an unknown lead is an error; with onlyIfUnowned an owned lead is left alone
// (not an error: someone else was given it first). R-23: a lead given its owner this way
// (on a call, or taken by pressing 1) is no longer a lead nobody took: its open
// exceptions are resolved at `at`, as updateLead does for an owner an admin gives.
Status assignLead(Connection& conn, const std::string& leadId, const std::string& userId,
                  bool onlyIfUnowned, EpochMs at);
// an unknown user is an error.
Status setAvailability(Connection& conn, const std::string& userId, Availability availability,
                       const std::string& reason);

} // namespace sb::store::postgres
