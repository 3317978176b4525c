#include "sdp/audio_section.hpp"

namespace sb::sdp {

Media writeAudioSection(const AudioSection& section) {
  Media media;
  media.media = "audio";
  media.port = section.port;
  media.proto = section.proto;
  const auto addFormat = [&media](const RtpMap& format) {
    media.formats.push_back(std::to_string(format.payloadType));
    media.attributes.push_back(Attribute{"rtpmap", format.str()});
  };
  for (const RtpMap& codec : section.codecs)
    addFormat(codec);
  if (section.telephoneEvent) {
    addFormat(*section.telephoneEvent);
    const std::string payloadType = std::to_string(section.telephoneEvent->payloadType);
    media.attributes.push_back(Attribute{"fmtp", payloadType + " " + section.events.str()});
  }
  if (section.packetTime) {
    media.attributes.push_back(Attribute{"ptime", std::to_string(*section.packetTime)});
  }
  if (section.rtcpMux) media.attributes.push_back(Attribute{"rtcp-mux", std::nullopt});
  setDirection(media.attributes, section.direction);
  return media;
}

} // namespace sb::sdp
