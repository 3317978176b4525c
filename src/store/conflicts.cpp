#include "store/conflicts.hpp"

#include <array>

namespace sb::store {
namespace {

// How each dialect names a broken unique key in its error: SQLite as "table.column",
// PostgreSQL by the constraint or index (the schema's names, see the migrations; matched
// without the quotes around them, which a translated server message may change).
struct UniqueKey {
  std::string_view sqlite;
  std::string_view postgres;
  std::string_view field;
};

constexpr std::array kUniqueKeys{
    UniqueKey{"users.email", "users_email", "email"},
    UniqueKey{"devices.sip_username", "devices_sip_username_key", "sip_username"},
    UniqueKey{"numbers.e164", "numbers_e164_key", "e164"},
    UniqueKey{"api_tokens.token_hash", "api_tokens_token_hash_key", "token_hash"},
};

constexpr std::array kUserReferrers{
    Referrer{"calls", "answered_by_user_id", "id", "it answered call"},
    Referrer{"offers", "user_id", "call_id", "it was offered call"},
    Referrer{"offers", "transferred_by_user_id", "call_id", "it transferred call"},
    Referrer{"calls", "logged_by_user_id", "id", "it logged call"},
    Referrer{"routing_trace", "user_id", "call_id", "it is in the routing trace of call"},
    Referrer{"applications", "user_id", "lead_id", "it took lead"},
};
constexpr std::array kLeadReferrers{
    Referrer{"calls", "lead_id", "id", "it is the lead of call"},
};
constexpr std::array kCallFlowReferrers{
    Referrer{"numbers", "call_flow_id", "e164", "it answers number"},
};

} // namespace

common::Error namedConflict(common::Error error, SqlDialect dialect) {
  if (error.code != 409 || !error.field.empty()) return error;
  for (const UniqueKey& key : kUniqueKeys) {
    const std::string_view marker = dialect == SqlDialect::Sqlite ? key.sqlite : key.postgres;
    if (error.message.find(marker) == std::string::npos) continue;
    return common::fieldError(std::string(key.field), std::string(key.field) + " is already in use",
                              409);
  }
  return error;
}

std::span<const Referrer> userReferrers() {
  return kUserReferrers;
}
std::span<const Referrer> leadReferrers() {
  return kLeadReferrers;
}
std::span<const Referrer> callFlowReferrers() {
  return kCallFlowReferrers;
}

std::string referrerQuery(const Referrer& r, SqlDialect dialect) {
  const std::string_view placeholder = dialect == SqlDialect::Sqlite ? "?" : "$1";
  std::string sql = "SELECT ";
  sql += r.label;
  sql += " FROM ";
  sql += r.table;
  sql += " WHERE ";
  sql += r.column;
  sql += " = ";
  sql += placeholder;
  return sql + " LIMIT 1";
}

common::Error stillReferred(std::string_view kind, const std::string& id, const Referrer& r,
                            const std::string& label) {
  return common::makeError(std::string(kind) + " " + id +
                               " cannot be deleted: " + std::string(r.relation) + " " + label,
                           409);
}

common::Error unknownRecord(std::string_view kind, const std::string& id) {
  return common::makeError("no " + std::string(kind) + " " + id, 404);
}

} // namespace sb::store
