// Schema v6 (SQLite): R-17 transfers. An offer a transfer made names the user who
// transferred the call; the call's history shows it, and the calls list's user
// filter already finds the call for the target through their offer.
#include "store/migrations/sqlite_steps.hpp"

namespace sb::store::migrations {

std::string_view sqlite0006Transfers() {
  return "ALTER TABLE offers ADD COLUMN transferred_by_user_id TEXT REFERENCES users(id);\n";
}

} // namespace sb::store::migrations
