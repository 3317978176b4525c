#pragma once
// What a leg sends and receives its packets through: clear RTP and RTCP, to and from one
// peer. Transports stack as layers, each with a send side towards the network and an
// incoming side towards the leg (as in libdatachannel: ICE -> DTLS -> SRTP). The plain RTP
// transport is a UDP port pair with symmetric RTP and latching (udp_transport.hpp); a
// WebRTC transport (ICE-lite, DTLS-SRTP, rtcp-mux over one socket) is another stack ending
// in this same interface, so a leg neither knows nor cares which one it has.
// Everything here runs on the leg's media thread.
#include "sdp/audio_stream.hpp"

#include <cstdint>
#include <span>

namespace sb::media {

class PacketTransport {
public:
  // Where a transport hands what arrived from the peer, on the leg's thread.
  class Receiver {
  public:
    virtual ~Receiver() = default;
    virtual void onRtpFromPeer(std::span<const std::uint8_t> packet) = 0;
    virtual void onRtcpFromPeer(std::span<const std::uint8_t> packet) = 0;
    // Something arrived that is not the peer's (another source, not RTP): dropped.
    virtual void onIgnored() = 0;
    // The transport knows the peer is gone (WebRTC: ICE consent lapsed, DTLS failed).
    virtual void onPeerGone() = 0;
  };

  virtual ~PacketTransport() = default;
  // Begins receiving into `receiver`, which must stay valid until close().
  virtual void start(Receiver& receiver) = 0;
  // The peer as the leg's latest offer/answer describes it. Until the first call nothing
  // is handed on; each call forgets where the peer was found before.
  virtual void setPeer(const sdp::AudioStream& stream) = 0;
  // Whether there is somewhere usable to send to.
  virtual bool canSend() const = 0;
  // False when the packet could not be sent.
  virtual bool sendRtp(std::span<const std::uint8_t> packet) = 0;
  virtual bool sendRtcp(std::span<const std::uint8_t> packet) = 0;
  // Stops receiving and closes what the transport holds. Idempotent.
  virtual void close() = 0;
};

} // namespace sb::media
