#pragma once
// The data directory: the SQLite database (switchboard.db) and, later, recordings and
// certificates. Opening it creates it and applies migrations.
#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/store.hpp"

#include <memory>
#include <string>

namespace sb::server {

// Opens (creating if needed) the store in `dataDir`. Completions of call-path writes run
// through `executor` (empty: on the writer thread, fine for CLI commands).
common::Result<std::unique_ptr<store::Store>> openDataDir(const std::string& dataDir,
                                                          store::Executor executor = {});

} // namespace sb::server
