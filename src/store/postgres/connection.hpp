#pragma once
// A thin RAII layer over libpq: a Connection owns one PGconn, a Rows one PGresult, and
// Params holds text-format parameters for $1, $2, ... Errors come back as values carrying
// the server's message, never as exceptions.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"

struct pg_conn;
struct pg_result;

namespace sb::store::postgres {

struct Done {};
using Status = common::Result<Done>;

// Parameters in text format; nullopt is SQL NULL.
class Params {
public:
  Params& add(std::string_view text);
  Params& add(const std::string& text) { return add(std::string_view(text)); }
  Params& add(const char* text) { return add(std::string_view(text)); }
  Params& add(std::int64_t value);
  Params& add(int value) { return add(static_cast<std::int64_t>(value)); }
  Params& add(const std::optional<std::string>& text);
  Params& add(const std::optional<std::int64_t>& value);
  Params& addNull();
  // Empty text as NULL, for optional columns the records keep as strings.
  Params& addOrNull(std::string_view text);

  int size() const { return static_cast<int>(values_.size()); }
  // libpq takes text parameters as C strings, so a NUL byte would silently cut the text
  // short; such a parameter is refused instead (PostgreSQL text cannot hold NUL anyway).
  bool hasNul() const { return hasNul_; }
  // Pointers for libpq, valid while this Params lives and is not changed.
  std::vector<const char*> pointers() const;

private:
  std::vector<std::optional<std::string>> values_;
  bool hasNul_ = false;
};

// The rows of one statement's result (text format).
class Rows {
public:
  Rows(Rows&& other) noexcept;
  Rows& operator=(Rows&&) = delete;
  Rows(const Rows&) = delete;
  ~Rows();

  int count() const;
  int affected() const;                            // rows changed by an INSERT, UPDATE or DELETE
  std::string text(int row, int column) const;     // "" for NULL
  std::int64_t integer(int row, int column) const; // 0 for NULL
  bool isNull(int row, int column) const;
  std::optional<std::string> optText(int row, int column) const;
  std::optional<std::int64_t> optInteger(int row, int column) const;
  std::string commandStatus() const; // "COMMIT", "ROLLBACK", "UPDATE 1", ...

private:
  friend class Connection;
  explicit Rows(pg_result* result) : result_(result) {}
  pg_result* result_;
};

class Connection {
public:
  // Connects with `conninfo` (a URL or key=value string) and makes `schema` the only
  // schema searched, on this and every later reconnection. `role` names the connection
  // in pg_stat_activity ("switchboard <role> <schema>"), so an operator can tell them apart.
  static common::Result<std::unique_ptr<Connection>>
  open(const std::string& conninfo, const std::string& schema, const std::string& role);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs statements without parameters (several may be separated by ';').
  Status exec(std::string_view sql);
  // Runs one statement with parameters; it is prepared once per connection and reused.
  common::Result<Rows> query(std::string_view sql, const Params& params = {});
  // Like query, for statements run once (not prepared).
  common::Result<Rows> queryOnce(std::string_view sql, const Params& params = {});

  // Reconnects when the server closed the connection (restart, idle kill). Only call it
  // outside a transaction: a transaction cut off by the loss is gone either way.
  Status ensureOpen();
  // True once libpq has found the connection closed; ensureOpen() reopens it.
  bool broken() const;
  bool inTransaction() const;
  bool inFailedTransaction() const;
  int backendPid() const;
  // The schema name quoted as an SQL identifier ("my schema" -> "\"my schema\"").
  common::Result<std::string> quoteIdentifier(std::string_view name) const;

private:
  Connection(pg_conn* conn, std::string schema, std::string role)
      : conn_(conn), schema_(std::move(schema)), role_(std::move(role)) {}
  Status setUpSession();
  common::Result<Rows> checked(pg_result* result, std::string_view what);
  common::Result<std::string> preparedName(std::string_view sql, const Params& params);

  pg_conn* conn_;
  std::string schema_;
  std::string role_;
  std::unordered_map<std::string, std::string> prepared_; // SQL -> statement name
};

} // namespace sb::store::postgres
