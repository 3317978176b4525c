#include "sdp/answer.hpp"

#include "sdp/audio_section.hpp"
#include "sdp/codec.hpp"
#include "sdp/text.hpp"

namespace sb::sdp {
namespace {

// What we pick from one offered audio stream.
struct Choice {
  RtpMap codec;
  std::optional<RtpMap> telephoneEvent;
  EventSet events;
};

bool isPlainRtp(const Media& media) {
  return text::iequals(media.proto, "RTP/AVP") || text::iequals(media.proto, "RTP/AVPF");
}

bool wantsTelephoneEvent(const Capabilities& ours, std::uint32_t clockRate) {
  for (const Codec& codec : ours.codecs) {
    if (codec.isTelephoneEvent() && codec.clockRate == clockRate) return true;
  }
  return false;
}

void addTelephoneEvent(const Media& offered, const Capabilities& ours, Choice& choice) {
  if (!wantsTelephoneEvent(ours, choice.codec.clockRate)) return;
  Codec wanted = Codec::telephoneEvent();
  wanted.clockRate = choice.codec.clockRate;
  auto format = findFormat(offered, wanted);
  if (!format) return;
  // Without an fmtp a telephone-event carries the DTMF events (RFC 4733 7.1.1).
  const auto parameters = fmtpParameters(offered, std::to_string(format->payloadType));
  const auto theirs = parameters ? EventSet::parse(*parameters) : EventSet::dtmf();
  if (!theirs) return;
  const EventSet both = theirs->intersect(ours.events);
  if (both.empty()) return;
  choice.telephoneEvent = std::move(*format);
  choice.events = both;
}

// A WebRTC leg takes only WebRTC (with its ICE and DTLS parameters and RTCP multiplexed),
// any other leg only plain RTP.
bool suitsLeg(const Session& offer, const Media& offered, const LocalMedia& local) {
  if (!local.webrtc) return isPlainRtp(offered);
  return isDtlsSrtp(offered) && rtcpMux(offered) && readWebRtcParameters(offer, offered).ok();
}

std::optional<Choice> choose(const Session& offer, const Media& offered, const Capabilities& ours,
                             const LocalMedia& local) {
  if (!offered.isAudio() || offered.isRejected() || !suitsLeg(offer, offered, local)) return std::nullopt;
  if (offer.connectionFor(offered) == nullptr) return std::nullopt;
  for (const Codec& codec : ours.codecs) {
    if (codec.isTelephoneEvent()) continue;
    if (auto format = findFormat(offered, codec)) {
      Choice choice{std::move(*format), std::nullopt, {}};
      addTelephoneEvent(offered, ours, choice);
      return choice;
    }
  }
  return std::nullopt;
}

Media rejected(const Media& offered) {
  // RFC 3264 6: same media type, port 0, the formats are ignored but must be there.
  Media media;
  media.media = offered.media;
  media.port = 0;
  media.proto = offered.proto;
  media.formats = offered.formats;
  return media;
}

Media accepted(const Media& offered, const Choice& choice, const LocalMedia& local,
               Direction direction, bool rtcpMuxed) {
  AudioSection section;
  section.proto = offered.proto;
  section.port = local.port;
  section.codecs = {choice.codec};
  section.telephoneEvent = choice.telephoneEvent;
  section.events = choice.events;
  section.packetTime = packetTime(offered);
  section.direction = direction;
  section.rtcpMux = rtcpMuxed;
  return writeAudioSection(section);
}

// Our ICE and DTLS attributes on the accepted section, the role we take from theirs, and
// their parameters (with the role that leaves them) for the engine.
void answerWebRtc(Session& answer, const Session& offer, const Media& offered, const WebRtcParameters& ours,
                  const LocalMedia& local, Media& media, AudioStream& stream) {
  auto theirs = readWebRtcParameters(offer, offered); // checked in suitsLeg
  WebRtcParameters written = ours;
  written.setup = answerSetup(theirs->setup, ours.setup);
  const Attribute* mid = findAttribute(offered.attributes, "mid");
  addWebRtcAttributes(media, written, local.address, local.port, mid && mid->value ? *mid->value : "0");
  markIceLite(answer);
  theirs->setup = opposite(written.setup);
  stream.webrtc = std::move(*theirs);
}

} // namespace

Answer answerOffer(const Session& offer, const Capabilities& ours, const LocalMedia& local) {
  Answer answer{localSession(local), std::nullopt};
  // RFC 3264 6: the answer's t= equals the offer's (t=0 0 stays when the offer had none).
  if (!offer.timings.empty()) answer.session.timings = offer.timings;
  for (std::size_t index = 0; index < offer.media.size(); ++index) {
    const Media& offered = offer.media[index];
    auto choice = answer.audio ? std::nullopt : choose(offer, offered, ours, local);
    if (!choice) {
      answer.session.media.push_back(rejected(offered));
      // A browser matches answer sections to its own by a=mid (RFC 8843, RFC 8829 5.3.1).
      const Attribute* mid = findAttribute(offered.attributes, "mid");
      if (local.webrtc && mid) answer.session.media.back().attributes.push_back(*mid);
      continue;
    }
    const bool rtcpMuxed = (ours.rtcpMux || local.webrtc) && rtcpMux(offered);
    // RFC 3264 6.1: what they send we receive, narrowed by what we are willing to do.
    const Direction direction =
        intersect(reversed(effectiveDirection(offer, offered)), ours.direction);
    Media media = accepted(offered, *choice, local, direction, rtcpMuxed);
    AudioStream stream = describePeer(offer, index, rtcpMuxed, direction);
    stream.codec = choice->codec;
    stream.telephoneEvent = choice->telephoneEvent;
    stream.events = choice->events;
    if (local.webrtc) {
      answerWebRtc(answer.session, offer, offered, *local.webrtc, local, media, stream);
      describeIcePeer(stream, offer, direction);
    }
    answer.session.media.push_back(std::move(media));
    answer.audio = std::move(stream);
  }
  return answer;
}

} // namespace sb::sdp
