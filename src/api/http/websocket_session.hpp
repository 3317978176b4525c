#pragma once
// A connection whose request asked for a WebSocket: the API layer's UpgradeHandler decides,
// then the handshake completes and text messages flow both ways, or the refusal is sent
// as the JSON error it gave.
#include "api/http/connection_registry.hpp"
#include "api/http/message.hpp"
#include "api/http/stream_types.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace sb::api::http {

using UpgradeRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Takes over `stream` (PlainStream or TlsStream, TLS handshake done) and runs on its
// executor. `state` outlives the session.
template <class Stream>
void startWebSocketSession(Stream&& stream, UpgradeRequest request, ApiRequest apiRequest,
                           ServerState& state);

extern template void startWebSocketSession<PlainStream>(PlainStream&&, UpgradeRequest, ApiRequest,
                                                        ServerState&);
extern template void startWebSocketSession<TlsStream>(TlsStream&&, UpgradeRequest, ApiRequest,
                                                      ServerState&);

} // namespace sb::api::http
