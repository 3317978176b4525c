// libFuzzer target for the digest parameter parser (Authorization, WWW-Authenticate,
// Proxy-Authenticate values): parse, print, parse again must agree; the client's
// answer to a challenge built from the input must not crash.
#include "sip/auth/auth_params.hpp"
#include "sip/auth/client_auth.hpp"
#include "sip/message/message.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = sb::sip::auth::parseAuthValue(text);
  if (parsed.ok()) {
    auto again = sb::sip::auth::parseAuthValue(parsed->str());
    if (!again.ok() || again->params.size() != parsed->params.size()) std::abort();
  }
  sb::sip::Message challenge;
  challenge.statusCode = 407;
  challenge.reason = "Proxy Authentication Required";
  challenge.addHeader("Proxy-Authenticate", std::string(text));
  sb::sip::auth::DigestClient client({"alice", "secret"}, [] { return std::string("0a4f113b"); });
  (void)client.answer(challenge, "INVITE", "sip:+15550100001@127.0.0.1");
  return 0;
}
