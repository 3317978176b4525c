#pragma once
// SRTP and SRTCP (RFC 3711) over libsrtp2, for the keys DTLS-SRTP settled. One SrtpSession
// is one direction: Outbound protects what we send under our key, Inbound checks and
// decrypts what the peer sends under its key (with replay protection). libsrtp is
// initialised once per process, on first use.
#include "common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace sb::media::webrtc {

// The protection profiles we negotiate (RFC 5764 4.1.2).
enum class SrtpProfile { Aes128CmSha1_80 };

// Master key and master salt, concatenated, for each direction.
struct SrtpKeys {
  SrtpProfile profile = SrtpProfile::Aes128CmSha1_80;
  std::vector<std::uint8_t> local;  // what we protect with
  std::vector<std::uint8_t> remote; // what the peer protects with
};

constexpr std::size_t kSrtpMasterKeySize = 16;
constexpr std::size_t kSrtpMasterSaltSize = 14;
// What protection may add to a packet: the authentication tag, and SRTCP's index.
constexpr std::size_t kSrtpMaxTrailer = 144;

class SrtpSession {
public:
  enum class Direction { Inbound, Outbound };
  static common::Result<std::unique_ptr<SrtpSession>> create(SrtpProfile profile,
                                                             std::span<const std::uint8_t> keyAndSalt,
                                                             Direction direction);
  // libsrtp's one-time start, whose self-tests take tens of milliseconds: the engine calls
  // it when it starts, so that the first browser call's media thread does not wait on it.
  // Thread-safe; true once the library is ready.
  static bool initialiseLibrary();
  ~SrtpSession();
  SrtpSession(const SrtpSession&) = delete;
  SrtpSession& operator=(const SrtpSession&) = delete;

  // In place: the first `size` bytes of `buffer` are the packet; `buffer` must have room
  // for kSrtpMaxTrailer more when protecting. The new size, or nullopt when libsrtp refused
  // (authentication failed, a replay, a malformed packet).
  std::optional<std::size_t> protectRtp(std::span<std::uint8_t> buffer, std::size_t size);
  std::optional<std::size_t> protectRtcp(std::span<std::uint8_t> buffer, std::size_t size);
  std::optional<std::size_t> unprotectRtp(std::span<std::uint8_t> buffer, std::size_t size);
  std::optional<std::size_t> unprotectRtcp(std::span<std::uint8_t> buffer, std::size_t size);

private:
  explicit SrtpSession(void* session) : session_(session) {}
  void* session_; // srtp_t
};

} // namespace sb::media::webrtc
