#pragma once
// Transactions on the shared connection: begun, then committed only when everything in
// them succeeded, and rolled back otherwise, even when a caller's callback throws.
#include <functional>
#include <string_view>

#include "store/postgres/connection.hpp"

namespace sb::store::postgres {

// Rolls back the connection's open transaction when it goes out of scope before
// committed() was called.
class RollbackGuard {
public:
  explicit RollbackGuard(Connection& conn) : conn_(conn) {}
  ~RollbackGuard();
  RollbackGuard(const RollbackGuard&) = delete;
  RollbackGuard& operator=(const RollbackGuard&) = delete;
  void committed() { open_ = false; }

private:
  Connection& conn_;
  bool open_ = true;
};

// COMMIT, reporting a transaction the server rolled back instead as an error.
Status commit(Connection& conn);

// Runs `body` inside a transaction started with `begin` ("BEGIN", "BEGIN READ ONLY"):
// committed when it succeeds, rolled back when it fails.
Status runInTransaction(Connection& conn, std::string_view begin,
                        const std::function<Status(Connection&)>& body);

} // namespace sb::store::postgres
