#include "media/webrtc/srtp.hpp"

#include <srtp2/srtp.h>

#include <string>

namespace sb::media::webrtc {

namespace {

srtp_t handle(void* session) { return static_cast<srtp_t>(session); }

template <typename Operation>
std::optional<std::size_t> inPlace(std::span<std::uint8_t> buffer, std::size_t size, std::size_t room,
                                   Operation operation) {
  if (size > buffer.size() || buffer.size() - size < room || size > 65535) return std::nullopt;
  int length = static_cast<int>(size);
  if (operation(buffer.data(), &length) != srtp_err_status_ok) return std::nullopt;
  return static_cast<std::size_t>(length);
}

} // namespace

bool SrtpSession::initialiseLibrary() {
  static const bool ok = srtp_init() == srtp_err_status_ok;
  return ok;
}

common::Result<std::unique_ptr<SrtpSession>> SrtpSession::create(SrtpProfile profile,
                                                                  std::span<const std::uint8_t> keyAndSalt,
                                                                  Direction direction) {
  if (!initialiseLibrary()) return common::makeError("libsrtp failed to initialise");
  if (keyAndSalt.size() != kSrtpMasterKeySize + kSrtpMasterSaltSize) return common::makeError("wrong SRTP key size");
  srtp_policy_t policy{};
  switch (profile) {
  case SrtpProfile::Aes128CmSha1_80:
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
    break;
  }
  policy.ssrc.type = direction == Direction::Inbound ? ssrc_any_inbound : ssrc_any_outbound;
  // libsrtp reads the key through a non-const pointer but does not write it.
  std::vector<std::uint8_t> key(keyAndSalt.begin(), keyAndSalt.end());
  policy.key = key.data();
  policy.window_size = 1024;
  policy.allow_repeat_tx = 0;
  srtp_t session = nullptr;
  const auto status = srtp_create(&session, &policy);
  if (status != srtp_err_status_ok) {
    return common::makeError("libsrtp refused the session (status " + std::to_string(status) + ")");
  }
  return std::unique_ptr<SrtpSession>(new SrtpSession(session));
}

SrtpSession::~SrtpSession() { srtp_dealloc(handle(session_)); }

std::optional<std::size_t> SrtpSession::protectRtp(std::span<std::uint8_t> buffer, std::size_t size) {
  return inPlace(buffer, size, kSrtpMaxTrailer,
                 [this](std::uint8_t* data, int* length) { return srtp_protect(handle(session_), data, length); });
}

std::optional<std::size_t> SrtpSession::protectRtcp(std::span<std::uint8_t> buffer, std::size_t size) {
  return inPlace(buffer, size, kSrtpMaxTrailer, [this](std::uint8_t* data, int* length) {
    return srtp_protect_rtcp(handle(session_), data, length);
  });
}

std::optional<std::size_t> SrtpSession::unprotectRtp(std::span<std::uint8_t> buffer, std::size_t size) {
  return inPlace(buffer, size, 0,
                 [this](std::uint8_t* data, int* length) { return srtp_unprotect(handle(session_), data, length); });
}

std::optional<std::size_t> SrtpSession::unprotectRtcp(std::span<std::uint8_t> buffer, std::size_t size) {
  return inPlace(buffer, size, 0, [this](std::uint8_t* data, int* length) {
    return srtp_unprotect_rtcp(handle(session_), data, length);
  });
}

} // namespace sb::media::webrtc
