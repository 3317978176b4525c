// libFuzzer target for the SIP message parser: whatever the bytes, parsing, validating,
// framing and printing must not crash, and printing must be stable under reparsing.
#include "sip/message/message.hpp"
#include "sip/message/uas_checks.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void checkRoundTrip(const sb::sip::Message& message) {
  const std::string wire = message.serialize();
  auto again = sb::sip::parseMessage(wire);
  // Printing a parsed message must give something that parses back to the same wire form.
  if (!again.ok()) std::abort();
  if (again->serialize() != wire) std::abort();
  if (!sb::sip::validate(message) && sb::sip::validate(*again)) std::abort();
}

void exerciseAccessors(const sb::sip::Message& message) {
  (void)message.vias();
  (void)message.topVia();
  (void)message.contacts();
  (void)message.routes();
  (void)message.recordRoutes();
  (void)message.fromTag();
  (void)message.toTag();
  (void)message.expires();
  (void)message.maxForwards();
  (void)message.requestUri.userUnescaped();
  (void)message.requestUri.portOrDefault();
  (void)sb::sip::checkApplicationLayer(message, sb::sip::UasCapabilities{});
  if (message.isRequest()) {
    (void)sb::sip::makeResponse(message, 400, {}, "fuzz").serialize();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto frame = sb::sip::frameLength(bytes, 4096);
  if (frame.ok() && *frame > bytes.size()) std::abort();
  (void)sb::sip::parseHeadersOnly(bytes);
  auto message = sb::sip::parseMessage(bytes);
  if (!message.ok()) return 0;
  (void)sb::sip::validate(*message);
  exerciseAccessors(*message);
  checkRoundTrip(*message);
  return 0;
}
