#pragma once
// OpenSSL contexts for SIP over TLS and WSS: TLS 1.2 or newer only (RFC 8996, RFC 7525).
#include "common/result.hpp"

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

namespace sb::net {

// A server context with the certificate chain and private key from PEM files.
// Returns an error naming the file that failed to load or a key that does not match.
common::Result<std::unique_ptr<boost::asio::ssl::context>>
makeServerTlsContext(const std::string& certificateChainFile, const std::string& privateKeyFile);

// A client context for outbound TLS connections. With verifyPeer the system trust store
// checks the peer's chain (no host name check: SIP peers are reached by IP address here).
std::unique_ptr<boost::asio::ssl::context> makeClientTlsContext(bool verifyPeer);

} // namespace sb::net
