#pragma once
// The inside of TransactionLayer: owns the transactions, the matching indexes and the
// timer queue, and is the Host every transaction talks to. Private to this module.
#include "sip/transaction/matcher.hpp"
#include "sip/transaction/timer_queue.hpp"
#include "sip/transaction/transaction.hpp"
#include "sip/transaction/transaction_layer.hpp"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace sb::sip::transaction {

class TransactionLayer::Impl final : public Transaction::Host {
public:
  Impl(const common::Clock& clock, MessageSender& sender, TransactionUser& user,
       TimerConfig timers);
  ~Impl() override;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // TransactionLayer's API (see transaction_layer.hpp).
  void receive(const Message& message, const net::Endpoint& source);
  ClientTransactionId sendRequest(Message request, const net::Endpoint& destination);
  void cancel(ClientTransactionId inviteTx, const std::vector<Header>& extraHeaders);
  bool respond(ServerTransactionId tx, Message response);
  bool sendStateless(const Message& message, const net::Endpoint& destination);
  void rejectStateless(const Message& request, int statusCode, const net::Endpoint& source); // incoming.cpp
  const ServerTransaction* server(ServerTransactionId tx) const;
  const ClientTransaction* client(ClientTransactionId tx) const;
  void tick();
  std::optional<common::TimePoint> nextDeadline() const { return timers_.nextDeadline(); }
  std::size_t activeCount() const { return clients_.size() + servers_.size() - doomed_.size(); }
  const Counters& counters() const { return counters_; }

  // Transaction::Host
  common::TimePoint now() const override { return clock_.now(); }
  const TimerConfig& timerConfig() const override { return config_; }
  TimerHandle schedule(common::Duration delay, TimerTarget target) override;
  void cancelTimer(TimerHandle handle) override { timers_.cancel(handle); }
  bool transmit(const Message& message, const net::Endpoint& destination) override;
  bool transmitResponse(const Message& response, const ResponseRoute& route) override;
  void countRetransmission() override { ++counters_.retransmissions; }
  void countTimeout() override { ++counters_.timeouts; }
  void terminated(TransactionId id) override;
  void clientResponse(TransactionId id, const Message& response) override;
  void clientFailure(TransactionId id, const Message& failure) override;
  void clientCancelReady(TransactionId id, const std::vector<Header>& extraHeaders) override;
  void serverAckTimeout(TransactionId id) override;
  void serverAckForSuccess(const Message& ack, const net::Endpoint& source) override;

private:
  template <typename T> struct Entry {
    std::unique_ptr<T> tx;
    std::string key;       // "" when not indexed (a key collision)
    bool internal = false; // run by the layer for itself (CANCEL): the TU hears nothing
  };

  // Frees terminated transactions once no public call is on the stack, so a
  // transaction is never destroyed while one of its member functions runs.
  class Dispatch {
  public:
    explicit Dispatch(Impl& impl) : impl_(impl) { ++impl_.depth_; }
    ~Dispatch();
    Dispatch(const Dispatch&) = delete;
    Dispatch& operator=(const Dispatch&) = delete;

  private:
    Impl& impl_;
  };

  // incoming.cpp
  void receiveResponse(const Message& response);
  void receiveRequest(const Message& request, const net::Endpoint& source);
  void receiveAck(const Message& ack, const net::Endpoint& source);
  void receiveCancel(const Message& cancel, const ServerKey& key, const net::Endpoint& source);
  ServerTransaction* findServer(const Message& request, const ServerKey& key);
  ServerTransaction* findServer(const Message& request, std::string_view method);
  ServerTransaction* createServer(const Message& request, const ServerKey& key,
                                  const net::Endpoint& source, bool internal);

  ClientTransaction* startClient(Message request, const net::Endpoint& destination, std::string key,
                                 bool internal);
  const Entry<ClientTransaction>* clientEntry(TransactionId id) const;
  const Entry<ServerTransaction>* serverEntry(TransactionId id) const;
  void reap();

  const common::Clock& clock_;
  MessageSender& sender_;
  TransactionUser& user_;
  TimerConfig config_;
  // Declared before the transactions: their destructors cancel timers here.
  TimerQueue timers_;
  std::unordered_map<TransactionId, Entry<ClientTransaction>> clients_;
  std::unordered_map<TransactionId, Entry<ServerTransaction>> servers_;
  std::unordered_map<std::string, TransactionId> clientIndex_;
  std::unordered_map<std::string, TransactionId> serverIndex_;
  std::vector<TransactionId> doomed_;
  Counters counters_;
  TransactionId nextId_ = 1;
  int depth_ = 0;
};

} // namespace sb::sip::transaction
