#include "sdp/codec.hpp"

#include "sdp/text.hpp"

namespace sb::sdp {

Codec Codec::pcmu() {
  return Codec{"PCMU", 8000, 1};
}

Codec Codec::pcma() {
  return Codec{"PCMA", 8000, 1};
}

Codec Codec::telephoneEvent() {
  return Codec{"telephone-event", 8000, 1};
}

bool Codec::matches(const RtpMap& format) const {
  return text::iequals(encoding, format.encoding) && clockRate == format.clockRate &&
         channels == format.channels;
}

bool Codec::isTelephoneEvent() const {
  return text::iequals(encoding, "telephone-event");
}

std::optional<int> Codec::staticPayloadType() const {
  for (int payloadType = 0; payloadType < 35; ++payloadType) {
    auto format = sdp::staticPayloadType(payloadType);
    if (format && matches(*format)) return payloadType;
  }
  return std::nullopt;
}

bool isTelephoneEvent(const RtpMap& format) {
  return text::iequals(format.encoding, "telephone-event");
}

bool isComfortNoise(const RtpMap& format) {
  return text::iequals(format.encoding, "CN");
}

std::vector<RtpMap> offeredFormats(const Media& media) {
  std::vector<RtpMap> formats;
  for (const std::string& format : media.formats) {
    const auto payloadType = text::parsePayloadType(format);
    if (!payloadType) continue;
    if (auto mapping = payloadFormat(media, *payloadType)) formats.push_back(std::move(*mapping));
  }
  return formats;
}

std::optional<RtpMap> findFormat(const Media& media, const Codec& codec) {
  for (RtpMap& format : offeredFormats(media)) {
    if (codec.matches(format)) return std::move(format);
  }
  return std::nullopt;
}

} // namespace sb::sdp
