#include "store/postgres/write_target.hpp"

#include "common/log.hpp"
#include "store/postgres/transaction.hpp"

namespace sb::store::postgres {
namespace {

WriteOutcome toOutcome(const Status& s) {
  if (s) return Committed{};
  return s.error();
}

} // namespace

// A connection the server dropped (restart, failover, idle kill) is reopened here,
// between batches, where nothing can be lost by doing so. libpq often learns of the loss
// only when BEGIN fails; then it is reopened and BEGIN tried once more.
WriteOutcome PostgresWriteTarget::beginBatch() {
  for (int attempt = 0;; ++attempt) {
    Status open = conn_.ensureOpen();
    if (!open) return open.error();
    Status begun = conn_.exec("BEGIN");
    if (begun || attempt > 0 || !conn_.broken()) return toOutcome(begun);
  }
}

// A batch the server rolled back is an error: nothing of it is durable, and every
// completion must say so.
WriteOutcome PostgresWriteTarget::commitBatch() {
  return toOutcome(commit(conn_));
}

void PostgresWriteTarget::abortBatch() {
  if (!conn_.inTransaction()) return;
  Status s = conn_.exec("ROLLBACK");
  if (!s) SB_LOG_WARN("store rollback failed: {}", s.error().message);
}

WriteOutcome PostgresWriteTarget::beginOp() {
  return toOutcome(conn_.exec("SAVEPOINT write_op"));
}

// Rolling back to the savepoint also clears an error the operation left the transaction
// in, so the next operation of the batch runs normally.
void PostgresWriteTarget::endOp(bool keep) {
  Status s = keep ? conn_.exec("RELEASE SAVEPOINT write_op")
                  : conn_.exec("ROLLBACK TO SAVEPOINT write_op; RELEASE SAVEPOINT write_op");
  if (!s) SB_LOG_WARN("store savepoint end failed: {}", s.error().message);
}

} // namespace sb::store::postgres
