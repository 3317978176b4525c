#include "server/sip_dispatch.hpp"

namespace sb::server {

void SipDispatch::onRequest(sip::transaction::ServerTransactionId tx, const sip::Message& request,
                            const net::Endpoint& source) {
  if (request.method == "REGISTER") registrar_(tx, request, source);
  else calls_.onRequest(tx, request, source);
}

bool SipDispatch::deliverClaimed(sip::transaction::ClientTransactionId tx, const sip::Message& response) {
  auto it = claimed_.find(tx);
  if (it == claimed_.end()) return false;
  if (response.statusCode >= 200) {
    auto handler = std::move(it->second);
    claimed_.erase(it);
    handler(response);
  }
  return true;
}

void SipDispatch::onResponse(sip::transaction::ClientTransactionId tx, const sip::Message& response) {
  if (!deliverClaimed(tx, response)) calls_.onResponse(tx, response);
}

void SipDispatch::onClientFailure(sip::transaction::ClientTransactionId tx, const sip::Message& timeout) {
  if (!deliverClaimed(tx, timeout)) calls_.onClientFailure(tx, timeout);
}

} // namespace sb::server
