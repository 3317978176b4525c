#pragma once
// The data directory: the SQLite database (switchboard.db) and, later, recordings and
// certificates. Opening it creates it and applies migrations.
#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/store.hpp"

#include <memory>
#include <string>

namespace sb::server {

// Where the store lives: SQLite in the data directory (the default), or a PostgreSQL
// database named by a URL (postgresql://...), which several nodes may share.
struct StoreLocation {
  std::string dataDir = "./data";
  std::string database; // empty: SQLite in dataDir
};

// Opens (creating if needed) the store. Completions of call-path writes run through
// `executor` (empty: on the writer thread, fine for CLI commands).
common::Result<std::unique_ptr<store::Store>> openStore(const StoreLocation& where, store::Executor executor = {});

} // namespace sb::server
