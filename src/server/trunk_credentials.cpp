#include "server/trunk_credentials.hpp"

#include "common/log.hpp"

namespace sb::server {

std::optional<sip::Header> TrunkCredentials::answer(const sip::Message& challenge, const sip::Message& request) {
  if (username_.empty()) return std::nullopt;
  sip::auth::DigestClient client({username_, password_});
  auto header = client.answer(challenge, request.method, request.requestUri.str());
  if (!header.ok()) {
    SB_LOG_WARN("trunk challenge not answerable: {}", header.error().message);
    return std::nullopt;
  }
  return sip::Header{header->name, header->value};
}

} // namespace sb::server
