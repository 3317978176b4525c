#include "store/sqlite/connection.hpp"

#include <sqlite3.h>

#include <utility>

namespace sb::store::sqlite {
namespace {

// Error::code carries a status to answer with: a broken constraint (duplicate username,
// unknown user id) is the client's conflict, 409; anything else is the server's, 0.
int statusFor(int rc) {
  return (rc & 0xff) == SQLITE_CONSTRAINT ? 409 : 0;
}

common::Error sqliteError(sqlite3* db, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  return common::makeError(std::move(message),
                           db != nullptr ? statusFor(sqlite3_extended_errcode(db)) : 0);
}

} // namespace

common::Result<std::unique_ptr<Connection>> Connection::open(const std::string& path,
                                                             int busyTimeoutMs) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  // The handle is owned from here on, even when opening failed.
  std::unique_ptr<Connection> conn(new Connection(db));
  if (rc != SQLITE_OK) return sqliteError(db, "cannot open " + path);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busyTimeoutMs);
  // synchronous=FULL in WAL mode fsyncs the log at every commit: a write whose completion
  // has run survives a power loss, which NORMAL does not promise.
  Status settings = conn->exec("PRAGMA journal_mode=WAL;"
                               "PRAGMA synchronous=FULL;"
                               "PRAGMA foreign_keys=ON;");
  if (!settings) return settings.error();
  return conn;
}

Connection::~Connection() {
  sqlite3_close_v2(db_);
}

Status Connection::exec(std::string_view sql) {
  const std::string owned(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Done{};
  std::string text = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return common::makeError("sqlite: " + text, statusFor(rc));
}

common::Result<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return sqliteError(db_, "prepare");
  return Statement(db_, stmt);
}

int Connection::changes() const {
  return sqlite3_changes(db_);
}

std::string Connection::lastError() const {
  return sqlite3_errmsg(db_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), bindStatus_(other.bindStatus_) {}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
  const int rc =
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (bindStatus_ == SQLITE_OK) bindStatus_ = rc;
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (bindStatus_ == SQLITE_OK) bindStatus_ = rc;
  return *this;
}

Statement& Statement::bindNull(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (bindStatus_ == SQLITE_OK) bindStatus_ = rc;
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bindNull(index);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bindOrNull(int index, std::string_view text) {
  return text.empty() ? bindNull(index) : bind(index, text);
}

common::Error Statement::bindError() const {
  return common::makeError(std::string("sqlite bind: ") + sqlite3_errstr(bindStatus_));
}

common::Result<bool> Statement::step() {
  if (bindStatus_ != SQLITE_OK) return bindError();
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqliteError(db_, "step");
}

Status Statement::run() {
  auto stepped = step();
  if (!stepped) return stepped.error();
  return Done{};
}

std::string Statement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  if (p == nullptr) return {};
  const int n = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

bool Statement::isNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<std::string> Statement::optText(int column) const {
  if (isNull(column)) return std::nullopt;
  return text(column);
}

std::optional<std::int64_t> Statement::optInteger(int column) const {
  if (isNull(column)) return std::nullopt;
  return integer(column);
}

} // namespace sb::store::sqlite
