#include "server/data_dir.hpp"

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

#include <filesystem>
#include <system_error>

namespace sb::server {

namespace {

bool isPostgresUrl(const std::string& s) { return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0; }

} // namespace

common::Result<std::unique_ptr<store::Store>> openStore(const StoreLocation& where, store::Executor executor) {
  static const common::SystemClock clock;
  std::error_code ec;
  std::filesystem::create_directories(where.dataDir, ec);
  if (ec) return common::makeError("cannot create data directory " + where.dataDir + ": " + ec.message());
  if (!where.database.empty()) {
    if (!isPostgresUrl(where.database))
      return common::makeError("--database: expected a postgresql:// URL (leave it empty for SQLite in --data-dir)");
    store::postgres::PostgresStore::Options options;
    options.conninfo = where.database;
    auto opened = store::postgres::PostgresStore::open(options, clock, std::move(executor));
    if (!opened.ok()) return common::makeError("PostgreSQL: " + opened.error().message);
    return std::unique_ptr<store::Store>(std::move(opened.value()));
  }
  store::sqlite::SqliteStore::Options options;
  options.path = (std::filesystem::path(where.dataDir) / "switchboard.db").string();
  auto opened = store::sqlite::SqliteStore::open(options, clock, std::move(executor));
  if (!opened.ok()) return common::makeError(options.path + ": " + opened.error().message);
  return std::unique_ptr<store::Store>(std::move(opened.value()));
}

} // namespace sb::server
