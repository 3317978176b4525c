#pragma once
// What the bench measures through: a relay that takes N calls, each a caller side and an
// agent side on loopback ports, and tells each side where to send. Implementations:
// Switchboard's media engine, rtpengine, and the direct path (no relay) for the baseline.
#include <cstdint>
#include <string>
#include <vector>

namespace sb::bench::media_relay {

struct CallSides {
  std::uint16_t callerPort = 0; // where the caller side receives, on 127.0.0.1
  std::uint16_t agentPort = 0;
};

struct CallRoute {
  std::uint16_t callerSendsTo = 0; // a port on 127.0.0.1
  std::uint16_t agentSendsTo = 0;
};

class Relay {
public:
  virtual ~Relay() = default;
  virtual std::string name() const = 0;
  // Sets up every call; throws std::runtime_error when the relay refuses one.
  virtual std::vector<CallRoute> connect(const std::vector<CallSides>& calls) = 0;
  // Ends the calls connect() set up and waits until their ports are free again.
  virtual void disconnect() = 0;
  // CPU time the relay has used so far (its threads or its process).
  virtual std::uint64_t cpuNanos() const = 0;
};

// The baseline: each side sends straight to the other, so the delay and loss measured are
// the load generator's and the loopback's own.
class DirectPath final : public Relay {
public:
  std::string name() const override { return "loopback (no relay)"; }
  std::vector<CallRoute> connect(const std::vector<CallSides>& calls) override {
    std::vector<CallRoute> routes;
    routes.reserve(calls.size());
    for (const CallSides& call : calls) routes.push_back({call.agentPort, call.callerPort});
    return routes;
  }
  void disconnect() override {}
  std::uint64_t cpuNanos() const override { return 0; }
};

} // namespace sb::bench::media_relay
