#pragma once
// One leg of a call on its media thread, facing one peer through a PacketTransport (plain
// RTP on a UDP port pair today; WebRTC's stack later). It decodes what arrives for digits
// and recordings, hands it to its bridge partner, and sends the partner's audio or a prompt
// as one continuous stream.
// Everything here runs on the leg's media thread. Asynchronous handlers hold a weak_ptr,
// so a leg closed while a receive or timer is pending is simply gone when it completes.
#include "audio/dtmf_detector.hpp"
#include "common/clock.hpp"
#include "media/codec.hpp"
#include "media/counters.hpp"
#include "media/engine.hpp"
#include "media/frame_relay.hpp"
#include "media/leg_recording.hpp"
#include "media/transport.hpp"
#include "rtp/receive_stats.hpp"
#include "rtp/rtp_packet.hpp"
#include "rtp/rtp_rewriter.hpp"
#include "rtp/telephone_event_receiver.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <random>

namespace sb::media {

class CallRecording;

// Where a leg's owner plugs in: engine events, counters.
struct LegContext {
  EngineEvents& events;
  Counters& counters;
};

class Leg final : public std::enable_shared_from_this<Leg>,
                  private PacketTransport::Receiver,
                  private rtp::TelephoneEventReceiver::Listener {
public:
  Leg(LegId id, std::shared_ptr<PacketTransport> transport, boost::asio::any_io_executor executor,
      LegContext context);
  ~Leg() override;
  Leg(const Leg&) = delete;
  Leg& operator=(const Leg&) = delete;

  LegId id() const { return id_; }
  const LegFormat& format() const { return format_; }

  void start(); // begins receiving
  void configure(const sdp::AudioStream& stream);
  // Bridging: `partner` (the other leg of the bridge, same thread) or nullptr. The thread
  // sets and clears both sides together, so the pointer never dangles.
  void setPartner(Leg* partner);
  Leg* partner() const { return partner_; }
  // The recording this leg's peer audio feeds, or nullptr; cleared by the thread before the
  // recording goes.
  void setCallRecording(CallRecording* recording) { callRecording_ = recording; }
  CallRecording* callRecording() const { return callRecording_; }

  // From the bridge partner: what its peer sent, to go out to this leg's peer.
  void relayAudioFrom(const LegFormat& from, const rtp::RtpPacket& packet, common::TimePoint now);
  void relayEventFrom(const rtp::RtpPacket& packet, common::TimePoint now);

  void play(SharedPcm audio, bool loop, std::uint64_t playId);
  void stopPlaying();
  void recordPeer(std::filesystem::path wav, common::Duration maxLength, bool stopOnPound);
  void stopRecordingPeer(RecordingEnd end);

  // The thread's periodic check: recordings, media timeout, RTCP reports.
  void tick(common::TimePoint now, common::Duration mediaTimeout);
  // Stops everything, closes the sockets, frees the ports. Idempotent.
  void close();

private:
  struct Playback {
    SharedPcm audio;
    bool loop = false;
    std::uint64_t playId = 0;
    std::size_t position = 0; // next sample of `audio`
    std::uint64_t frames = 0; // sent so far
    bool lastSent = false;    // the final frame is out; finish one packet time later
    std::uint32_t ssrc = 0;
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
    std::chrono::steady_clock::time_point start;
  };

  // PacketTransport::Receiver
  void onRtpFromPeer(std::span<const std::uint8_t> datagram) override;
  void onRtcpFromPeer(std::span<const std::uint8_t> datagram) override;
  void onIgnored() override;
  void onPeerGone() override;

  void onRtp(const rtp::RtpPacket& packet, common::TimePoint now);
  void onPeerAudio(const rtp::RtpPacket& packet, common::TimePoint now);
  void onRtcp(std::span<const std::uint8_t> datagram);
  void detectInBand(const rtp::RtpPacket& packet);
  void onKeyPress(char key, std::uint32_t timestamp) override;
  void reportDigit(char key, DigitSource source);

  bool canSend() const;
  void sendFrame(const RelayedFrame& frame, common::TimePoint now);

  void playNextFrame();
  void schedulePlayback();
  void endPlayback();

  void sendRtcpReport(common::TimePoint now);

  LegId id_;
  LegContext context_;
  std::shared_ptr<PacketTransport> transport_;
  bool closed_ = false;

  std::array<std::uint8_t, 2048> sendBuffer_{};

  // What the last configure() settled.
  bool configured_ = false;
  sdp::AudioStream stream_;
  LegFormat format_;
  common::TimePoint lastRtp_{};
  bool timeoutReported_ = false;

  // Receiving.
  rtp::TelephoneEventReceiver telephoneEvents_;
  audio::DtmfDetector inBand_;
  std::optional<std::uint16_t> lastAudioSequence_; // for the in-band detector's loss skips
  std::uint32_t lastAudioSsrc_ = 0;
  std::vector<std::int16_t> decoded_;
  std::optional<rtp::ReceiveStats> receiveStats_;
  std::uint32_t peerSsrc_ = 0;
  std::uint64_t rtcpReceived_ = 0;

  // Sending: one stream whatever its source.
  std::mt19937 random_;
  std::uint32_t ssrc_; // of the stream this leg sends
  rtp::RtpRewriter rewriter_;
  FrameRelay relay_;
  std::uint32_t packetsSent_ = 0;
  std::uint32_t octetsSent_ = 0;
  std::uint32_t lastTimestampSent_ = 0;
  common::TimePoint lastReport_{};

  Leg* partner_ = nullptr;                 // the bridge partner, see setPartner()
  CallRecording* callRecording_ = nullptr; // owned by the media thread, see setCallRecording()
  std::unique_ptr<LegRecording> peerRecording_;

  std::optional<Playback> playback_;
  std::uint64_t playGeneration_ = 0; // a timer armed for an older play does nothing
  boost::asio::steady_timer playTimer_;
};

common::TimePoint steadyNow();

} // namespace sb::media
