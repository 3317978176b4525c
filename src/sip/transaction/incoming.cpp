// TransactionLayer::Impl: messages arriving from the transport (RFC 3261 17.1.3, 17.2.3,
// 9.2, 18.2.1).
#include "common/log.hpp"
#include "sip/transaction/invite_server.hpp"
#include "sip/transaction/layer_impl.hpp"
#include "sip/transaction/non_invite_server.hpp"
#include "sip/transaction/via_routing.hpp"

namespace sb::sip::transaction {

void TransactionLayer::Impl::receive(const Message& message, const net::Endpoint& source) {
  Dispatch dispatch(*this);
  if (message.isResponse()) {
    receiveResponse(message);
  } else {
    receiveRequest(message, source);
  }
}

void TransactionLayer::Impl::receiveResponse(const Message& response) {
  if (auto error = validate(response)) {
    SB_LOG_DEBUG("transaction: dropping malformed {} response: {}", response.statusCode,
                 error->message);
    return;
  }
  std::optional<std::string> key = clientKeyOf(response);
  if (!key) return;
  auto it = clientIndex_.find(*key);
  if (it == clientIndex_.end()) {
    user_.onStrayResponse(response);
    return;
  }
  ClientTransaction* tx = clients_.at(it->second).tx.get();
  tx->onResponse(response);
}

void TransactionLayer::Impl::receiveRequest(const Message& request, const net::Endpoint& source) {
  if (auto error = validate(request)) {
    SB_LOG_DEBUG("transaction: rejecting {} from {}: {}", request.method, source.str(),
                 error->message);
    // An ACK is never answered (17.1.1.3); anything else gets the error statelessly.
    if (request.method != "ACK") rejectStateless(request, error->code, source);
    return;
  }
  if (request.method == "ACK") return receiveAck(request, source);
  std::optional<ServerKey> key = serverKeyOf(request, request.method);
  if (!key) return;
  if (ServerTransaction* existing = findServer(request, *key)) {
    existing->onRetransmission();
    return;
  }
  if (request.method == "CANCEL") return receiveCancel(request, *key, source);
  ServerTransaction* tx = createServer(request, *key, source, false);
  user_.onRequest(tx->id(), tx->request(), tx->source());
}

// A matching server transaction (the To tag checked too for RFC 2543 peers), or null.
ServerTransaction* TransactionLayer::Impl::findServer(const Message& request,
                                                      const ServerKey& key) {
  auto it = serverIndex_.find(key.key);
  if (it == serverIndex_.end()) return nullptr;
  ServerTransaction* tx = servers_.at(it->second).tx.get();
  if (key.legacy && !legacyToTagMatches(request, *tx)) return nullptr;
  return tx;
}

ServerTransaction* TransactionLayer::Impl::findServer(const Message& request,
                                                      std::string_view method) {
  std::optional<ServerKey> key = serverKeyOf(request, method);
  return key ? findServer(request, *key) : nullptr;
}

ServerTransaction* TransactionLayer::Impl::createServer(const Message& request,
                                                        const ServerKey& key,
                                                        const net::Endpoint& source,
                                                        bool internal) {
  Message stamped = request;
  stampReceived(stamped, source);
  ResponseRoute route = responseRoute(stamped, source);
  TransactionId id = nextId_++;
  std::unique_ptr<ServerTransaction> tx;
  if (request.method == "INVITE") {
    tx = std::make_unique<InviteServerTransaction>(id, *this, std::move(stamped), source,
                                                   std::move(route));
  } else {
    tx = std::make_unique<NonInviteServerTransaction>(id, *this, std::move(stamped), source,
                                                      std::move(route));
  }
  ServerTransaction* raw = tx.get();
  // An RFC 2543 request that differs from an existing one only by To tag cannot be
  // indexed under the same key; it still gets a transaction, unmatched.
  bool indexed = serverIndex_.emplace(key.key, id).second;
  servers_.emplace(
      id, Entry<ServerTransaction>{std::move(tx), indexed ? key.key : std::string(), internal});
  ++counters_.serverCreated;
  raw->start();
  return raw;
}

void TransactionLayer::Impl::receiveAck(const Message& ack, const net::Endpoint& source) {
  if (ServerTransaction* invite = findServer(ack, "INVITE")) {
    invite->onAck(ack, source);
    return;
  }
  user_.onAck(ack, source); // the ACK of a 2xx: a transaction of its own (RFC 3261 17.1.1.3)
}

// RFC 3261 9.2: the layer answers the CANCEL itself (200 if it matches an INVITE
// server transaction, 481 if not) through a server transaction of its own, so
// retransmitted CANCELs get the same answer; the TU only hears onCancel.
void TransactionLayer::Impl::receiveCancel(const Message& cancel, const ServerKey& key,
                                           const net::Endpoint& source) {
  ServerTransaction* invite = findServer(cancel, "INVITE");
  ServerTransaction* tx = createServer(cancel, key, source, true);
  if (invite == nullptr || invite->isTerminated()) {
    tx->respond(makeResponse(tx->request(), 481, reasonPhrase(481), randomToken()));
    return;
  }
  // 9.2: the To tag of the 200 should be the one of the INVITE's responses.
  std::string toTag = invite->lastToTag().empty() ? randomToken() : invite->lastToTag();
  tx->respond(makeResponse(tx->request(), 200, reasonPhrase(200), toTag));
  if (invite->cancellable()) user_.onCancel(invite->id(), tx->request());
}

void TransactionLayer::Impl::rejectStateless(const Message& request, int statusCode,
                                             const net::Endpoint& source) {
  if (statusCode < 400 || statusCode > 699) statusCode = 400;
  Message stamped = request;
  stampReceived(stamped, source);
  Message response = makeResponse(stamped, statusCode, reasonPhrase(statusCode), randomToken());
  transmitResponse(response, responseRoute(stamped, source));
}

} // namespace sb::sip::transaction
