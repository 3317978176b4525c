#include "peer.hpp"

#include "audio/g711.hpp"
#include "rtp/demux.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace sb::media::test {

Peer::Peer() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("peer socket");
  socklen_t length = sizeof address;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
}

Peer::~Peer() {
  if (fd_ >= 0) ::close(fd_);
}

void Peer::sendRaw(std::uint16_t toPort, std::span<const std::uint8_t> bytes) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(toPort);
  ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
}

void Peer::sendRtp(std::uint16_t toPort, std::uint8_t payloadType, std::uint16_t sequence,
                   std::uint32_t timestamp, std::uint32_t ssrc,
                   std::span<const std::uint8_t> payload, bool marker) {
  rtp::RtpPacket packet;
  packet.marker = marker;
  packet.payloadType = payloadType;
  packet.sequence = sequence;
  packet.timestamp = timestamp;
  packet.ssrc = ssrc;
  packet.payload = payload;
  std::array<std::uint8_t, 1500> buffer{};
  auto written = rtp::writeRtp(packet, buffer);
  if (written) sendRaw(toPort, std::span(buffer).first(*written));
}

std::optional<std::vector<std::uint8_t>> Peer::receiveKind(rtp::PacketKind kind,
                                                           std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<std::uint8_t, 2048> buffer{};
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd waitFor{fd_, POLLIN, 0};
    if (::poll(&waitFor, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    const auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n <= 0) continue;
    const auto bytes = std::span<const std::uint8_t>(buffer).first(static_cast<std::size_t>(n));
    if (rtp::classifyPacket(bytes) == kind)
      return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
  }
}

std::optional<std::vector<std::uint8_t>> Peer::receiveRtcp(std::chrono::milliseconds timeout) {
  return receiveKind(rtp::PacketKind::Rtcp, timeout);
}

std::optional<ReceivedRtp> Peer::receive(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto bytes = receiveKind(rtp::PacketKind::Rtp, std::max(left, 0ms));
    if (!bytes) return std::nullopt;
    auto packet = rtp::parseRtp(*bytes);
    if (!packet) continue;
    return ReceivedRtp{packet->marker,
                       packet->payloadType,
                       packet->sequence,
                       packet->timestamp,
                       packet->ssrc,
                       std::vector<std::uint8_t>(packet->payload.begin(), packet->payload.end())};
  }
}

sdp::AudioStream streamTo(std::uint16_t peerPort, const std::string& codec,
                          std::optional<int> telephoneEvent, std::uint32_t ptime) {
  sdp::AudioStream stream;
  stream.codec = sdp::RtpMap{codec == "PCMA" ? 8 : 0, codec, 8000, 1};
  if (telephoneEvent)
    stream.telephoneEvent = sdp::RtpMap{*telephoneEvent, "telephone-event", 8000, 1};
  stream.packetTime = ptime;
  stream.remoteAddress = "127.0.0.1";
  stream.remoteRtpPort = peerPort;
  stream.remoteRtcpAddress = "127.0.0.1";
  stream.remoteRtcpPort = static_cast<std::uint16_t>(peerPort + 1);
  return stream;
}

EngineConfig testConfig(std::uint16_t pairs) {
  EngineConfig config;
  config.bindAddress = "127.0.0.1";
  config.advertisedAddress = "127.0.0.1";
  const auto base = 30000 + (static_cast<unsigned>(::getpid()) % 900u) * 32u;
  config.firstPort = static_cast<std::uint16_t>(base);
  config.lastPort = static_cast<std::uint16_t>(base + pairs * 2 - 1);
  config.threads = 2;
  return config;
}

void RecordedEvents::onDigit(LegId leg, char digit, DigitSource source) {
  std::lock_guard lock(mutex_);
  digits.push_back({leg, digit, source});
  cv_.notify_all();
}

void RecordedEvents::onMediaTimeout(LegId leg) {
  std::lock_guard lock(mutex_);
  timeouts.push_back(leg);
  cv_.notify_all();
}

void RecordedEvents::onPlayFinished(LegId leg, std::uint64_t playId) {
  std::lock_guard lock(mutex_);
  playsFinished.emplace_back(leg, playId);
  cv_.notify_all();
}

void RecordedEvents::onLegRecordingFinished(LegId leg, const LegRecordingResult& result) {
  std::lock_guard lock(mutex_);
  recordings.emplace_back(leg, result);
  cv_.notify_all();
}

bool RecordedEvents::waitFor(const std::function<bool()>& done, std::chrono::milliseconds bound) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, bound, done);
}

bool pollUntil(const std::function<bool()>& condition, std::chrono::milliseconds bound) {
  std::mutex mutex;
  std::condition_variable never;
  std::unique_lock lock(mutex);
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    never.wait_for(lock, 10ms);
  }
  return true;
}

std::vector<std::uint8_t> ulaw(std::span<const std::int16_t> pcm) {
  std::vector<std::uint8_t> codes(pcm.size());
  audio::encodeUlaw(pcm, codes);
  return codes;
}

std::vector<std::int16_t> sine(double frequency, std::size_t samples, double amplitude) {
  std::vector<std::int16_t> out(samples);
  for (std::size_t n = 0; n < samples; ++n) {
    out[n] = static_cast<std::int16_t>(
        amplitude * std::sin(2 * std::numbers::pi * frequency * static_cast<double>(n) / 8000));
  }
  return out;
}

} // namespace sb::media::test
