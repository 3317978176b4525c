#include "sdp/offer.hpp"

#include "sdp/audio_section.hpp"
#include "sdp/text.hpp"

#include <algorithm>

namespace sb::sdp {
namespace {

using common::makeError;

constexpr int kTelephoneEventPayloadType = 101; // the customary one, what peers expect
constexpr int kFirstDynamicPayloadType = 96;    // RFC 3551 3

class PayloadTypes {
public:
  bool take(int payloadType) {
    if (payloadType > 127 || isUsed(payloadType)) return false;
    used_.push_back(payloadType);
    return true;
  }
  std::optional<int> takeDynamic() {
    for (int payloadType = kFirstDynamicPayloadType; payloadType <= 127; ++payloadType) {
      if (payloadType != kTelephoneEventPayloadType && take(payloadType)) return payloadType;
    }
    return std::nullopt;
  }

private:
  bool isUsed(int payloadType) const {
    return std::find(used_.begin(), used_.end(), payloadType) != used_.end();
  }
  std::vector<int> used_;
};

RtpMap formatOf(const Codec& codec, int payloadType) {
  return RtpMap{payloadType, codec.encoding, codec.clockRate, codec.channels};
}

// The format behind a payload type of the answer: its own mapping, else the one we offered.
std::optional<RtpMap> answeredFormat(const Media& answered, const Media& offered, int type) {
  if (auto format = payloadFormat(answered, type)) return format;
  return payloadFormat(offered, type);
}

bool weOffered(const Media& offered, const RtpMap& format) {
  const Codec codec{format.encoding, format.clockRate, format.channels};
  return findFormat(offered, codec).has_value();
}

// Fills the codec and telephone-event the answer chose; false when it chose no codec of ours.
bool readFormats(const Media& answered, const Media& offered, AudioStream& stream) {
  bool found = false;
  std::optional<RtpMap> telephoneEvent;
  for (const std::string& text : answered.formats) {
    const auto payloadType = text::parsePayloadType(text);
    if (!payloadType) continue;
    auto format = answeredFormat(answered, offered, *payloadType);
    if (!format || !weOffered(offered, *format)) continue;
    if (isTelephoneEvent(*format)) {
      if (!telephoneEvent) telephoneEvent = std::move(*format);
    } else if (!found && !isComfortNoise(*format)) {
      stream.codec = std::move(*format);
      found = true;
    }
  }
  if (!found || !telephoneEvent || telephoneEvent->clockRate != stream.codec.clockRate) {
    return found;
  }
  const auto eventsOf = [](const Media& media, int payloadType) {
    const auto parameters = fmtpParameters(media, std::to_string(payloadType));
    return parameters ? EventSet::parse(*parameters) : EventSet::dtmf();
  };
  const Codec wanted{telephoneEvent->encoding, telephoneEvent->clockRate, 1};
  const auto ourFormat = findFormat(offered, wanted);
  const auto theirs = eventsOf(answered, telephoneEvent->payloadType);
  const auto ours = ourFormat ? eventsOf(offered, ourFormat->payloadType) : std::nullopt;
  if (!theirs || !ours || theirs->intersect(*ours).empty()) return true;
  stream.events = theirs->intersect(*ours);
  stream.telephoneEvent = std::move(telephoneEvent);
  return true;
}

// The browser's side of a WebRTC answer to our SAVPF offer.
Result<WebRtcParameters> readWebRtcAnswer(const Session& answer, const Media& answered) {
  if (!isDtlsSrtp(answered)) {
    return makeError("the answer is " + answered.proto + " where we offered UDP/TLS/RTP/SAVPF");
  }
  if (!rtcpMux(answered)) return makeError("the WebRTC answer does not multiplex RTCP (no a=rtcp-mux)");
  auto webrtc = readWebRtcParameters(answer, answered);
  if (!webrtc) return webrtc.error();
  if (webrtc->setup == DtlsSetup::ActPass) {
    return makeError("the WebRTC answer says a=setup:actpass; an answer chooses active or passive");
  }
  return webrtc;
}

} // namespace

Session buildOffer(const Capabilities& ours, const LocalMedia& local) {
  AudioSection section;
  section.port = local.port;
  section.packetTime = ours.packetTime;
  section.direction = ours.direction;
  section.rtcpMux = ours.rtcpMux;
  section.events = ours.events;
  if (local.webrtc) {
    // WebRTC (RFC 8829 5.2.1): DTLS-SRTP with feedback, RTCP always on the RTP port.
    section.proto = "UDP/TLS/RTP/SAVPF";
    section.rtcpMux = true;
  }
  PayloadTypes types;
  for (const Codec& codec : ours.codecs) {
    if (codec.isTelephoneEvent()) continue;
    const auto fixed = codec.staticPayloadType();
    const auto payloadType = fixed && types.take(*fixed) ? fixed : types.takeDynamic();
    if (payloadType) section.codecs.push_back(formatOf(codec, *payloadType));
  }
  const auto event = std::find_if(ours.codecs.begin(), ours.codecs.end(),
                                  [](const Codec& codec) { return codec.isTelephoneEvent(); });
  if (event != ours.codecs.end() && !ours.events.empty()) {
    const auto payloadType =
        types.take(kTelephoneEventPayloadType) ? kTelephoneEventPayloadType : types.takeDynamic();
    if (payloadType) section.telephoneEvent = formatOf(*event, *payloadType);
  }
  Session offer = localSession(local);
  Media audio = writeAudioSection(section);
  if (local.webrtc) {
    WebRtcParameters written = *local.webrtc;
    written.setup = DtlsSetup::ActPass; // RFC 5763 5: the offerer lets the answerer choose
    addWebRtcAttributes(audio, written, local.address, local.port);
    markIceLite(offer);
  }
  offer.media.push_back(std::move(audio));
  return offer;
}

Result<AudioStream> readAnswer(const Session& ourOffer, const Session& answer) {
  if (answer.media.size() != ourOffer.media.size()) {
    return makeError("the answer has " + std::to_string(answer.media.size()) +
                     " m= lines for an offer of " + std::to_string(ourOffer.media.size()));
  }
  const auto isOurAudio = [](const Media& media) { return media.isAudio() && !media.isRejected(); };
  const auto offered = std::find_if(ourOffer.media.begin(), ourOffer.media.end(), isOurAudio);
  if (offered == ourOffer.media.end()) return makeError("our offer has no audio stream");
  const auto index = static_cast<std::size_t>(offered - ourOffer.media.begin());
  const Media& answered = answer.media[index];
  if (!answered.isAudio()) return makeError("the answer has no audio where we offered it");
  if (answered.isRejected()) return makeError("the answer rejects our audio stream");
  if (answer.connectionFor(answered) == nullptr) {
    return makeError("the answer's audio stream has no c= address");
  }
  const bool muxed = rtcpMux(*offered) && rtcpMux(answered);
  const Direction ours = intersect(reversed(effectiveDirection(answer, answered)),
                                   effectiveDirection(ourOffer, *offered));
  AudioStream stream = describePeer(answer, index, muxed, ours);
  if (!readFormats(answered, *offered, stream))
    return makeError("the answer chose no codec we offered");
  if (isDtlsSrtp(*offered)) {
    auto webrtc = readWebRtcAnswer(answer, answered);
    if (!webrtc) return webrtc.error();
    stream.webrtc = std::move(*webrtc);
    describeIcePeer(stream, answer, ours);
  }
  return stream;
}

} // namespace sb::sdp
