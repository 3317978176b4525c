#pragma once
// The Store backends the shared store tests run against, and a fresh database on each
// for one test: "sqlite" always (a file in a temporary directory); "postgres" when the
// test binary is built with the PostgreSQL store and SB_TEST_POSTGRES_URL names a
// server (a schema of its own per test, dropped when the test ends).
#include <memory>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/store.hpp"

namespace sb::store::testing {

// One test's database. Opening it again reaches the same data (reopen after a "crash");
// destroying it removes the data, so every store opened on it must be closed first.
class TestDatabase {
public:
  virtual ~TestDatabase() = default;
  virtual common::Result<std::unique_ptr<Store>> open(const common::Clock& clock,
                                                      Executor executor) = 0;
};

// The backends available in this run, "sqlite" first.
std::vector<std::string> storeBackends();

// A fresh, empty database on `backend` (one of storeBackends()).
common::Result<std::unique_ptr<TestDatabase>> makeTestDatabase(const std::string& backend);

} // namespace sb::store::testing
