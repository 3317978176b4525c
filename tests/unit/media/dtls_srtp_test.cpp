// DTLS-SRTP in process: two of our endpoints, a client and a server, handshake through
// queues standing for the network; both must export the same keys, crossed; a fingerprint
// that does not match the certificate is refused; SRTP protects and unprotects with them.
#include "media/webrtc/dtls.hpp"
#include "media/webrtc/srtp.hpp"
#include "rtp/rtp_packet.hpp"

#include <gtest/gtest.h>

#include <deque>

namespace sb::media::webrtc {
namespace {

using Datagram = std::vector<std::uint8_t>;
using State = DtlsEndpoint::State;

std::shared_ptr<const DtlsIdentity> identity() {
  auto made = DtlsIdentity::generate();
  EXPECT_TRUE(made) << (made ? "" : made.error().message);
  return made ? *made : nullptr;
}

// Client and server joined by two queues; pump() delivers until both are quiet.
struct Link {
  Link(std::shared_ptr<const DtlsIdentity> clientId, std::shared_ptr<const DtlsIdentity> serverId,
       std::string clientExpects, std::string serverExpects)
      : client(clientId, DtlsRole::Client, {"sha-256", std::move(clientExpects)},
               [this](std::span<const std::uint8_t> d) { toServer.emplace_back(d.begin(), d.end()); }),
        server(serverId, DtlsRole::Server, {"sha-256", std::move(serverExpects)},
               [this](std::span<const std::uint8_t> d) { toClient.emplace_back(d.begin(), d.end()); }) {}

  // Bounded: a handshake is a handful of flights.
  void pump() {
    for (int round = 0; round < 50 && (!toServer.empty() || !toClient.empty()); ++round) {
      auto forServer = std::move(toServer);
      toServer.clear();
      for (const auto& d : forServer) server.receive(d);
      auto forClient = std::move(toClient);
      toClient.clear();
      for (const auto& d : forClient) client.receive(d);
    }
  }

  std::deque<Datagram> toServer;
  std::deque<Datagram> toClient;
  DtlsEndpoint client;
  DtlsEndpoint server;
};

TEST(DtlsSrtp, IdentityFingerprintIsSha256OfItsCertificate) {
  auto id = identity();
  ASSERT_TRUE(id);
  EXPECT_EQ(id->fingerprint().size(), 32u * 3 - 1);
  EXPECT_EQ(certificateFingerprint(id->certificate(), "SHA-256"), id->fingerprint());
  EXPECT_EQ(certificateFingerprint(id->certificate(), "sha-1")->size(), 20u * 3 - 1);
  EXPECT_FALSE(certificateFingerprint(id->certificate(), "no-such-hash"));
  EXPECT_NE(identity()->fingerprint(), id->fingerprint());
}

TEST(DtlsSrtp, ClientAndServerHandshakeAndExportCrossedKeys) {
  auto clientId = identity();
  auto serverId = identity();
  ASSERT_TRUE(clientId && serverId);
  // Fingerprints compare without regard to case.
  std::string lower = clientId->fingerprint();
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Link link(clientId, serverId, serverId->fingerprint(), lower);
  link.server.start();
  EXPECT_TRUE(link.toClient.empty()); // a server waits for the ClientHello
  link.client.start();
  ASSERT_EQ(link.toServer.size(), 1u);
  EXPECT_TRUE(link.client.timeout().has_value()); // retransmission armed
  link.pump();
  ASSERT_EQ(link.client.state(), State::Connected) << link.client.failure();
  ASSERT_EQ(link.server.state(), State::Connected) << link.server.failure();
  EXPECT_FALSE(link.client.timeout());
  const auto& clientKeys = *link.client.keys();
  const auto& serverKeys = *link.server.keys();
  EXPECT_EQ(clientKeys.local.size(), kSrtpMasterKeySize + kSrtpMasterSaltSize);
  EXPECT_EQ(clientKeys.local, serverKeys.remote);
  EXPECT_EQ(clientKeys.remote, serverKeys.local);
  EXPECT_NE(clientKeys.local, clientKeys.remote);
}

TEST(DtlsSrtp, FingerprintMismatchFailsTheServer) {
  auto clientId = identity();
  auto serverId = identity();
  auto stranger = identity();
  Link link(clientId, serverId, serverId->fingerprint(), stranger->fingerprint());
  link.client.start();
  link.pump();
  EXPECT_EQ(link.server.state(), State::Failed);
  EXPECT_NE(link.server.failure().find("fingerprint"), std::string::npos) << link.server.failure();
  EXPECT_FALSE(link.server.keys());
}

TEST(DtlsSrtp, FingerprintMismatchFailsTheClient) {
  auto clientId = identity();
  auto serverId = identity();
  auto stranger = identity();
  Link link(clientId, serverId, stranger->fingerprint(), clientId->fingerprint());
  link.client.start();
  link.pump();
  EXPECT_EQ(link.client.state(), State::Failed);
  EXPECT_FALSE(link.client.keys());
}

TEST(DtlsSrtp, GarbageIntoAServerFailsOrIsIgnoredWithoutKeys) {
  auto serverId = identity();
  DtlsEndpoint server(serverId, DtlsRole::Server, {"sha-256", serverId->fingerprint()},
                      [](std::span<const std::uint8_t>) {});
  const Datagram garbage{22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 1, 0, 3, 1, 2, 3};
  server.receive(garbage);
  EXPECT_NE(server.state(), State::Connected);
  EXPECT_FALSE(server.keys());
}

std::vector<std::uint8_t> rtpPacket(std::uint16_t sequence, std::uint8_t fill) {
  std::vector<std::uint8_t> payload(160, fill);
  rtp::RtpPacket packet;
  packet.payloadType = 0;
  packet.sequence = sequence;
  packet.timestamp = 160u * sequence;
  packet.ssrc = 0x11223344;
  packet.payload = payload;
  std::vector<std::uint8_t> out(2048);
  auto written = rtp::writeRtp(packet, out);
  out.resize(written ? *written : 0);
  return out;
}

TEST(DtlsSrtp, SrtpRoundTripWithHandshakeKeys) {
  auto clientId = identity();
  auto serverId = identity();
  Link link(clientId, serverId, serverId->fingerprint(), clientId->fingerprint());
  link.client.start();
  link.pump();
  ASSERT_TRUE(link.client.keys() && link.server.keys());
  auto out = SrtpSession::create(SrtpProfile::Aes128CmSha1_80, link.client.keys()->local,
                                 SrtpSession::Direction::Outbound);
  auto in = SrtpSession::create(SrtpProfile::Aes128CmSha1_80, link.server.keys()->remote,
                                SrtpSession::Direction::Inbound);
  ASSERT_TRUE(out && in);

  const auto clear = rtpPacket(1, 0x55);
  std::vector<std::uint8_t> buffer(clear.size() + kSrtpMaxTrailer);
  std::copy(clear.begin(), clear.end(), buffer.begin());
  auto protectedSize = (*out)->protectRtp(buffer, clear.size());
  ASSERT_TRUE(protectedSize);
  EXPECT_EQ(*protectedSize, clear.size() + 10); // the 80-bit tag
  EXPECT_NE(std::vector<std::uint8_t>(buffer.begin() + 12, buffer.begin() + 172),
            std::vector<std::uint8_t>(clear.begin() + 12, clear.end()));
  const std::vector<std::uint8_t> onTheWire(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*protectedSize));

