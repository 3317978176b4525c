// The browser softphone's SIP account: where the web app's SIP stack connects (SIP over
// WebSocket, RFC 7118) and the credentials it registers with. The first request creates
// the user's browser device, so an agent who logs in can answer in the browser at once.
#include "api/json_views.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"

#include <string_view>

namespace sb::api {

namespace {

using http::Access;
using http::Verb;

// "host" of "host:port", "[v6]:port", "host" or "[v6]".
std::string_view hostOf(std::string_view authority) {
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    return close == std::string_view::npos ? std::string_view{} : authority.substr(0, close + 1);
  }
  auto colon = authority.rfind(':');
  return colon == std::string_view::npos ? authority : authority.substr(0, colon);
}

bool isWildcard(std::string_view host) { return host == "0.0.0.0" || host == "[::]" || host == "::" || host.empty(); }

// Host names and IP literals only: anything else in a Host header is not echoed back.
bool plausibleHost(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

// The URL the browser connects to: the listener's port, on the host the browser used to
// reach this API (the name its TLS certificate check and cookies already agree on).
std::string websocketUrl(const ApiContext& context, const ApiRequest& request) {
  bool secure = !context.sipSecureWebSocket.empty();
  const std::string& listener = secure ? context.sipSecureWebSocket : context.sipWebSocket;
  auto colon = listener.rfind(':');
  std::string port = listener.substr(colon + 1);
  std::string host{hostOf(request.header(boost::beast::http::field::host))};
  if (!plausibleHost(host)) host = std::string{hostOf(listener)};
  if (isWildcard(host)) host = "127.0.0.1";
  return std::string(secure ? "wss://" : "ws://") + host + ":" + port;
}

common::Result<store::Device> browserDevice(ApiContext& context, const store::User& user) {
  auto devices = context.db.listDevices();
  if (!devices.ok()) return devices.error();
  for (auto& device : *devices)
    if (device.userId == user.id && device.kind == store::DeviceKind::Browser) return std::move(device);
  store::Device device;
  device.userId = user.id;
  device.kind = store::DeviceKind::Browser;
  device.sipPassword = randomSecret(24);
  // A user name nobody types: "web-" and random letters; a clash is drawn again.
  for (int attempt = 0;; ++attempt) {
    device.sipUsername = "web-" + randomSecret(10);
    auto stored = context.db.createDevice(device);
    if (stored.ok() || stored.error().code != 409 || attempt == 3) return stored;
  }
}

ApiResponse softphone(ApiContext& context, ApiRequest& request) {
  const auto& who = caller(request);
  if (who.userId.empty())
    return http::errorResponse(common::makeError("the admin environment token has no softphone: log in as a user", 409));
  if (context.sipWebSocket.empty() && context.sipSecureWebSocket.empty())
    return http::errorResponse(common::makeError(
        "this server has no SIP over WebSocket listener (start it with --sip-ws or --sip-wss)", 409));
  auto user = context.db.getUser(who.userId);
  if (!user.ok()) return http::errorResponse(user.error());
  if (!*user) return http::errorResponse(common::makeError("user no longer exists", 401));
  auto device = browserDevice(context, **user);
  if (!device.ok()) return http::errorResponse(device.error());
  // A new device must be known to the registrar before the browser registers with it.
  if (auto e = context.control.reloadRouting()) return http::errorResponse(*e);
  std::string url = websocketUrl(context, request);
  std::string host{hostOf(url.substr(url.find("//") + 2))};
  return ok({{"websocket_url", url},
             {"sip_uri", "sip:" + device->sipUsername + "@" + host},
             {"authorization_user", device->sipUsername},
             {"password", device->sipPassword},
             {"display_name", (*user)->name},
             {"device_id", device->id}});
}

} // namespace

void addSoftphoneRoutes(http::Router& router, ApiContext& context) {
  router.add(Verb::get, "/api/v1/me/softphone", Access::User, bound(context, softphone),
             "The browser softphone's SIP account");
}

} // namespace sb::api
