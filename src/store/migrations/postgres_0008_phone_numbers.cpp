// Schema v8 (PostgreSQL): nothing changes. SQLite's v8 (sqlite_0008_phone_numbers.cpp)
// moves its partial phone search onto the distinct numbers; PostgreSQL's pg_trgm index on
// calls.phone_digits (v3) already answers it from the index. The step keeps a schema
// version meaning the same on both backends.
#include "store/postgres/migrations.hpp"

namespace sb::store::migrations {

Migration postgresPhoneNumbers() {
  return Migration{8, "phone numbers", "SELECT 1;\n"};
}

} // namespace sb::store::migrations
