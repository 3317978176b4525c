#include "unit/store/backends.hpp"

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string_view>
#include <utility>

#include "store/sqlite/sqlite_store.hpp"
#include "unit/store/temp_dir.hpp"

#ifdef SB_HAVE_POSTGRES
#include <gtest/gtest.h>

#include "store/postgres/postgres_store.hpp"
#endif

namespace sb::store::testing {
namespace {

class SqliteDatabase final : public TestDatabase {
public:
  common::Result<std::unique_ptr<Store>> open(const common::Clock& clock,
                                              Executor executor) override {
    if (!dir_.ok()) return common::makeError("cannot create a temporary directory");
    auto opened =
        sqlite::SqliteStore::open({dir_.file("switchboard.db")}, clock, std::move(executor));
    if (!opened) return opened.error();
    return std::unique_ptr<Store>(std::move(*opened));
  }

private:
  TempDir dir_;
};

#ifdef SB_HAVE_POSTGRES

const char* postgresUrl() {
  return std::getenv("SB_TEST_POSTGRES_URL");
}

// Tests in parallel processes share the server: each uses a schema no other can pick.
std::string freshSchemaName() {
  std::random_device entropy;
  std::mt19937_64 random((static_cast<std::uint64_t>(entropy()) << 32) ^
                         static_cast<std::uint64_t>(entropy()));
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string name = "t_";
  for (int i = 0; i < 16; ++i)
    name += kHex[random() % kHex.size()];
  return name;
}

class PostgresDatabase final : public TestDatabase {
public:
  PostgresDatabase(std::string conninfo, std::string schema)
      : conninfo_(std::move(conninfo)), schema_(std::move(schema)) {}
  ~PostgresDatabase() override {
    auto dropped = postgres::PostgresStore::dropSchema(conninfo_, schema_);
    // A schema left behind would pile up on the shared server, so say so.
    if (!dropped) ADD_FAILURE() << "dropping schema " << schema_ << ": " << dropped.error().message;
  }

  common::Result<std::unique_ptr<Store>> open(const common::Clock& clock,
                                              Executor executor) override {
    postgres::PostgresStore::Options options;
    options.conninfo = conninfo_;
    options.schema = schema_;
    auto opened = postgres::PostgresStore::open(options, clock, std::move(executor));
    if (!opened) return opened.error();
    return std::unique_ptr<Store>(std::move(*opened));
  }

private:
  std::string conninfo_;
  std::string schema_;
};

#endif

} // namespace

std::vector<std::string> storeBackends() {
  std::vector<std::string> backends{"sqlite"};
#ifdef SB_HAVE_POSTGRES
  const char* url = postgresUrl();
  if (url != nullptr && *url != '\0') backends.emplace_back("postgres");
#endif
  return backends;
}

common::Result<std::unique_ptr<TestDatabase>> makeTestDatabase(const std::string& backend) {
  if (backend == "sqlite") return std::unique_ptr<TestDatabase>(std::make_unique<SqliteDatabase>());
#ifdef SB_HAVE_POSTGRES
  if (backend == "postgres") {
    const char* url = postgresUrl();
    if (url == nullptr || *url == '\0') return common::makeError("SB_TEST_POSTGRES_URL is not set");
    return std::unique_ptr<TestDatabase>(
        std::make_unique<PostgresDatabase>(url, freshSchemaName()));
  }
#endif
  return common::makeError("no store backend " + backend + " in this build");
}

} // namespace sb::store::testing
