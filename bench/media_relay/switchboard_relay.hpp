#pragma once
// Relay A: Switchboard's media engine in the bench process, set up as the server sets it up
// for a bridged call: two legs per call, each configured with its peer's PCMU stream, then
// bridged. Its CPU is the engine's own threads (found as the threads the engine started).
#include "relay.hpp"

#include "media/engine.hpp"

#include <memory>
#include <sys/types.h>

namespace sb::bench::media_relay {

class SwitchboardRelay final : public Relay {
public:
  SwitchboardRelay(unsigned threads, std::uint16_t firstPort, std::uint16_t lastPort);
  ~SwitchboardRelay() override;

  std::string name() const override;
  std::vector<CallRoute> connect(const std::vector<CallSides>& calls) override;
  void disconnect() override;
  std::uint64_t cpuNanos() const override;

private:
  // Events are not what the bench measures: they are dropped.
  class IgnoredEvents final : public media::EngineEvents {
    void onDigit(media::LegId, char, media::DigitSource) override {}
    void onMediaTimeout(media::LegId) override {}
    void onPlayFinished(media::LegId, std::uint64_t) override {}
    void onLegRecordingFinished(media::LegId, const media::LegRecordingResult&) override {}
  };

  unsigned threads_;
  IgnoredEvents events_;
  std::unique_ptr<media::Engine> engine_;
  std::vector<pid_t> engineThreads_;
  std::vector<media::LegId> legs_;
  std::uint64_t portsFree_ = 0; // with no call up
  std::uint64_t callSerial_ = 0;
};

} // namespace sb::bench::media_relay
