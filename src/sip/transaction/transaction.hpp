#pragma once
// What the four RFC 3261 17 state machines share: an id, timers kept in the layer's
// TimerQueue, and the Host (the layer) through which they send, schedule and report.
// The machines never call the TransactionUser directly: the layer decides what the TU
// sees (transactions the layer runs for itself, like CANCELs, report to no one).
#include "net/endpoint.hpp"
#include "sip/message/message.hpp"
#include "sip/transaction/timer_queue.hpp"
#include "sip/transaction/transaction_layer.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace sb::sip::transaction {

using TransactionId = std::uint64_t;

// Where responses of a server transaction go (RFC 3261 18.2.2, RFC 3581): `primary`
// first; when that fails (a stream connection is gone), `fallback` if any.
struct ResponseRoute {
  net::Endpoint primary;
  std::optional<net::Endpoint> fallback;
};

class Transaction {
public:
  // The layer, as seen by its transactions.
  class Host {
  public:
    virtual ~Host() = default;
    virtual common::TimePoint now() const = 0;
    virtual const TimerConfig& timerConfig() const = 0;
    virtual TimerHandle schedule(common::Duration delay, TimerTarget target) = 0;
    virtual void cancelTimer(TimerHandle handle) = 0;
    virtual bool transmit(const Message& message, const net::Endpoint& destination) = 0;
    virtual bool transmitResponse(const Message& response, const ResponseRoute& route) = 0;
    virtual void countRetransmission() = 0;
    virtual void countTimeout() = 0;
    // The transaction reached Terminated; the layer unindexes it and frees it later
    // (never while one of its member functions is running).
    virtual void terminated(TransactionId id) = 0;

    // Client transaction events.
    virtual void clientResponse(TransactionId id, const Message& response) = 0;
    virtual void clientFailure(TransactionId id, const Message& failure) = 0;
    // A deferred cancel() may now go out (a provisional response arrived).
    virtual void clientCancelReady(TransactionId id, const std::vector<Header>& extraHeaders) = 0;

    // Server transaction events.
    virtual void serverAckTimeout(TransactionId id) = 0;
    // An ACK matched an INVITE server transaction in Accepted (RFC 6026): it is the TU's.
    virtual void serverAckForSuccess(const Message& ack, const net::Endpoint& source) = 0;
  };

  Transaction(TransactionId id, Host& host, bool reliable)
      : id_(id), host_(host), reliable_(reliable) {}
  virtual ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  TransactionId id() const { return id_; }
  bool reliable() const { return reliable_; }
  bool isTerminated() const { return terminated_; }

  // Called by the layer when a timer of this transaction fires.
  void fireTimer(TimerName name);

protected:
  virtual void onTimer(TimerName name) = 0;

  Host& host() const { return host_; }
  const TimerConfig& config() const { return host_.timerConfig(); }
  // Restarts `name` to fire after `delay`.
  void startTimer(TimerName name, common::Duration delay);
  void stopTimer(TimerName name);
  // Stops every timer and tells the layer; idempotent.
  void terminate();

private:
  TransactionId id_;
  Host& host_;
  bool reliable_;
  bool terminated_ = false;
  std::array<TimerHandle, kTimerNameCount> timers_{};
};

// The next interval of a doubling retransmission timer (A, E, G), capped at `cap`.
common::Duration doubled(common::Duration interval, std::optional<common::Duration> cap);

class ClientTransaction : public Transaction {
public:
  using Transaction::Transaction;
  // Sends the request and starts the timers. A failed send is reported from tick().
  virtual void start() = 0;
  // A response whose branch and CSeq method matched this transaction (17.1.3).
  virtual void onResponse(const Message& response) = 0;
  virtual const Message& request() const = 0;
  virtual const net::Endpoint& destination() const = 0;
};

class ServerTransaction : public Transaction {
public:
  using Transaction::Transaction;
  virtual void start() = 0;
  // The same request arrived again.
  virtual void onRetransmission() = 0;
  // An ACK that matched (only INVITE server transactions take them).
  virtual void onAck(const Message& ack, const net::Endpoint& source) = 0;
  // The TU's response. False when the transaction cannot take it (already final).
  virtual bool respond(Message response) = 0;
  virtual bool hasFinalResponse() const = 0;
  // True while a CANCEL can still take effect (INVITE without final response).
  virtual bool cancellable() const { return false; }
  virtual const Message& request() const = 0;
  virtual const net::Endpoint& source() const = 0;
  // The To tag of the last response sent, "" if none: RFC 2543 ACK matching needs it.
  virtual const std::string& lastToTag() const = 0;
};

} // namespace sb::sip::transaction
