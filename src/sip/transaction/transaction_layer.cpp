#include "sip/transaction/transaction_layer.hpp"

#include "common/log.hpp"
#include "sip/transaction/invite_client.hpp"
#include "sip/transaction/layer_impl.hpp"
#include "sip/transaction/layer_messages.hpp"
#include "sip/transaction/non_invite_client.hpp"

namespace sb::sip::transaction {

TransactionLayer::Impl::Impl(const common::Clock& clock, MessageSender& sender,
                             TransactionUser& user, TimerConfig timers)
    : clock_(clock), sender_(sender), user_(user), config_(timers) {}

// Transactions cancel their timers through this Host when destroyed: free them while
// the Impl is still whole.
TransactionLayer::Impl::~Impl() {
  clients_.clear();
  servers_.clear();
}

TransactionLayer::Impl::Dispatch::~Dispatch() {
  if (--impl_.depth_ == 0) impl_.reap();
}

void TransactionLayer::Impl::reap() {
  // Destroying a transaction cannot start another dispatch, so this loop is stable.
  for (TransactionId id : doomed_) {
    if (clients_.erase(id) == 0) servers_.erase(id);
  }
  doomed_.clear();
}

TimerHandle TransactionLayer::Impl::schedule(common::Duration delay, TimerTarget target) {
  return timers_.schedule(clock_.now() + delay, target);
}

bool TransactionLayer::Impl::transmit(const Message& message, const net::Endpoint& destination) {
  return sender_.send(message, destination);
}

bool TransactionLayer::Impl::transmitResponse(const Message& response, const ResponseRoute& route) {
  if (sender_.send(response, route.primary)) return true;
  // 18.2.2: the connection the request came on is gone; open one to the Via address.
  if (route.fallback && sender_.send(response, *route.fallback)) return true;
  SB_LOG_DEBUG("transaction: could not send {} response to {}", response.statusCode,
               route.primary.str());
  return false;
}

void TransactionLayer::Impl::terminated(TransactionId id) {
  auto unindex = [id](auto& index, const std::string& key) {
    auto it = index.find(key);
    if (it != index.end() && it->second == id) index.erase(it);
  };
  if (auto it = clients_.find(id); it != clients_.end()) {
    unindex(clientIndex_, it->second.key);
  } else if (auto found = servers_.find(id); found != servers_.end()) {
    unindex(serverIndex_, found->second.key);
  }
  doomed_.push_back(id);
}

const TransactionLayer::Impl::Entry<ClientTransaction>*
TransactionLayer::Impl::clientEntry(TransactionId id) const {
  auto it = clients_.find(id);
  return it == clients_.end() ? nullptr : &it->second;
}

const TransactionLayer::Impl::Entry<ServerTransaction>*
TransactionLayer::Impl::serverEntry(TransactionId id) const {
  auto it = servers_.find(id);
  return it == servers_.end() ? nullptr : &it->second;
}

void TransactionLayer::Impl::clientResponse(TransactionId id, const Message& response) {
  const auto* entry = clientEntry(id);
  if (entry != nullptr && !entry->internal) user_.onResponse(id, response);
}

void TransactionLayer::Impl::clientFailure(TransactionId id, const Message& failure) {
  const auto* entry = clientEntry(id);
  if (entry != nullptr && !entry->internal) user_.onClientFailure(id, failure);
}

void TransactionLayer::Impl::clientCancelReady(TransactionId id,
                                               const std::vector<Header>& extraHeaders) {
  const auto* entry = clientEntry(id);
  if (entry == nullptr) return;
  Message cancelRequest = makeCancel(entry->tx->request(), extraHeaders);
  auto via = cancelRequest.topVia();
  if (!via) return;
  std::string key = clientKey(via->branch(), "CANCEL");
  net::Endpoint destination = entry->tx->destination();
  startClient(std::move(cancelRequest), destination, std::move(key), true);
}

void TransactionLayer::Impl::serverAckTimeout(TransactionId id) {
  const auto* entry = serverEntry(id);
  if (entry != nullptr && !entry->internal) user_.onServerAckTimeout(id);
}

void TransactionLayer::Impl::serverAckForSuccess(const Message& ack, const net::Endpoint& source) {
  user_.onAck(ack, source);
}

ClientTransaction* TransactionLayer::Impl::startClient(Message request,
                                                       const net::Endpoint& destination,
                                                       std::string key, bool internal) {
  if (clientIndex_.contains(key)) {
    SB_LOG_WARN("transaction: a client transaction with this branch and method exists already");
    return nullptr;
  }
  TransactionId id = nextId_++;
  std::unique_ptr<ClientTransaction> tx;
  if (request.method == "INVITE") {
    tx = std::make_unique<InviteClientTransaction>(id, *this, std::move(request), destination);
  } else {
    tx = std::make_unique<NonInviteClientTransaction>(id, *this, std::move(request), destination);
  }
  ClientTransaction* raw = tx.get();
  clientIndex_.emplace(key, id);
  clients_.emplace(id, Entry<ClientTransaction>{std::move(tx), std::move(key), internal});
  ++counters_.clientCreated;
  raw->start();
  return raw;
}

ClientTransactionId TransactionLayer::Impl::sendRequest(Message request,
                                                        const net::Endpoint& destination) {
  Dispatch dispatch(*this);
  if (!request.isRequest() || request.method == "ACK") {
    SB_LOG_WARN("transaction: sendRequest takes requests other than ACK; use sendStateless");
    return 0;
  }
  auto via = request.topVia();
  if (!via || !hasMagicCookie(via->branch())) {
    SB_LOG_WARN("transaction: request without a z9hG4bK branch in its top Via");
    return 0;
  }
  std::string key = clientKey(via->branch(), request.method);
  ClientTransaction* tx = startClient(std::move(request), destination, std::move(key), false);
  return tx == nullptr ? 0 : tx->id();
}

void TransactionLayer::Impl::cancel(ClientTransactionId inviteTx,
                                    const std::vector<Header>& extraHeaders) {
  Dispatch dispatch(*this);
  const auto* entry = clientEntry(inviteTx);
  if (entry == nullptr || entry->tx->isTerminated()) return;
  if (auto* invite = dynamic_cast<InviteClientTransaction*>(entry->tx.get()))
    invite->requestCancel(extraHeaders);
}

bool TransactionLayer::Impl::respond(ServerTransactionId tx, Message response) {
  Dispatch dispatch(*this);
  const auto* entry = serverEntry(tx);
  if (entry == nullptr || entry->tx->isTerminated() || !response.isResponse()) return false;
  return entry->tx->respond(std::move(response));
}

bool TransactionLayer::Impl::sendStateless(const Message& message,
                                           const net::Endpoint& destination) {
  return sender_.send(message, destination);
}

const ServerTransaction* TransactionLayer::Impl::server(ServerTransactionId tx) const {
  const auto* entry = serverEntry(tx);
  return entry == nullptr ? nullptr : entry->tx.get();
}

const ClientTransaction* TransactionLayer::Impl::client(ClientTransactionId tx) const {
  const auto* entry = clientEntry(tx);
  return entry == nullptr ? nullptr : entry->tx.get();
}

void TransactionLayer::Impl::tick() {
  Dispatch dispatch(*this);
  const common::TimePoint now = clock_.now();
  while (auto due = timers_.popDue(now)) {
    if (auto it = clients_.find(due->transaction); it != clients_.end()) {
      it->second.tx->fireTimer(due->name);
    } else if (auto found = servers_.find(due->transaction); found != servers_.end()) {
      found->second.tx->fireTimer(due->name);
    }
  }
}

// ---- TransactionLayer: the public face forwards to Impl.

TransactionLayer::TransactionLayer(const common::Clock& clock, MessageSender& sender,
                                   TransactionUser& user, TimerConfig timers)
    : impl_(std::make_unique<Impl>(clock, sender, user, timers)) {}
TransactionLayer::~TransactionLayer() = default;

void TransactionLayer::receive(const Message& message, const net::Endpoint& source) {
  impl_->receive(message, source);
}
ClientTransactionId TransactionLayer::sendRequest(Message request,
                                                  const net::Endpoint& destination) {
  return impl_->sendRequest(std::move(request), destination);
}
void TransactionLayer::cancel(ClientTransactionId inviteTx,
                              const std::vector<Header>& extraHeaders) {
  impl_->cancel(inviteTx, extraHeaders);
}
bool TransactionLayer::respond(ServerTransactionId tx, Message response) {
  return impl_->respond(tx, std::move(response));
}
bool TransactionLayer::sendStateless(const Message& message, const net::Endpoint& destination) {
  return impl_->sendStateless(message, destination);
}

void TransactionLayer::rejectStateless(const Message& request, int statusCode, const net::Endpoint& source) {
  if (request.isRequest() && request.method != "ACK") impl_->rejectStateless(request, statusCode, source);
}
const Message* TransactionLayer::serverRequest(ServerTransactionId tx) const {
  const ServerTransaction* server = impl_->server(tx);
  return server == nullptr ? nullptr : &server->request();
}
const net::Endpoint* TransactionLayer::serverSource(ServerTransactionId tx) const {
  const ServerTransaction* server = impl_->server(tx);
  return server == nullptr ? nullptr : &server->source();
}
const Message* TransactionLayer::clientRequest(ClientTransactionId tx) const {
  const ClientTransaction* client = impl_->client(tx);
  return client == nullptr ? nullptr : &client->request();
}
void TransactionLayer::tick() {
  impl_->tick();
}
std::optional<common::TimePoint> TransactionLayer::nextDeadline() const {
  return impl_->nextDeadline();
}
std::size_t TransactionLayer::activeCount() const {
  return impl_->activeCount();
}
const Counters& TransactionLayer::counters() const {
  return impl_->counters();
}

} // namespace sb::sip::transaction
