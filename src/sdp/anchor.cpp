#include "sdp/anchor.hpp"

#include "sdp/rtp_attributes.hpp"

#include <algorithm>
#include <cassert>

namespace sb::sdp {
namespace {

void rewriteRtcp(Media& audio, std::string_view ip, std::uint16_t port) {
  auto attribute = std::find_if(audio.attributes.begin(), audio.attributes.end(),
                                [](const Attribute& a) { return a.name == "rtcp"; });
  if (attribute == audio.attributes.end()) return;
  auto old = attribute->value ? parseRtcp(*attribute->value) : std::nullopt;
  Rtcp ours;
  ours.port = rtcpMux(audio) ? port : static_cast<std::uint16_t>(port + 1);
  if (old && old->connection) ours.connection = Connection::forAddress(ip);
  attribute->value = ours.str();
}

} // namespace

Session withMediaAddress(const Session& session, std::string_view ip, std::uint16_t port) {
  assert(port < 65535);
  Session rewritten = session;
  auto audio = std::find_if(rewritten.media.begin(), rewritten.media.end(),
                            [](const Media& m) { return m.isAudio() && !m.isRejected(); });
  for (auto media = rewritten.media.begin(); media != rewritten.media.end(); ++media) {
    if (media != audio && !media->isRejected() && !media->connection) {
      media->connection = session.connection;
    }
  }
  rewritten.connection = Connection::forAddress(ip);
  if (audio != rewritten.media.end()) {
    audio->port = port;
    if (audio->connection) audio->connection = Connection::forAddress(ip);
    rewriteRtcp(*audio, ip, port);
  }
  if (!sameContent(session, rewritten)) ++rewritten.origin.sessionVersion;
  return rewritten;
}

bool sameContent(const Session& a, const Session& b) {
  Session aligned = b;
  aligned.origin = a.origin;
  return aligned == a;
}

Session asUpdateOf(const Session& previous, Session next) {
  const bool changed = !sameContent(previous, next);
  next.origin = previous.origin;
  if (changed) ++next.origin.sessionVersion;
  return next;
}

} // namespace sb::sdp
