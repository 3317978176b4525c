#pragma once
// Versioned schema migrations, embedded in the binary. Each database dialect has its own
// list; versions only grow, a released migration is never edited (add a new one instead),
// and schema_migrations records which versions a database has applied.
#include <span>
#include <string_view>

namespace sb::store::migrations {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// The SQLite migrations in version order.
std::span<const Migration> sqlite();

} // namespace sb::store::migrations
