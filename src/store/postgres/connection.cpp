#include "store/postgres/connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <utility>

#include "common/log.hpp"

namespace sb::store::postgres {
namespace {

// Error::code carries a status to answer with: a broken constraint (SQLSTATE class 23:
// duplicate username, unknown user id) is the client's conflict, 409; anything else is
// the server's, 0.
int statusFor(std::string_view sqlstate) {
  return sqlstate.substr(0, 2) == "23" ? 409 : 0;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

common::Error resultError(const PGresult* r, pg_conn* conn, std::string_view what) {
  std::string message = "postgres ";
  message += what;
  message += ": ";
  if (r == nullptr) {
    message += trimmed(PQerrorMessage(conn));
    return common::makeError(std::move(message));
  }
  const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
  const char* sqlstate = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  message += primary != nullptr ? std::string(primary) : trimmed(PQresultErrorMessage(r));
  if (detail != nullptr) {
    message += " (";
    message += detail;
    message += ')';
  }
  return common::makeError(std::move(message), statusFor(sqlstate != nullptr ? sqlstate : ""));
}

common::Error nulRefused() {
  return common::makeError("postgres: text with a NUL byte cannot be stored", 400);
}

// The server's notices ("schema already exists, skipping") are not errors; libpq would
// print them to stderr.
void logNotice(void* /*unused*/, const char* message) {
  SB_LOG_DEBUG("postgres: {}", trimmed(message));
}

} // namespace

// --- Params ---

Params& Params::add(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) hasNul_ = true;
  values_.emplace_back(std::string(text));
  return *this;
}

Params& Params::add(std::int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}

Params& Params::add(const std::optional<std::string>& text) {
  return text ? add(std::string_view(*text)) : addNull();
}

Params& Params::add(const std::optional<std::int64_t>& value) {
  return value ? add(*value) : addNull();
}

Params& Params::addNull() {
  values_.emplace_back(std::nullopt);
  return *this;
}

Params& Params::addOrNull(std::string_view text) {
  return text.empty() ? addNull() : add(text);
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_)
    out.push_back(v ? v->c_str() : nullptr);
  return out;
}

// --- Rows ---

Rows::Rows(Rows&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

Rows::~Rows() {
  PQclear(result_);
}

int Rows::count() const {
  return PQntuples(result_);
}

int Rows::affected() const {
  const char* n = PQcmdTuples(result_);
  int value = 0;
  std::from_chars(n, n + std::char_traits<char>::length(n), value);
  return value;
}

std::string Rows::text(int row, int column) const {
  if (PQgetisnull(result_, row, column) != 0) return {};
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::int64_t Rows::integer(int row, int column) const {
  const char* p = PQgetvalue(result_, row, column);
  std::int64_t value = 0;
  std::from_chars(p, p + PQgetlength(result_, row, column), value);
  return value;
}

bool Rows::isNull(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}

std::optional<std::string> Rows::optText(int row, int column) const {
  if (isNull(row, column)) return std::nullopt;
  return text(row, column);
}

std::optional<std::int64_t> Rows::optInteger(int row, int column) const {
  if (isNull(row, column)) return std::nullopt;
  return integer(row, column);
}

std::string Rows::commandStatus() const {
  return PQcmdStatus(result_);
}

// --- Connection ---

common::Result<std::unique_ptr<Connection>>
Connection::open(const std::string& conninfo, const std::string& schema, const std::string& role) {
  if (schema.empty()) return common::makeError("postgres store needs a schema name");
  pg_conn* raw = PQconnectdb(conninfo.c_str());
  if (raw == nullptr) return common::makeError("postgres connect: out of memory");
  // The handle is owned from here on, even when connecting failed.
  std::unique_ptr<Connection> conn(new Connection(raw, schema, role));
  if (PQstatus(raw) != CONNECTION_OK) {
    return common::makeError("postgres connect: " + trimmed(PQerrorMessage(raw)));
  }
  PQsetNoticeProcessor(raw, logNotice, nullptr);
  Status session = conn->setUpSession();
  if (!session) return session.error();
  return conn;
}

Connection::~Connection() {
  PQfinish(conn_);
}

Status Connection::setUpSession() {
  auto quoted = quoteIdentifier(schema_);
  if (!quoted) return quoted.error();
  // Only our schema is searched (pg_catalog always is), so unqualified names in every
  // statement and migration mean this deployment's tables.
  Status path = exec("SET client_encoding TO 'UTF8'; SET search_path TO " + *quoted);
  if (!path) return path;
  auto named = queryOnce("SELECT set_config('application_name', $1, false)",
                         Params().add("switchboard " + role_ + " " + schema_));
  if (!named) return named.error();
  return Done{};
}

Status Connection::ensureOpen() {
  if (PQstatus(conn_) == CONNECTION_OK) return Done{};
  SB_LOG_WARN("postgres: connection lost, reconnecting");
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    return common::makeError("postgres reconnect: " + trimmed(PQerrorMessage(conn_)));
  }
  prepared_.clear(); // a new session has none of the old one's statements
  return setUpSession();
}

bool Connection::broken() const {
  return PQstatus(conn_) == CONNECTION_BAD;
}

bool Connection::inTransaction() const {
  return PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

bool Connection::inFailedTransaction() const {
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

int Connection::backendPid() const {
  return PQbackendPID(conn_);
}

common::Result<std::string> Connection::quoteIdentifier(std::string_view name) const {
  char* quoted = PQescapeIdentifier(conn_, name.data(), name.size());
  if (quoted == nullptr) return common::makeError("postgres: " + trimmed(PQerrorMessage(conn_)));
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

common::Result<Rows> Connection::checked(pg_result* result, std::string_view what) {
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Rows(result);
  common::Error error = resultError(result, conn_, what);
  PQclear(result);
  return error;
}

Status Connection::exec(std::string_view sql) {
  const std::string owned(sql);
  auto rows = checked(PQexec(conn_, owned.c_str()), "exec");
  if (!rows) return rows.error();
  return Done{};
}

common::Result<std::string> Connection::preparedName(std::string_view sql, const Params& params) {
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it != prepared_.end()) return it->second;
  std::string name = "sb_" + std::to_string(prepared_.size() + 1);
  auto made =
      checked(PQprepare(conn_, name.c_str(), key.c_str(), params.size(), nullptr), "prepare");
  if (!made) return made.error();
  prepared_.emplace(std::move(key), name);
  return name;
}

common::Result<Rows> Connection::query(std::string_view sql, const Params& params) {
  if (params.hasNul()) return nulRefused();
  auto name = preparedName(sql, params);
  if (!name) return name.error();
  const auto values = params.pointers();
  return checked(
      PQexecPrepared(conn_, name->c_str(), params.size(), values.data(), nullptr, nullptr, 0),
      "query");
}

common::Result<Rows> Connection::queryOnce(std::string_view sql, const Params& params) {
  if (params.hasNul()) return nulRefused();
  const std::string owned(sql);
  const auto values = params.pointers();
  return checked(PQexecParams(conn_, owned.c_str(), params.size(), nullptr, values.data(), nullptr,
                              nullptr, 0),
                 "query");
}

} // namespace sb::store::postgres
