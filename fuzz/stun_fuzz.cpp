// libFuzzer target for STUN: the parser, the MESSAGE-INTEGRITY and FINGERPRINT checks, every
// typed attribute reader, and the ICE-lite agent answering the bytes as a check. What was
// parsed is written again attribute by attribute and must parse back the same; every reply
// the agent makes must parse and carry a valid FINGERPRINT. Disagreement aborts.
#include "media/webrtc/ice_lite.hpp"
#include "media/webrtc/stun.hpp"

#include <cstdlib>

namespace {

using namespace sb::media::webrtc;

void check(bool condition) {
  if (!condition) std::abort();
}

void rewrite(const StunMessage& message) {
  StunWriter writer(message.method, message.messageClass, message.transactionId);
  for (const StunAttribute& attribute : message.attributes) writer.add(attribute.type, attribute.value);
  auto again = parseStun(writer.bytes());
  check(again.ok());
  check(again->method == message.method && again->messageClass == message.messageClass &&
        again->transactionId == message.transactionId && again->attributes.size() == message.attributes.size());
  for (std::size_t i = 0; i < message.attributes.size(); ++i) {
    const auto& a = message.attributes[i];
    const auto& b = again->attributes[i];
    check(a.type == b.type && a.offset == b.offset &&
          std::equal(a.value.begin(), a.value.end(), b.value.begin(), b.value.end()));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  auto message = parseStun(bytes);
  if (message) {
    (void)message->username();
    (void)message->priority();
    (void)message->tieBreaker(stun_attribute::kIceControlling);
    (void)message->xorMappedAddress();
    (void)message->errorCode();
    (void)message->unknownRequired();
    (void)checkIntegrity(*message, "fuzz-password-22-chars");
    (void)hasValidFingerprint(*message);
    rewrite(*message);
  }
  IceLiteAgent agent(IceCredentials{"fuzz", "fuzz-password-22-chars"}, sb::common::Duration{30'000});
  const SocketAddress source(boost::asio::ip::make_address("192.0.2.1"), 5000);
  auto outcome = agent.onStun(bytes, source, sb::common::TimePoint{});
  if (outcome.reply) {
    auto reply = parseStun(*outcome.reply);
    check(reply.ok() && hasValidFingerprint(*reply));
    check(!outcome.validCheck || checkIntegrity(*reply, "fuzz-password-22-chars") == Integrity::Valid);
  }
  check(!outcome.validCheck || agent.selected() == source);
  return 0;
}
