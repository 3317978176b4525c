#pragma once
// The media engine: every call's audio goes through it. Each leg of a call is one
// RTP/RTCP port pair of ours, facing one peer (the caller's trunk or phone, an agent's
// device). The signalling side opens legs, tells the engine what each leg's offer/answer
// settled (sdp::AudioStream), and joins two legs into a bridge, plays audio into a leg,
// records. Media runs on the engine's own threads: nothing here blocks, and packets never
// cross into the signalling loop; what the signalling side needs to hear (key presses, a
// leg gone silent, a prompt finished, a recording done) comes back through EngineEvents.
//
// Every method of Engine is thread-safe and returns at once; commands for a leg run on the
// leg's media thread in the order they were given. Legs opened with the same call id share
// a media thread, so a bridge never crosses threads.
#include "common/clock.hpp"
#include "common/result.hpp"
#include "sdp/audio_stream.hpp"
#include "sdp/webrtc_attributes.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::media {

using LegId = std::uint64_t;

struct EngineConfig {
  std::string bindAddress = "0.0.0.0"; // where the RTP sockets listen
  std::string advertisedAddress;        // the address written into SDP (c=)
  std::uint16_t firstPort = 20000;      // RTP on even ports of [firstPort, lastPort], RTCP on the odd one above
  std::uint16_t lastPort = 20999;
  unsigned threads = 1;
  // A leg that should be receiving (configured, not on hold, the peer sends) and has had no
  // RTP for this long is reported once through onMediaTimeout; the clock starts again at
  // configure() and bridge(). Zero turns it off.
  common::Duration mediaTimeout{60'000};
  // A WebRTC leg whose peer has passed no ICE check for this long has lost consent (RFC
  // 7675) and is reported through onMediaTimeout.
  common::Duration consentTimeout{30'000};
};

// 8 kHz, 16-bit linear, mono: what prompts and tones are played from.
using Pcm = std::vector<std::int16_t>;
using SharedPcm = std::shared_ptr<const Pcm>;

enum class DigitSource { Rfc4733, InBand };

enum class RecordingEnd { Hangup, Pound, MaxLength, Closed, Failed };

struct LegRecordingResult {
  std::filesystem::path path;
  common::Duration length{0}; // of audio written
  RecordingEnd end = RecordingEnd::Closed;
  std::string error;          // when Failed
};

// What the engine reports. Called on a media thread: implementations post the work to their
// own loop and return at once.
class EngineEvents {
public:
  virtual ~EngineEvents() = default;
  // A key pressed on the leg's phone, once per press ('0'-'9', '*', '#', 'A'-'D').
  virtual void onDigit(LegId leg, char digit, DigitSource source) = 0;
  // The leg should be receiving RTP and has had none for EngineConfig::mediaTimeout; or a
  // WebRTC leg's peer lost ICE consent or failed DTLS.
  virtual void onMediaTimeout(LegId leg) = 0;
  // A play() that was not looping reached its end (not called when stopped or replaced).
  virtual void onPlayFinished(LegId leg, std::uint64_t playId) = 0;
  // A recordLeg() ended: '#', the maximum length, stopRecordingLeg() or closeLeg().
  virtual void onLegRecordingFinished(LegId leg, const LegRecordingResult& result) = 0;
};

// Plain RTP/AVP on a port pair, or WebRTC (ICE-lite, DTLS-SRTP, rtcp-mux) on one port.
enum class LegKind { Rtp, WebRtc };

struct LegAddress {
  LegId id = 0;
  std::string address; // EngineConfig::advertisedAddress
  std::uint16_t rtpPort = 0;
  // A WebRTC leg's ICE credentials (random per leg) and the engine's certificate
  // fingerprint, for its SDP; setup is actpass.
  std::optional<sdp::WebRtcParameters> webrtc;
};

struct EngineStats {
  std::uint64_t legsOpen = 0;
  std::uint64_t packetsReceived = 0;
  std::uint64_t packetsSent = 0;
  std::uint64_t packetsIgnored = 0; // from a source other than the latched one, or not RTP
  std::uint64_t webrtcFailures = 0; // WebRTC legs whose DTLS failed (a fingerprint mismatch, say)
  std::uint64_t portsFree = 0;
};

class Engine {
public:
  Engine(EngineConfig config, EngineEvents& events);
  ~Engine(); // stops the threads and closes every leg
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Binds a free even/odd port pair. An error when no port pair is free, or for a WebRTC
  // leg when the engine has no DTLS certificate.
  common::Result<LegAddress> openLeg(std::string_view callId, LegKind kind = LegKind::Rtp);
  // What the leg's offer/answer settled; called again after every renegotiation (re-INVITE,
  // hold). Until the first call the leg drops what it receives and sends nothing. Latching:
  // the first RTP packet after this from any source becomes the leg's peer (symmetric RTP,
  // so a peer behind NAT is reached where it really is); RTP from any other source is ignored
  // until the next configure().
  void configure(LegId leg, const sdp::AudioStream& stream);
  // Audio and RFC 4733 events flow between the two legs both ways, converted where the legs
  // chose different codecs or packet times. A leg is in at most one bridge.
  void bridge(LegId a, LegId b);
  void unbridge(LegId leg);
  // `kept` is bridged to `next` instead of its partner (a transfer, R-17): the old partner
  // is left on its own, and a call recording of `kept` goes on in the same file with
  // `next` on the old partner's side. Without a partner it is a bridge().
  void handOver(LegId kept, LegId next);
  // What the leg hears is `audio` (from its start; again and again when `loop`) instead of
  // its bridge partner, until it ends, stopPlaying() or another play(). The stream the leg
  // receives stays one RTP stream across such switches (rtp::RtpRewriter).
  void play(LegId leg, SharedPcm audio, bool loop, std::uint64_t playId);
  void stopPlaying(LegId leg);
  // Records the bridge of `caller` and `agent` as a stereo WAV (caller left, agent right,
  // aligned in time), written as it goes so that a crash loses at most the last second.
  // Ends with unbridge() or closeLeg() of either leg.
  void recordCall(LegId caller, LegId agent, std::filesystem::path wav);
  // Records what the leg's peer sends as a mono WAV (voicemail), until '#' when
  // `stopOnPound`, `maxLength`, stopRecordingLeg() or closeLeg(); then onLegRecordingFinished.
  void recordLeg(LegId leg, std::filesystem::path wav, common::Duration maxLength, bool stopOnPound);
  void stopRecordingLeg(LegId leg);
  // Closes the sockets and frees the ports; ends what the leg was part of.
  void closeLeg(LegId leg);

  EngineStats stats() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace sb::media
