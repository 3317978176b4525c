#pragma once
// The writer's transaction control on a SQLite connection: one IMMEDIATE transaction per
// batch, one savepoint per operation.
#include "store/sqlite/connection.hpp"
#include "store/writer.hpp"

namespace sb::store::sqlite {

class SqliteWriteTarget final : public WriteTarget {
public:
  // Does not own `conn`; the connection is used only from the writer thread.
  explicit SqliteWriteTarget(Connection& conn) : conn_(conn) {}

  WriteOutcome beginBatch() override;
  WriteOutcome commitBatch() override;
  void abortBatch() override;
  WriteOutcome beginOp() override;
  void endOp(bool keep) override;

private:
  WriteOutcome toOutcome(const Status& s);
  Connection& conn_;
};

} // namespace sb::store::sqlite
