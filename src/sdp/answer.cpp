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

std::optional<Choice> choose(const Session& offer, const Media& offered, const Capabilities& ours) {
  if (!offered.isAudio() || offered.isRejected() || !isPlainRtp(offered)) return std::nullopt;
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

} // namespace

Answer answerOffer(const Session& offer, const Capabilities& ours, const LocalMedia& local) {
  Answer answer{localSession(local), std::nullopt};
  // RFC 3264 6: the answer's t= equals the offer's (t=0 0 stays when the offer had none).
  if (!offer.timings.empty()) answer.session.timings = offer.timings;
  for (std::size_t index = 0; index < offer.media.size(); ++index) {
    const Media& offered = offer.media[index];
    auto choice = answer.audio ? std::nullopt : choose(offer, offered, ours);
    if (!choice) {
      answer.session.media.push_back(rejected(offered));
      continue;
    }
    const bool rtcpMuxed = ours.rtcpMux && rtcpMux(offered);
    // RFC 3264 6.1: what they send we receive, narrowed by what we are willing to do.
    const Direction direction =
        intersect(reversed(effectiveDirection(offer, offered)), ours.direction);
    Media media = accepted(offered, *choice, local, direction, rtcpMuxed);
    AudioStream stream = describePeer(offer, index, rtcpMuxed, direction);
    stream.codec = choice->codec;
    stream.telephoneEvent = choice->telephoneEvent;
    stream.events = choice->events;
    answer.session.media.push_back(std::move(media));
    answer.audio = std::move(stream);
  }
  return answer;
}

} // namespace sb::sdp
