// libFuzzer target for the SDP parser: whatever the bytes, parsing must not crash; what
// parses must print to something that parses back to the same session and the same bytes;
// and everything built from it (our answer, the anchor rewrite) must print and parse back
// the same way.
#include "sdp/anchor.hpp"
#include "sdp/answer.hpp"
#include "sdp/hold.hpp"
#include "sdp/offer.hpp"
#include "sdp/parser.hpp"
#include "sdp/rtp_attributes.hpp"
#include "sdp/serializer.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace sb::sdp;

void checkRoundTrip(const Session& session) {
  const std::string wire = serialize(session);
  auto again = parse(wire);
  if (!again.ok()) std::abort();
  if (!(*again == session)) std::abort();
  if (serialize(*again) != wire) std::abort();
}

void exerciseViews(const Session& session) {
  (void)isOnHold(session);
  for (const Media& media : session.media) {
    (void)rtpMaps(media);
    (void)packetTime(media);
    (void)maxPacketTime(media);
    (void)rtcp(media);
    (void)effectiveDirection(session, media);
    for (const std::string& format : media.formats)
      (void)fmtpParameters(media, format);
  }
}

void exerciseOfferAnswer(const Session& session) {
  LocalMedia local;
  local.origin.sessionId = "1";
  local.address = "198.51.100.1";
  local.port = 40000;
  const Answer answer = answerOffer(session, Capabilities{}, local);
  checkRoundTrip(answer.session);
  if (answer.audio && answer.session.media.size() != session.media.size()) std::abort();
  // The input read as an answer to our offer.
  (void)readAnswer(buildOffer(Capabilities{}, local), session);
  checkRoundTrip(withMediaAddress(session, "2001:db8::1", 40000));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto session = parse(bytes);
  if (!session.ok()) return 0;
  checkRoundTrip(*session);
  exerciseViews(*session);
  exerciseOfferAnswer(*session);
  return 0;
}
