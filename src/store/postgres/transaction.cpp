#include "store/postgres/transaction.hpp"

#include "common/log.hpp"

namespace sb::store::postgres {

RollbackGuard::~RollbackGuard() {
  if (!open_ || !conn_.inTransaction()) return;
  Status s = conn_.exec("ROLLBACK");
  if (!s) SB_LOG_WARN("store rollback failed: {}", s.error().message);
}

Status commit(Connection& conn) {
  // COMMIT of a transaction in the failed state succeeds and reports ROLLBACK.
  if (conn.inFailedTransaction()) {
    return common::makeError("postgres: the transaction failed and was not committed");
  }
  auto done = conn.queryOnce("COMMIT");
  if (!done) return done.error();
  if (done->commandStatus() != "COMMIT") {
    return common::makeError("postgres: the transaction was rolled back (" + done->commandStatus() +
                             ")");
  }
  return Done{};
}

Status runInTransaction(Connection& conn, std::string_view begin,
                        const std::function<Status(Connection&)>& body) {
  Status begun = conn.exec(begin);
  if (!begun) return begun;
  RollbackGuard guard(conn);
  Status result = body(conn);
  if (!result) return result;
  Status committed = commit(conn);
  if (committed) guard.committed();
  return committed;
}

} // namespace sb::store::postgres