  auto received = onTheWire;
  auto clearSize = (*in)->unprotectRtp(received, received.size());
  ASSERT_TRUE(clearSize);
  received.resize(*clearSize);
  EXPECT_EQ(received, clear);

  // The same packet again is a replay.
  auto replay = onTheWire;
  EXPECT_FALSE((*in)->unprotectRtp(replay, replay.size()));
  // A changed byte fails authentication.
  auto next = rtpPacket(2, 0x66);
  std::vector<std::uint8_t> second(next.size() + kSrtpMaxTrailer);
  std::copy(next.begin(), next.end(), second.begin());
  auto secondSize = (*out)->protectRtp(second, next.size());
  ASSERT_TRUE(secondSize);
  second.resize(*secondSize);
  second[20] ^= 1;
  EXPECT_FALSE((*in)->unprotectRtp(second, second.size()));
}

TEST(DtlsSrtp, SrtcpRoundTrip) {
  std::vector<std::uint8_t> key(kSrtpMasterKeySize + kSrtpMasterSaltSize);
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i * 3 + 1);
  auto out = SrtpSession::create(SrtpProfile::Aes128CmSha1_80, key, SrtpSession::Direction::Outbound);
  auto in = SrtpSession::create(SrtpProfile::Aes128CmSha1_80, key, SrtpSession::Direction::Inbound);
  ASSERT_TRUE(out && in);
  // An empty receiver report from SSRC 0x01020304.
  const std::vector<std::uint8_t> report{0x80, 201, 0x00, 0x01, 0x01, 0x02, 0x03, 0x04};
  std::vector<std::uint8_t> buffer(report.size() + kSrtpMaxTrailer);
  std::copy(report.begin(), report.end(), buffer.begin());
  auto size = (*out)->protectRtcp(buffer, report.size());
  ASSERT_TRUE(size);
  EXPECT_EQ(*size, report.size() + 4 + 10); // E flag and index, then the tag
  auto clearSize = (*in)->unprotectRtcp(buffer, *size);
  ASSERT_TRUE(clearSize);
  EXPECT_EQ(std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*clearSize)), report);
}

TEST(DtlsSrtp, WrongKeySizeIsRefused) {
  const std::vector<std::uint8_t> shortKey(16);
  EXPECT_FALSE(SrtpSession::create(SrtpProfile::Aes128CmSha1_80, shortKey, SrtpSession::Direction::Inbound));
}

} // namespace
} // namespace sb::media::webrtc
