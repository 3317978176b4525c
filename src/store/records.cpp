#include "store/records.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

namespace sb::store {
namespace {

// Each enum's names in declaration order, so one table drives both directions.
constexpr std::array<std::string_view, 2> kRoles{"agent", "admin"};
constexpr std::array<std::string_view, 2> kAvailabilities{"available", "unavailable"};
constexpr std::array<std::string_view, 3> kDeviceKinds{"sip", "browser", "ring_through"};
constexpr std::array<std::string_view, 4> kDirections{"inbound", "outbound", "transfer",
                                                      "distribution"};
constexpr std::array<std::string_view, 9> kCallStatuses{"ringing",   "connected", "completed",
                                                        "no_answer", "busy",      "cancelled",
                                                        "failed",    "voicemail", "interrupted"};
constexpr std::array<std::string_view, 7> kOfferStatuses{
    "ringing", "accepted", "declined", "no_answer", "cancelled", "taken_by_other", "failed"};
constexpr std::array<std::string_view, 2> kFollowUpStatuses{"open", "closed"};
constexpr std::array<std::string_view, 2> kTokenKinds{"session", "integration"};
constexpr std::array<std::string_view, 3> kDeliveryStatuses{"pending", "delivered", "failed"};

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::string_view, N>& names, Enum v) {
  return names.at(static_cast<std::size_t>(v));
}

template <typename Enum, std::size_t N>
std::optional<Enum> parseName(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

} // namespace

std::string_view toString(Role v) {
  return nameOf(kRoles, v);
}
std::string_view toString(Availability v) {
  return nameOf(kAvailabilities, v);
}
std::string_view toString(DeviceKind v) {
  return nameOf(kDeviceKinds, v);
}
std::string_view toString(CallDirection v) {
  return nameOf(kDirections, v);
}
std::string_view toString(CallStatus v) {
  return nameOf(kCallStatuses, v);
}
std::string_view toString(OfferStatus v) {
  return nameOf(kOfferStatuses, v);
}
std::string_view toString(FollowUpStatus v) {
  return nameOf(kFollowUpStatuses, v);
}
std::string_view toString(TokenKind v) {
  return nameOf(kTokenKinds, v);
}
std::string_view toString(DeliveryStatus v) {
  return nameOf(kDeliveryStatuses, v);
}

std::optional<Role> parseRole(std::string_view s) {
  return parseName<Role>(kRoles, s);
}
std::optional<Availability> parseAvailability(std::string_view s) {
  return parseName<Availability>(kAvailabilities, s);
}
std::optional<DeviceKind> parseDeviceKind(std::string_view s) {
  return parseName<DeviceKind>(kDeviceKinds, s);
}
std::optional<CallDirection> parseCallDirection(std::string_view s) {
  return parseName<CallDirection>(kDirections, s);
}
std::optional<CallStatus> parseCallStatus(std::string_view s) {
  return parseName<CallStatus>(kCallStatuses, s);
}
std::optional<OfferStatus> parseOfferStatus(std::string_view s) {
  return parseName<OfferStatus>(kOfferStatuses, s);
}
std::optional<FollowUpStatus> parseFollowUpStatus(std::string_view s) {
  return parseName<FollowUpStatus>(kFollowUpStatuses, s);
}
std::optional<TokenKind> parseTokenKind(std::string_view s) {
  return parseName<TokenKind>(kTokenKinds, s);
}
std::optional<DeliveryStatus> parseDeliveryStatus(std::string_view s) {
  return parseName<DeliveryStatus>(kDeliveryStatuses, s);
}

std::vector<std::string> distinctPhones(const std::vector<std::string>& phones) {
  std::vector<std::string> out;
  for (const std::string& p : phones)
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  return out;
}

} // namespace sb::store
