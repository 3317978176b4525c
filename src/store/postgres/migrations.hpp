#pragma once
// The PostgreSQL migrations, kept next to SQLite's in src/store/migrations/ and declared
// here so the embedded build, which does not compile them, never sees the declaration.
#include <span>

#include "store/migrations/migrations.hpp"

namespace sb::store::migrations {

// The PostgreSQL migrations in version order; version N holds the same model as SQLite's
// version N, in PostgreSQL's types (BIGINT epoch milliseconds, JSONB, TEXT ids).
std::span<const Migration> postgres();

// Each migration, one per file (postgres_NNNN_*.cpp).
Migration postgresInitialSchema();
Migration postgresRoutingModel();
Migration postgresCallSearch();
Migration postgresApi();
Migration postgresCallList();
Migration postgresTransfers();
Migration postgresDistribution();
Migration postgresPhoneNumbers();

} // namespace sb::store::migrations
