#pragma once
// What the media tests talk to the engine through: a UDP socket on 127.0.0.1 standing for a
// phone or trunk, sending RTP built with rtp::RtpPacket and receiving with a bounded wait;
// and the engine's events, recorded and waited for with a bound.
#include "media/engine.hpp"
#include "rtp/demux.hpp"
#include "rtp/rtp_packet.hpp"
#include "sdp/audio_stream.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sb::media::test {

using namespace std::chrono_literals;

struct ReceivedRtp {
  bool marker = false;
  std::uint8_t payloadType = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::vector<std::uint8_t> payload;
};

class Peer {
public:
  Peer();
  ~Peer();
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  std::uint16_t port() const { return port_; }
  void sendRaw(std::uint16_t toPort, std::span<const std::uint8_t> bytes);
  void sendRtp(std::uint16_t toPort, std::uint8_t payloadType, std::uint16_t sequence,
               std::uint32_t timestamp, std::uint32_t ssrc, std::span<const std::uint8_t> payload,
               bool marker = false);
  // The next RTP packet that arrives within `timeout` (RTCP is skipped).
  std::optional<ReceivedRtp> receive(std::chrono::milliseconds timeout = 3000ms);
  // The next RTCP datagram within `timeout` (RTP is skipped).
  std::optional<std::vector<std::uint8_t>> receiveRtcp(std::chrono::milliseconds timeout = 3000ms);

private:
  std::optional<std::vector<std::uint8_t>> receiveKind(rtp::PacketKind kind,
                                                       std::chrono::milliseconds timeout);
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// A stream as the offer/answer would settle it for a peer at 127.0.0.1:`peerPort`.
sdp::AudioStream streamTo(std::uint16_t peerPort, const std::string& codec = "PCMU",
                          std::optional<int> telephoneEvent = 101, std::uint32_t ptime = 20);

// A port range of its own per test process, so parallel test runs rarely meet.
EngineConfig testConfig(std::uint16_t pairs = 8);

struct Digit {
  LegId leg;
  char key;
  DigitSource source;
};

class RecordedEvents final : public EngineEvents {
public:
  void onDigit(LegId leg, char digit, DigitSource source) override;
  void onMediaTimeout(LegId leg) override;
  void onPlayFinished(LegId leg, std::uint64_t playId) override;
  void onLegRecordingFinished(LegId leg, const LegRecordingResult& result) override;

  // Waits until `done` holds (checked on every event), at most `bound`.
  bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds bound = 5000ms);

  // Read under the lock through waitFor's predicate, or after the engine has stopped.
  std::vector<Digit> digits;
  std::vector<LegId> timeouts;
  std::vector<std::pair<LegId, std::uint64_t>> playsFinished;
  std::vector<std::pair<LegId, LegRecordingResult>> recordings;

private:
  void changed();
  std::mutex mutex_;
  std::condition_variable cv_;
};

// Polls `condition` (file contents, engine stats: things that send no event) until it holds,
// at most `bound`. The wait between checks is a bounded condition-variable wait.
bool pollUntil(const std::function<bool()>& condition, std::chrono::milliseconds bound = 5000ms);

std::vector<std::uint8_t> ulaw(std::span<const std::int16_t> pcm);
std::vector<std::int16_t> sine(double frequency, std::size_t samples, double amplitude = 8000);

} // namespace sb::media::test
