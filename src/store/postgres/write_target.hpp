#pragma once
// The writer's transaction control on a PostgreSQL connection: one transaction per batch,
// one savepoint per operation.
#include "store/postgres/connection.hpp"
#include "store/writer.hpp"

namespace sb::store::postgres {

class PostgresWriteTarget final : public WriteTarget {
public:
  // Does not own `conn`; the connection is used only from the writer thread.
  explicit PostgresWriteTarget(Connection& conn) : conn_(conn) {}

  WriteOutcome beginBatch() override;
  WriteOutcome commitBatch() override;
  void abortBatch() override;
  WriteOutcome beginOp() override;
  void endOp(bool keep) override;

private:
  Connection& conn_;
};

} // namespace sb::store::postgres
