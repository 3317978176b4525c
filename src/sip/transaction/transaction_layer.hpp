#pragma once
// The RFC 3261 section 17 transaction layer: INVITE/non-INVITE client and server
// transactions, their timers and retransmissions, CANCEL matching, ACK for non-2xx.
//
// It is pure: it sends through MessageSender, reads time from a Clock, and never
// sleeps or owns a socket. The owner calls receive() for every message from the
// transport and tick() when nextDeadline() is reached.
#include "common/clock.hpp"
#include "net/endpoint.hpp"
#include "sip/message/message.hpp"

#include <cstdint>
#include <memory>
#include <optional>

namespace sb::sip::transaction {

struct TimerConfig {
  common::Duration t1{500};   // RTT estimate
  common::Duration t2{4000};  // maximum retransmit interval for non-INVITE requests and INVITE responses
  common::Duration t4{5000};  // maximum duration a message remains in the network
};

using ClientTransactionId = std::uint64_t;
using ServerTransactionId = std::uint64_t;

// Sends a message to the network. Implemented by the transport layer.
class MessageSender {
public:
  virtual ~MessageSender() = default;
  // Returns false when the message could not be sent (no route, connection gone).
  virtual bool send(const Message& message, const net::Endpoint& destination) = 0;
};

// The layer above (the transaction user): the B2BUA, registrar, ...
class TransactionUser {
public:
  virtual ~TransactionUser() = default;
  // A new request created a server transaction (every method but ACK, and CANCEL,
  // which the layer answers itself: see onCancel). The TU must
  // answer it with respond() (for INVITE, at least a final response eventually).
  virtual void onRequest(ServerTransactionId tx, const Message& request, const net::Endpoint& source) = 0;
  // The ACK for a 2xx (dialog level): an ACK that matched no INVITE server transaction,
  // or one that matched a transaction which sent a 2xx (RFC 6026 Accepted state).
  virtual void onAck(const Message& ack, const net::Endpoint& source) = 0;
  // A CANCEL matched the INVITE server transaction `inviteTx`; the layer already
  // answered the CANCEL with 200. The TU should answer the INVITE with 487 if not yet final.
  virtual void onCancel(ServerTransactionId inviteTx, const Message& cancel) = 0;
  // A response for a client transaction. Provisional and final; for INVITE, every
  // 2xx retransmission too (they are dialog-level: the TU ACKs them).
  virtual void onResponse(ClientTransactionId tx, const Message& response) = 0;
  // The client transaction timed out (Timer B/F, or 64*T1 after a CANCEL with no final
  // response, RFC 3261 9.1) or its transport failed; no final response will come. A 408
  // (timeout) or 503 (transport failure, RFC 3263 4.3) is synthesized into `timeout`.
  // Never called from inside sendRequest(): a failed first send is reported from tick().
  virtual void onClientFailure(ClientTransactionId tx, const Message& timeout) = 0;
  // An INVITE server transaction that sent a non-2xx ended without an ACK (Timer H).
  // (The ACK of a 2xx has its own branch and never matches the transaction: the TU
  // watches for it itself, RFC 3261 13.3.1.4.)
  virtual void onServerAckTimeout(ServerTransactionId tx) = 0;
  // A response (not matching any transaction) arrived: strays are dropped unless the TU
  // wants them (2xx retransmissions after Timer M, RFC 6026). Default: ignore.
  virtual void onStrayResponse(const Message& /*response*/) {}
};

struct Counters {
  std::uint64_t clientCreated = 0, serverCreated = 0, retransmissions = 0, timeouts = 0;
};

class TransactionLayer {
public:
  TransactionLayer(const common::Clock& clock, MessageSender& sender, TransactionUser& user,
                   TimerConfig timers = {});
  ~TransactionLayer();
  TransactionLayer(const TransactionLayer&) = delete;
  TransactionLayer& operator=(const TransactionLayer&) = delete;

  // Every message from the transport. Requests that fail validate() are answered with
  // the error status (stateless) and never reach the TU; bad responses are dropped.
  // Retransmitted requests are absorbed (the last response is re-sent).
  void receive(const Message& message, const net::Endpoint& source);

  // Starts a client transaction. The top Via must already be in place with a
  // branch starting "z9hG4bK" (use newBranch()). INVITE gets an INVITE client
  // transaction; ACK is not allowed here (use sendStateless). Returns 0 (and sends
  // nothing) for an ACK, a missing z9hG4bK branch, or a branch and method that already
  // have a client transaction.
  ClientTransactionId sendRequest(Message request, const net::Endpoint& destination);

  // Sends a CANCEL for a pending INVITE client transaction (RFC 3261 9.1), built from
  // its request, with the extra headers given (e.g. Reason). Does nothing once the
  // INVITE has a final response; if no provisional response (100 included) has come,
  // the CANCEL waits until one arrives (RFC 3261 9.1) or the INVITE ends. The CANCEL's
  // own responses stay in the layer. If the INVITE has no final response 64*T1 after
  // the CANCEL went out, it ends with onClientFailure (408).
  void cancel(ClientTransactionId inviteTx, const std::vector<Header>& extraHeaders = {});

  // Answers a server transaction. Returns false if it no longer exists or is final,
  // except that after a 2xx the TU's 2xx retransmissions (RFC 3261 13.3.1.4) are sent
  // until Timer L ends the transaction (RFC 6026 Accepted state).
  bool respond(ServerTransactionId tx, Message response);

  // Sends outside any transaction: the ACK for a 2xx, stateless replies.
  bool sendStateless(const Message& message, const net::Endpoint& destination);

  // Answers a request that never made it into a transaction (it did not parse whole,
  // e.g. a bad Content-Length, RFC 3261 18.3) with `statusCode`, routed back per its
  // Via like any response. ACKs are never answered.
  void rejectStateless(const Message& request, int statusCode, const net::Endpoint& source);

  // The request that created a server transaction (its top Via stamped with received/
  // rport), or nullptr. Still available inside the callback that reports its end.
  const Message* serverRequest(ServerTransactionId tx) const;
  // Where the request of a server transaction came from, or nullptr.
  const net::Endpoint* serverSource(ServerTransactionId tx) const;
  // The request of a client transaction, or nullptr.
  const Message* clientRequest(ClientTransactionId tx) const;

  // Timers: call tick() at or after nextDeadline().
  void tick();
  std::optional<common::TimePoint> nextDeadline() const;

  std::size_t activeCount() const;
  const Counters& counters() const;

private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// A fresh RFC 3261 branch: "z9hG4bK" + random.
std::string newBranch();
// A fresh random token for tags and Call-IDs.
std::string randomToken(std::size_t length = 16);

} // namespace sb::sip::transaction
