#include "store/sqlite/write_target.hpp"

#include "common/log.hpp"

namespace sb::store::sqlite {

WriteOutcome SqliteWriteTarget::toOutcome(const Status& s) {
  if (s) return Committed{};
  return s.error();
}

// IMMEDIATE takes the write lock at BEGIN, so a busy database is waited for (busy
// timeout) before any operation runs rather than failing halfway through the batch.
WriteOutcome SqliteWriteTarget::beginBatch() {
  return toOutcome(conn_.exec("BEGIN IMMEDIATE"));
}

WriteOutcome SqliteWriteTarget::commitBatch() {
  return toOutcome(conn_.exec("COMMIT"));
}

void SqliteWriteTarget::abortBatch() {
  Status s = conn_.exec("ROLLBACK");
  if (!s) SB_LOG_WARN("store rollback failed: {}", s.error().message);
}

WriteOutcome SqliteWriteTarget::beginOp() {
  return toOutcome(conn_.exec("SAVEPOINT write_op"));
}

void SqliteWriteTarget::endOp(bool keep) {
  Status s =
      keep ? conn_.exec("RELEASE write_op") : conn_.exec("ROLLBACK TO write_op; RELEASE write_op");
  if (!s) SB_LOG_WARN("store savepoint end failed: {}", s.error().message);
}

} // namespace sb::store::sqlite
