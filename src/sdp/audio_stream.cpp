#include "sdp/audio_stream.hpp"

#include "sdp/hold.hpp"

#include <cassert>

namespace sb::sdp {

AudioStream describePeer(const Session& peer, std::size_t mediaIndex, bool rtcpMux,
                         Direction ours) {
  assert(mediaIndex < peer.media.size());
  const Media& media = peer.media[mediaIndex];
  AudioStream stream;
  stream.mediaIndex = mediaIndex;
  stream.packetTime = packetTime(media);
  stream.rtcpMux = rtcpMux;
  stream.onHold = isOnHold(peer, media);
  const Connection* connection = peer.connectionFor(media);
  const bool unspecified = connection == nullptr || connection->isUnspecified();
  stream.direction = unspecified ? intersect(ours, Direction::RecvOnly) : ours;
  if (connection) stream.remoteAddress = std::string(connection->host());
  stream.remoteRtpPort = media.port;
  stream.remoteRtcpAddress = stream.remoteAddress;
  // RTCP goes to the next port up (RFC 3550 11); at 65535 there is none, left as 0.
  stream.remoteRtcpPort = media.port == 65535 ? 0 : static_cast<std::uint16_t>(media.port + 1);
  if (rtcpMux) {
    stream.remoteRtcpPort = media.port;
  } else if (auto explicitRtcp = rtcp(media)) {
    stream.remoteRtcpPort = explicitRtcp->port;
    if (explicitRtcp->connection) {
      stream.remoteRtcpAddress = std::string(explicitRtcp->connection->host());
    }
  }
  return stream;
}

void describeIcePeer(AudioStream& stream, const Session& peer, Direction ours) {
  assert(stream.mediaIndex < peer.media.size());
  const Direction theirs = effectiveDirection(peer, peer.media[stream.mediaIndex]);
  stream.direction = ours;
  stream.onHold = theirs == Direction::SendOnly || theirs == Direction::Inactive;
}

} // namespace sb::sdp
