#include "sip/auth/nonce.hpp"

#include "sip/auth/crypto.hpp"

#include <optional>
#include <utility>

namespace sb::sip::auth {
namespace {

constexpr std::size_t kTimestampBytes = 8;
constexpr std::size_t kRandomBytes = 16;
constexpr std::size_t kMacBytes = 32;
constexpr std::size_t kSecretBytes = 32;
// Tolerates a wall clock stepped back a little between issue and check.
constexpr common::Duration kFutureSkew{5000};

std::string encodeTimestamp(std::int64_t ms) {
  std::string out(kTimestampBytes, '\0');
  auto value = static_cast<std::uint64_t>(ms);
  for (std::size_t i = 0; i < kTimestampBytes; ++i) {
    out[kTimestampBytes - 1 - i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

std::int64_t decodeTimestamp(std::string_view bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < kTimestampBytes; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return static_cast<std::int64_t>(value);
}

} // namespace

NonceIssuer::NonceIssuer(std::string secret, common::Duration lifetime)
    : secret_(secret.empty() ? randomBytes(kSecretBytes) : std::move(secret)), lifetime_(lifetime) {
}

std::string NonceIssuer::issue(common::WallTime now) const {
  std::string body = encodeTimestamp(common::toEpochMs(now)) + randomBytes(kRandomBytes);
  return base64UrlEncode(body + hmacSha256(secret_, body));
}

NonceState NonceIssuer::check(std::string_view nonce, common::WallTime now) const {
  std::optional<std::string> raw = base64UrlDecode(nonce);
  if (!raw || raw->size() != kTimestampBytes + kRandomBytes + kMacBytes) {
    return NonceState::Invalid;
  }
  std::string_view bytes = *raw;
  std::string_view body = bytes.substr(0, kTimestampBytes + kRandomBytes);
  std::string_view mac = bytes.substr(body.size());
  if (!constantTimeEquals(mac, hmacSha256(secret_, body))) return NonceState::Invalid;
  std::int64_t issuedMs = decodeTimestamp(body);
  std::int64_t nowMs = common::toEpochMs(now);
  if (issuedMs > nowMs + kFutureSkew.count()) return NonceState::Invalid;
  if (nowMs - issuedMs > lifetime_.count()) return NonceState::Stale;
  return NonceState::Fresh;
}

bool NonceCountTracker::accept(const std::string& nonce, std::uint32_t nc) {
  auto it = highest_.find(nonce);
  if (it != highest_.end()) {
    if (nc <= it->second) return false;
    it->second = nc;
    return true;
  }
  if (capacity_ == 0) return true;
  while (highest_.size() >= capacity_ && !order_.empty()) {
    highest_.erase(order_.front());
    order_.pop_front();
  }
  highest_.emplace(nonce, nc);
  order_.push_back(nonce);
  return true;
}

} // namespace sb::sip::auth
