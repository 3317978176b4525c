#include "api/events/webhook_signature.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace sb::api::events {

namespace {

struct SignatureHeader {
  std::optional<std::int64_t> unixSeconds;
  std::vector<std::string_view> v1;
};

// "t=1,v1=ab,v1=cd": unknown keys are ignored so that schemes can be added later.
SignatureHeader parseHeader(std::string_view header) {
  SignatureHeader parsed;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const auto equals = item.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view key = item.substr(0, equals);
    const std::string_view value = item.substr(equals + 1);
    if (key == "t") {
      std::int64_t t = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), t);
      if (ec == std::errc{} && end == value.data() + value.size() && t >= 0) parsed.unixSeconds = t;
    } else if (key == "v1") {
      parsed.v1.push_back(value);
    }
  }
  return parsed;
}

std::string signedText(std::int64_t unixSeconds, std::string_view body) {
  std::string text = std::to_string(unixSeconds);
  text += '.';
  text += body;
  return text;
}

} // namespace

std::string hmacSha256Hex(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  std::size_t length = 0;
  const unsigned char* result =
      EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
                mac.size(), &length);
  if (result == nullptr) return {}; // only when OpenSSL itself is broken; matches nothing
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (std::size_t i = 0; i < length; ++i) {
    hex += kHex[mac[i] >> 4];
    hex += kHex[mac[i] & 0x0f];
  }
  return hex;
}

std::string signPayload(std::string_view secret, std::int64_t unixSeconds, std::string_view body) {
  return "t=" + std::to_string(unixSeconds) +
         ",v1=" + hmacSha256Hex(secret, signedText(unixSeconds, body));
}

bool verifySignature(std::string_view header, std::string_view secret, std::string_view body,
                     common::WallTime now, std::chrono::seconds tolerance) {
  const SignatureHeader parsed = parseHeader(header);
  if (!parsed.unixSeconds || parsed.v1.empty()) return false;
  const std::int64_t nowSeconds = common::toEpochMs(now) / 1000;
  const std::int64_t skew = nowSeconds > *parsed.unixSeconds ? nowSeconds - *parsed.unixSeconds
                                                             : *parsed.unixSeconds - nowSeconds;
  if (skew > tolerance.count()) return false;
  const std::string expected = hmacSha256Hex(secret, signedText(*parsed.unixSeconds, body));
  if (expected.empty()) return false;
  bool match = false;
  for (std::string_view candidate : parsed.v1)
    if (candidate.size() == expected.size() &&
        CRYPTO_memcmp(candidate.data(), expected.data(), expected.size()) == 0)
      match = true;
  return match;
}

} // namespace sb::api::events
