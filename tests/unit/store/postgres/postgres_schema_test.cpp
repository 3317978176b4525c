// PostgresStore: opening, the schema it lives in, and migrations.
#include <gtest/gtest.h>

#include <future>
#include <string>

#include "store/postgres/migrate.hpp"
#include "store/postgres/migrations.hpp"
#include "unit/store/postgres/pg_fixture.hpp"

namespace sb::store::postgres {
namespace {

using testing::PgStoreTest;

TEST_F(PgStoreTest, OpenCreatesTheSchemaAndAppliesEveryMigrationOnce) {
  auto conn = connect();
  ASSERT_TRUE(conn);
  const auto known = static_cast<std::int64_t>(migrations::postgres().size());
  // The two dialects hold the same versions (the SQLite list is the embedded build's).
  EXPECT_EQ(known, static_cast<std::int64_t>(migrations::sqlite().size()));
  EXPECT_EQ(count(*conn, "SELECT COUNT(*) FROM schema_migrations"), known);
  EXPECT_EQ(count(*conn, "SELECT MAX(version) FROM schema_migrations"), known);
  // The tables are in the store's schema, not in public.
  EXPECT_EQ(count(*conn, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" +
                             schema_ + "' AND table_name = 'follow_ups'"),
            1);
  EXPECT_EQ(count(*conn, "SELECT COUNT(*) FROM information_schema.tables"
                         " WHERE table_schema = 'public' AND table_name = 'follow_ups'"),
            0);

  // Migrating an up-to-date schema applies nothing; neither does opening it again.
  auto again = migrate(*conn, schema_, migrations::postgres(), 0);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0);
  store_ = openStore();
  ASSERT_TRUE(store_);
  EXPECT_EQ(count(*conn, "SELECT COUNT(*) FROM schema_migrations"), known);
}

TEST_F(PgStoreTest, ASchemaFromANewerBuildIsRefusedAndLeftAlone) {
  auto conn = connect();
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->exec("INSERT INTO schema_migrations VALUES (999, 'future', 0)"));
  store_.reset();
  PostgresStore::Options options{url_, schema_, {}};
  auto opened = PostgresStore::open(options, clock_, nullptr);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("newer than this build"), std::string::npos)
      << opened.error().message;
  EXPECT_EQ(count(*conn, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations::postgres().size()) + 1);
}

// Nodes started together against one empty schema: the advisory lock lets one migrate and
// the others find the work done, instead of failing on "relation already exists".
TEST_F(PgStoreTest, NodesOpeningAFreshSchemaTogetherMigrateItOnce) {
  store_.reset();
  ASSERT_TRUE(PostgresStore::dropSchema(url_, schema_));
  auto openOne = [this] {
    PostgresStore::Options options{url_, schema_, {}};
    auto opened = PostgresStore::open(options, clock_, nullptr);
    return opened ? std::string() : opened.error().message;
  };
  auto a = std::async(std::launch::async, openOne);
  auto b = std::async(std::launch::async, openOne);
  auto c = std::async(std::launch::async, openOne);
  EXPECT_EQ(a.get(), "");
  EXPECT_EQ(b.get(), "");
  EXPECT_EQ(c.get(), "");
  auto conn = connect();
  ASSERT_TRUE(conn);
  EXPECT_EQ(count(*conn, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations::postgres().size()));
}

