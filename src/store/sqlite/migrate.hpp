#pragma once
// Brings a SQLite database up to the newest schema version.
#include <span>

#include "store/migrations/migrations.hpp"
#include "store/sqlite/connection.hpp"

namespace sb::store::sqlite {

// Applies, each in its own transaction, every migration whose version is not yet in
// schema_migrations. Running it on an up-to-date database changes nothing. Returns the
// number applied. A database newer than this binary (an unknown version) is an error.
common::Result<int> migrate(Connection& conn, std::span<const migrations::Migration> list,
                            std::int64_t nowMs);

} // namespace sb::store::sqlite
