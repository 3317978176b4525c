#include "server/data_dir.hpp"

#include "store/sqlite/sqlite_store.hpp"

#include <filesystem>
#include <system_error>

namespace sb::server {

common::Result<std::unique_ptr<store::Store>> openDataDir(const std::string& dataDir, store::Executor executor) {
  static const common::SystemClock clock;
  std::error_code ec;
  std::filesystem::create_directories(dataDir, ec);
  if (ec) return common::makeError("cannot create data directory " + dataDir + ": " + ec.message());
  store::sqlite::SqliteStore::Options options;
  options.path = (std::filesystem::path(dataDir) / "switchboard.db").string();
  auto opened = store::sqlite::SqliteStore::open(options, clock, std::move(executor));
  if (!opened.ok()) return common::makeError(options.path + ": " + opened.error().message);
  return std::unique_ptr<store::Store>(std::move(opened.value()));
}

} // namespace sb::server
