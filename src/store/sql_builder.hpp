#pragma once
// The tail of a search statement ("WHERE ... ORDER BY ... LIMIT ?") built for either SQL
// dialect from fixed fragments, every value a bound parameter, placeholders numbered the
// dialect's way ('?' for SQLite, $1, $2, ... for PostgreSQL). A backend puts its columns in
// front and binds the parameters in order.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace sb::store {

enum class SqlDialect { Sqlite, Postgres };

using SqlValue = std::variant<std::int64_t, std::string>;

struct SqlTail {
  std::string tail;             // "WHERE ... ORDER BY ... LIMIT ?"
  std::vector<SqlValue> params; // in placeholder order
};

class SqlBuilder {
public:
  explicit SqlBuilder(SqlDialect dialect) : dialect_(dialect) {}

  SqlDialect dialect() const { return dialect_; }
  // The placeholder of a new parameter holding `value`.
  std::string param(SqlValue value);
  // "(p1, p2, ...)": one parameter per value, for IN.
  std::string list(const std::vector<std::string>& values);
  // Adds a condition; every condition must hold.
  void where(const std::string& condition);
  // The conditions followed by `rest` (ORDER BY, LIMIT, or a whole wrapping statement).
  SqlTail finish(const std::string& rest);

private:
  SqlDialect dialect_;
  std::string conditions_;
  SqlTail sql_;
};

} // namespace sb::store
