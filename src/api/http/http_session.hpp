#pragma once
// One accepted HTTP connection: TLS handshake when configured, then requests read within
// the limits and answered in turn (keep-alive) until either side closes, or handed over to
// a WebSocket session on an upgrade request.
#include "api/http/connection_registry.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <string>

namespace sb::api::http {

// Runs the connection on the socket's executor (a strand). `tls` (not owned; it outlives
// every connection) null: plain HTTP. `state` outlives the connection.
void startHttpSession(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls,
                      ServerState& state);

} // namespace sb::api::http
