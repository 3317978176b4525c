// Schema v5 (PostgreSQL): the same as sqlite_0005_call_list.cpp, the calls list's index
// by disposition in its keyset order.
#include "store/postgres/migrations.hpp"

namespace sb::store::migrations {

Migration postgresCallList() {
  return Migration{5, "call list", "CREATE INDEX calls_disposition ON calls(disposition, started_at, id);\n"};
}

} // namespace sb::store::migrations
