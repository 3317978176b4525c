// Schema v5 (SQLite): an index for the calls list filtered by disposition. Without
// it a busy agent's calls are found by walking every call newest first; with it the
// disposition's calls come newest first with no sort (started_at, then id, as the list's
// keyset order).
#include "store/migrations/sqlite_steps.hpp"

namespace sb::store::migrations {

std::string_view sqlite0005CallList() {
  return "CREATE INDEX calls_disposition ON calls(disposition, started_at, id);\n";
}

} // namespace sb::store::migrations