// A schema an older build made (version 3, with data in it) moves to the latest on open,
// and the API's reads and writes work on what it held.
TEST_F(PgStoreTest, AVersion3SchemaWithDataMigratesToTheApiSchema) {
  store_.reset();
  ASSERT_TRUE(PostgresStore::dropSchema(url_, schema_));
  auto conn = connect();
  ASSERT_TRUE(conn);
  auto applied = migrate(*conn, schema_, migrations::postgres().first(3), 0);
  ASSERT_TRUE(applied) << applied.error().message;
  ASSERT_TRUE(conn->exec("INSERT INTO users (id, email, name, role, created_at)"
                         " VALUES ('u1', 'Dana@Example.test', 'Dana', 'admin', 1);"
                         "INSERT INTO leads (id, name, owner_user_id, created_at)"
                         " VALUES ('l1', 'Fiona Buyer', 'u1', 2);"
                         "INSERT INTO lead_phones (lead_id, e164, position)"
                         " VALUES ('l1', '+15550199003', 0)"));
  store_ = openStore();
  ASSERT_TRUE(store_);
  EXPECT_EQ(count(*conn, "SELECT MAX(version) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations::postgres().size()));
  auto dana = store_->findUserByEmail("dana@example.test");
  ASSERT_TRUE(dana && *dana);
  EXPECT_EQ((*dana)->id, "u1");
  EXPECT_TRUE(store_->createToken(ApiToken{"", "u1", TokenKind::Session, "", "h", 3, {}, {}, {}}));
  LeadQuery mine;
  mine.ownerUserId = "u1";
  mine.phone = "0199003";
  auto found = store_->searchLeads(mine);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->leads.size(), 1U);
  EXPECT_EQ(found->leads[0].phones, std::vector<std::string>{"+15550199003"});
}

// A schema of the test's own besides schema_, dropped when it goes out of scope (also
// when an assertion ends the test early).
class ExtraSchema {
public:
  ExtraSchema(std::string url, std::string name) : url_(std::move(url)), name_(std::move(name)) {}
  ~ExtraSchema() { (void)PostgresStore::dropSchema(url_, name_); }
  ExtraSchema(const ExtraSchema&) = delete;
  ExtraSchema& operator=(const ExtraSchema&) = delete;
  const std::string& name() const { return name_; }

private:
  std::string url_;
  std::string name_;
};

TEST_F(PgStoreTest, SchemasKeepDeploymentsApart) {
  ASSERT_TRUE(store_->updateOrganization(Organization{"Acme", "", "US", nlohmann::json::object()}));
  ExtraSchema other(url_, testing::freshSchemaName());
  {
    auto neighbour =
        PostgresStore::open(PostgresStore::Options{url_, other.name(), {}}, clock_, nullptr);
    ASSERT_TRUE(neighbour) << neighbour.error().message;
    auto empty = (*neighbour)->isEmpty();
    ASSERT_TRUE(empty) << empty.error().message;
    EXPECT_TRUE(*empty);
  }
  auto dropped = PostgresStore::dropSchema(url_, other.name());
  ASSERT_TRUE(dropped) << dropped.error().message;
  EXPECT_EQ(*dropped, 1);
  auto again = PostgresStore::dropSchema(url_, other.name());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0);
  EXPECT_FALSE(*store_->isEmpty());
}

TEST_F(PgStoreTest, SystemSchemasAreNeverDropped) {
  EXPECT_EQ(PostgresStore::dropSchema(url_, "pg_catalog").error().code, 400);
  EXPECT_EQ(PostgresStore::dropSchema(url_, "information_schema").error().code, 400);
  EXPECT_EQ(PostgresStore::dropSchema(url_, "").error().code, 400);
}

TEST_F(PgStoreTest, AnOddSchemaNameIsQuotedNotInjected) {
  ExtraSchema odd(url_, schema_ + " x\"; DROP TABLE y; --");
  {
    auto opened =
        PostgresStore::open(PostgresStore::Options{url_, odd.name(), {}}, clock_, nullptr);
    ASSERT_TRUE(opened) << opened.error().message;
    ASSERT_TRUE(
        (*opened)->updateOrganization(Organization{"Acme", "", "US", nlohmann::json::object()}));
    EXPECT_EQ((*(*opened)->organization())->name, "Acme");
  }
  auto dropped = PostgresStore::dropSchema(url_, odd.name());
  ASSERT_TRUE(dropped) << dropped.error().message;
  EXPECT_EQ(*dropped, 1);
}

TEST_F(PgStoreTest, AnUnreachableServerIsAnErrorWithLibpqsMessage) {
  PostgresStore::Options options{
      "postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", schema_, {}};
  auto opened = PostgresStore::open(options, clock_, nullptr);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("postgres connect"), std::string::npos)
      << opened.error().message;
}

} // namespace
} // namespace sb::store::postgres
