// Schema v6 (PostgreSQL): the same as sqlite_0006_transfers.cpp, who transferred the call
// an offer was made for.
#include "store/postgres/migrations.hpp"

namespace sb::store::migrations {

Migration postgresTransfers() {
  return Migration{6, "transfers",
                   "ALTER TABLE offers ADD COLUMN transferred_by_user_id TEXT REFERENCES users(id);\n"};
}

} // namespace sb::store::migrations
