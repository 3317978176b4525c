#include "net/tls_context.hpp"

#include <openssl/ssl.h>

namespace sb::net {
namespace {

namespace ssl = boost::asio::ssl;

void restrictToModernTls(ssl::context& context) {
  context.set_options(ssl::context::default_workarounds | ssl::context::no_compression |
                      ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
}

} // namespace

common::Result<std::unique_ptr<ssl::context>>
makeServerTlsContext(const std::string& certificateChainFile, const std::string& privateKeyFile) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  restrictToModernTls(*context);
  boost::system::error_code ec;
  context->use_certificate_chain_file(certificateChainFile, ec);
  if (ec) return common::makeError("TLS certificate " + certificateChainFile + ": " + ec.message());
  context->use_private_key_file(privateKeyFile, ssl::context::pem, ec);
  if (ec) return common::makeError("TLS private key " + privateKeyFile + ": " + ec.message());
  if (SSL_CTX_check_private_key(context->native_handle()) != 1)
    return common::makeError("TLS private key " + privateKeyFile + " does not match " +
                             certificateChainFile);
  return context;
}

std::unique_ptr<ssl::context> makeClientTlsContext(bool verifyPeer) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
  restrictToModernTls(*context);
  boost::system::error_code ec;
  if (verifyPeer) {
    context->set_default_verify_paths(ec); // an empty store then fails every handshake: safe
    context->set_verify_mode(ssl::verify_peer, ec);
  } else {
    context->set_verify_mode(ssl::verify_none, ec);
  }
  return context;
}

} // namespace sb::net
