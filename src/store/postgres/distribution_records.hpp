#pragma once
// Applications and lead exceptions on PostgreSQL: their columns and
// readers, and the statements the queued writes and updateLead run on a connection inside
// a transaction the caller opened.
#include <string>
#include <string_view>

#include "store/postgres/connection.hpp"
#include "store/records.hpp"

namespace sb::store::postgres {

extern const std::string_view kApplicationSelect;   // FROM applications
extern const std::string_view kLeadExceptionSelect; // FROM lead_exceptions

Application readApplication(const Rows& rows, int r);
LeadException readLeadException(const Rows& rows, int r);

// Each inserts the record as given (checked by the caller); an unknown lead is a 404.
Status insertApplication(Connection& conn, const Application& application);
Status insertLeadException(Connection& conn, const LeadException& exception);
// every open exception of the lead resolved at `at`, by nobody in particular.
Status resolveOpenExceptions(Connection& conn, const std::string& leadId, EpochMs at);

} // namespace sb::store::postgres
