#pragma once
// Brings a PostgreSQL schema up to the newest version.
#include <cstdint>
#include <span>
#include <string>

#include "store/migrations/migrations.hpp"
#include "store/postgres/connection.hpp"

namespace sb::store::postgres {

// Creates `schema` when missing and applies every migration whose version is not yet in
// its schema_migrations, all in one transaction under an advisory lock, so nodes starting
// together against one database apply each version once. Running it on an up-to-date
// schema changes nothing. Returns the number applied. A schema newer than this binary
// (an unknown version) is an error and is left untouched.
common::Result<int> migrate(Connection& conn, const std::string& schema,
                            std::span<const migrations::Migration> list, std::int64_t nowMs);

} // namespace sb::store::postgres
