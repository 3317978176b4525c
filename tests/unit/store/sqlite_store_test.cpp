#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "store/migrations/migrations.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/migrate.hpp"
#include "unit/store/store_fixture.hpp"

namespace sb::store::sqlite {
namespace {

using testing::SqliteStoreTest;

std::int64_t countRows(Connection& conn, const std::string& sql) {
  auto stmt = conn.prepare(sql);
  EXPECT_TRUE(stmt);
  if (!stmt) return -1;
  auto row = stmt->step();
  EXPECT_TRUE(row && *row);
  return stmt->integer(0);
}

// Puts at `path` a database as an older build left it: schema `version`, holding `data`.
void olderDatabase(const std::string& path, std::size_t version, const std::string& data) {
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path + suffix);
  auto conn = Connection::open(path, 1000);
  ASSERT_TRUE(conn);
  auto applied = migrate(**conn, migrations::sqlite().first(version), 0);
  ASSERT_TRUE(applied) << applied.error().message;
  ASSERT_TRUE((*conn)->exec(data));
}

// The database at `path` is at the latest schema (the store migrated it on opening).
void expectLatestSchema(const std::string& path) {
  auto conn = Connection::open(path, 1000);
  ASSERT_TRUE(conn);
  EXPECT_EQ(countRows(**conn, "SELECT MAX(version) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations::sqlite().size()));
}

TEST_F(SqliteStoreTest, MigrationsApplyOnceAndReapplyingChangesNothing) {
  auto conn = Connection::open(dbPath(), 1000);
  ASSERT_TRUE(conn);
  EXPECT_EQ(countRows(**conn, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations::sqlite().size()));
  auto again = migrate(**conn, migrations::sqlite(), 0);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0);
  reopen(); // opening an up-to-date database migrates nothing either
  EXPECT_EQ(countRows(**conn, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations::sqlite().size()));
}

// A database an older build made (version 3, with data in it) moves to version 4 on open,
// and the API's reads and writes work on what it held.
TEST_F(SqliteStoreTest, AVersion3DatabaseWithDataMigratesToTheApiSchema) {
  store_.reset();
  olderDatabase(dbPath(), 3,
                "INSERT INTO users (id, email, name, role, created_at)"
                " VALUES ('u1', 'Dana@Example.test', 'Dana', 'admin', 1);"
                "INSERT INTO leads (id, name, owner_user_id, created_at)"
                " VALUES ('l1', 'Fiona Buyer', 'u1', 2);"
                "INSERT INTO lead_phones (lead_id, e164)"
                " VALUES ('l1', '+15550199003')");
  reopen();
  expectLatestSchema(dbPath());
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

// Version 8 moves partial phone search onto the distinct numbers: the calls a version-7
// database holds are found by a fragment of their caller's or dialled number, as before.
TEST_F(SqliteStoreTest, AVersion7DatabaseKeepsItsCallsFoundByPhone) {
  store_.reset();
  olderDatabase(
      dbPath(), 7,
      "INSERT INTO calls (id, direction, number_e164, caller_e164, status, started_at, phone_digits) VALUES"
      " ('c1', 'inbound', '+15550100001', '+15557770142', 'completed', 10, '15557770142 15550100001'),"
      " ('c2', 'outbound', '+15557770142', '+15550100002', 'completed', 20, '15550100002 15557770142'),"
      " ('c3', 'inbound', '+15550100001', '+442071234567', 'completed', 30, '442071234567 15550100001')");
  reopen();
  expectLatestSchema(dbPath());
  auto conn = Connection::open(dbPath(), 1000);
  ASSERT_TRUE(conn);
  EXPECT_EQ(countRows(**conn, "SELECT COUNT(*) FROM call_numbers"), 4) << "each number once";
  const auto idsFor = [&](std::vector<std::string> phones) {
    CallQuery q;
    q.phones = std::move(phones);
    auto page = store_->searchCalls(q);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<std::string> ids;
    if (page)
      for (const CallRecord& call : page->calls)
        ids.push_back(call.id);
    return ids;
  };
  EXPECT_EQ(idsFor({"777-0142"}), (std::vector<std::string>{"c2", "c1"})) << "as caller and as dialled";
  EXPECT_EQ(idsFor({"2071234"}), std::vector<std::string>{"c3"});
  EXPECT_EQ(idsFor({"0142", "2071"}), (std::vector<std::string>{"c3", "c2", "c1"}));
  EXPECT_TRUE(idsFor({"9990"}).empty());
}

TEST_F(SqliteStoreTest, ADatabaseFromANewerBuildIsRefused) {
  auto conn = Connection::open(dbPath(), 1000);
  ASSERT_TRUE(conn);
  ASSERT_TRUE((*conn)->exec("INSERT INTO schema_migrations VALUES (999, 'future', 0)"));
  auto applied = migrate(**conn, migrations::sqlite(), 0);
  EXPECT_FALSE(applied);
}

TEST_F(SqliteStoreTest, ACompletionRunsOnlyOnceTheCallIsCommitted) {
  // A second connection sees only committed data, so finding the call from inside the
  // completion proves the commit happened first.
  auto observer = Connection::open(dbPath(), 1000);
  ASSERT_TRUE(observer);
  std::atomic<int> seen{-1};
  ASSERT_TRUE(store_->callStarted(newCall(5, "c-durable"), [&](WriteOutcome outcome) {
    if (!outcome) return;
    auto stmt = (*observer)->prepare("SELECT COUNT(*) FROM calls WHERE id = 'c-durable'");
    if (!stmt || !stmt->step()) return;
    seen = static_cast<int>(stmt->integer(0));
  }));
  store_->flush();
  EXPECT_EQ(seen.load(), 1);
}

TEST_F(SqliteStoreTest, WritesQueuedWhileTheDatabaseIsBusyShareOneCommit) {
  // Another connection holds the write lock, so the writer's first batch waits in BEGIN
  // while the rest queue up behind it.
  auto blocker = Connection::open(dbPath(), 1000);
  ASSERT_TRUE(blocker);
  ASSERT_TRUE((*blocker)->exec("BEGIN IMMEDIATE"));
  const std::uint64_t before = store_->commitCount();
  std::atomic<int> ok{0};
  constexpr int kCalls = 200;
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_TRUE(
        store_->callStarted(newCall(100 + i), [&](WriteOutcome o) { ok += o.ok() ? 1 : 0; }));
  }
  ASSERT_TRUE((*blocker)->exec("COMMIT"));
  store_->flush();
  EXPECT_EQ(ok.load(), kCalls);
  EXPECT_LE(store_->commitCount() - before, 2U);
  EXPECT_GE(store_->commitCount() - before, 1U);
}

// users created before answer methods existed ring on every device.
TEST_F(SqliteStoreTest, SchemaV2GivesUsersFromV1EveryAnswerMethod) {
  testing::TempDir old;
  ASSERT_TRUE(old.ok());
  olderDatabase(old.file("v1.db"), 1,
                "INSERT INTO users (id, email, name, role, created_at)"
                " VALUES ('u1', 'old@example.test', 'Old', 'agent', 1)");
  auto upgraded = SqliteStore::open({old.file("v1.db")}, clock_, nullptr);
  ASSERT_TRUE(upgraded) << upgraded.error().message;
  auto user = (*upgraded)->getUser("u1");
  ASSERT_TRUE(user && *user);
  EXPECT_EQ((*user)->answerMethods, (std::vector<DeviceKind>{DeviceKind::Browser, DeviceKind::Sip,
                                                             DeviceKind::RingThrough}));
}

// the schema itself keeps one open follow-up per caller, whoever writes.
TEST_F(SqliteStoreTest, TheSchemaAllowsOneOpenFollowUpPerCaller) {
  ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(1, "c1"), d); }));
  auto conn = Connection::open(dbPath(), 1000);
  ASSERT_TRUE(conn);
  const std::string insert =
      "INSERT INTO follow_ups (id, caller_e164, status, reason, last_call_id, created_at,"
      " updated_at) VALUES ";
  ASSERT_TRUE((*conn)->exec(insert + "('f1', '+15550199001', 'closed', 'missed', 'c1', 1, 1)"));
  ASSERT_TRUE((*conn)->exec(insert + "('f2', '+15550199001', 'open', 'missed', 'c1', 2, 2)"));
  Status second = (*conn)->exec(insert + "('f3', '+15550199001', 'open', 'missed', 'c1', 3, 3)");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, 409);
  EXPECT_TRUE((*conn)->exec(insert + "('f4', '+15550199002', 'open', 'voicemail', 'c1', 4, 4)"));
}

} // namespace
} // namespace sb::store::sqlite
