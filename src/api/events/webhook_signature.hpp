#pragma once
// How webhook deliveries are signed, so that receivers can tell them from forgeries and
// replays: the header
//   Switchboard-Signature: t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(secret, "<t>.<body>")>
// Receivers recompute v1 over the raw body and refuse a t too far from their clock.
#include "common/clock.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace sb::api::events {

inline constexpr std::string_view kSignatureHeader = "Switchboard-Signature";
inline constexpr std::string_view kEventHeader = "Switchboard-Event";
inline constexpr std::string_view kDeliveryHeader = "Switchboard-Delivery";
inline constexpr std::string_view kWebhookUserAgent = "Switchboard-Webhooks/1";

// Lowercase hex HMAC-SHA256 of `message` under `key`.
std::string hmacSha256Hex(std::string_view key, std::string_view message);

// The Switchboard-Signature header value for `body` sent at `unixSeconds`.
std::string signPayload(std::string_view secret, std::int64_t unixSeconds, std::string_view body);

// The receiver's check: the header is well formed, its t is within `tolerance` of `now`,
// and one of its v1 values is the HMAC of "<t>.<body>" (compared in constant time).
bool verifySignature(std::string_view header, std::string_view secret, std::string_view body,
                     common::WallTime now, std::chrono::seconds tolerance);

} // namespace sb::api::events
