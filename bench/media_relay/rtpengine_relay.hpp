#pragma once
// Relay B: rtpengine (Debian rtpengine-daemon) in userspace (--table=-1), started as a child
// process for the bench's run and stopped by its PID when the relay goes, also on error. Calls
// are set up over its ng control protocol (bencoded dictionaries over UDP): "offer" with the
// caller's SDP, "answer" with the agent's, and the relay ports read from the SDPs it returns.
// Its CPU is the whole rtpengine process.
#include "relay.hpp"

#include "bencode.hpp"

#include <string>
#include <sys/types.h>

namespace sb::bench::media_relay {

struct RtpengineOptions {
  std::string binary = "rtpengine";
  std::uint16_t firstPort = 20000;
  std::uint16_t lastPort = 32000;
  unsigned threads = 0; // --num-threads; 0 leaves rtpengine's default
  std::string logFile;  // its stderr
};

class RtpengineRelay final : public Relay {
public:
  explicit RtpengineRelay(RtpengineOptions options); // starts it and waits for "pong"
  ~RtpengineRelay() override;                        // stops it (SIGTERM, then SIGKILL)
  RtpengineRelay(const RtpengineRelay&) = delete;
  RtpengineRelay& operator=(const RtpengineRelay&) = delete;

  std::string name() const override { return "rtpengine (userspace)"; }
  std::vector<CallRoute> connect(const std::vector<CallSides>& calls) override;
  void disconnect() override;
  std::uint64_t cpuNanos() const override;
  pid_t pid() const { return pid_; }

private:
  void start();
  void stop();
  // One request and its reply; throws when there is none within the timeout or it fails.
  Bencode request(Bencode message);
  std::uint16_t offerOrAnswer(const std::string& command, const std::string& callId,
                              std::uint16_t sidePort);

  RtpengineOptions options_;
  pid_t pid_ = -1;
  int control_ = -1; // our UDP socket to its ng port
  std::uint16_t ngPort_ = 0;
  std::uint64_t cookie_ = 0;
  std::vector<std::string> callIds_;
  std::uint64_t callSerial_ = 0;
};

} // namespace sb::bench::media_relay
