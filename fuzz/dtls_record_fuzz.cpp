// libFuzzer target for what a WebRTC leg does with a datagram that may be DTLS: the RFC
// 7983 demultiplexer, then a server-side DtlsEndpoint fed the input as up to eight
// datagrams (each prefixed by a one-byte length), as a peer that passed ICE could send
// them. The endpoint must never claim keys without a finished handshake.
#include "media/webrtc/dtls.hpp"
#include "rtp/demux.hpp"

#include <cstdlib>

namespace {

using namespace sb::media::webrtc;

const std::shared_ptr<const DtlsIdentity>& identity() {
  static const auto made = DtlsIdentity::generate();
  if (!made) std::abort();
  static const std::shared_ptr<const DtlsIdentity> id = *made;
  return id;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  (void)sb::rtp::classifyPacket(bytes);
  std::size_t sent = 0;
  DtlsEndpoint server(identity(), DtlsRole::Server, {"sha-256", identity()->fingerprint()},
                      [&sent](std::span<const std::uint8_t> datagram) { sent += datagram.size(); });
  server.start();
  std::size_t at = 0;
  for (int count = 0; count < 8 && at < bytes.size(); ++count) {
    const std::size_t length = std::min<std::size_t>(bytes[at], bytes.size() - at - 1);
    const auto datagram = bytes.subspan(at + 1, length);
    at += 1 + length;
    if (sb::rtp::classifyPacket(datagram) != sb::rtp::PacketKind::Dtls) continue;
    server.receive(datagram);
    (void)server.timeout();
  }
  if (server.keys() && server.state() != DtlsEndpoint::State::Connected) std::abort();
  return 0;
}
