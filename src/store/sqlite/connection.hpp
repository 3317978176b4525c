#pragma once
// A thin RAII layer over the SQLite C API: a Connection owns one sqlite3 handle, a
// Statement one prepared statement. Errors come back as values carrying SQLite's message,
// never as exceptions.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace sb::store::sqlite {

struct Done {};
using Status = common::Result<Done>;

class Statement;

class Connection {
public:
  // Opens (creating if needed) the database file and applies the connection settings:
  // WAL, synchronous=FULL, foreign keys on, and a busy timeout.
  static common::Result<std::unique_ptr<Connection>> open(const std::string& path,
                                                          int busyTimeoutMs);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows.
  Status exec(std::string_view sql);
  common::Result<Statement> prepare(std::string_view sql);
  int changes() const; // rows changed by the last statement
  std::string lastError() const;

private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

class Statement {
public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, in the order of the '?' placeholders.
  Statement& bind(int index, std::string_view text);
  // Exact overloads, so a std::string or literal does not also match the optional ones.
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::int64_t value);
  Statement& bindNull(int index);
  Statement& bind(int index, const std::optional<std::string>& text);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  // Binds empty text as NULL, for optional columns the records keep as strings.
  Statement& bindOrNull(int index, std::string_view text);

  // Advances to the next row: true with a row, false at the end, an error otherwise.
  common::Result<bool> step();
  // Runs a statement that returns no rows.
  Status run();

  std::string text(int column) const; // "" for NULL
  std::int64_t integer(int column) const;
  bool isNull(int column) const;
  std::optional<std::string> optText(int column) const;
  std::optional<std::int64_t> optInteger(int column) const;

private:
  friend class Connection;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  common::Error bindError() const;

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bindStatus_ = 0; // first failing sqlite3_bind_* result, reported by step()/run()
};

} // namespace sb::store::sqlite
