#pragma once
// The running server: owns every module, wires them together on one signalling loop,
// and handles start-up (migrations, crash recovery, demo data) and clean shutdown.
#include "server/config.hpp"

#include <memory>

namespace sb::server {

class Server {
public:
  explicit Server(Config config);
  ~Server();
  // Starts everything and runs until SIGTERM/SIGINT and the end of the grace period.
  // Returns the process exit code; start-up errors are printed and give 1.
  int run();

private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace sb::server
