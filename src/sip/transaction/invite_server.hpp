#pragma once
// The INVITE server transaction (RFC 3261 17.2.1, with RFC 6026's Accepted state).
//
//   Proceeding --2xx--> Accepted --Timer L--> Terminated
//       +--300-699--> Completed --ACK--> Confirmed --Timer I--> Terminated
//                         +--Timer H--> Terminated (TU told: no ACK)
// In Proceeding a 100 goes out by itself if the TU says nothing for 200 ms. Accepted
// absorbs INVITE retransmissions and hands matching ACKs to the TU; the TU keeps
// retransmitting its 2xx through respond() (RFC 3261 13.3.1.4).
#include "sip/transaction/transaction.hpp"

#include <optional>
#include <string>

namespace sb::sip::transaction {

class InviteServerTransaction final : public ServerTransaction {
public:
  enum class State { Proceeding, Completed, Confirmed, Accepted, Terminated };
  static constexpr common::Duration kTryingDelay{200};

  InviteServerTransaction(TransactionId id, Host& host, Message invite, net::Endpoint source,
                          ResponseRoute route);

  void start() override;
  void onRetransmission() override;
  void onAck(const Message& ack, const net::Endpoint& source) override;
  bool respond(Message response) override;
  bool hasFinalResponse() const override { return state_ != State::Proceeding; }
  bool cancellable() const override { return state_ == State::Proceeding; }
  const Message& request() const override { return invite_; }
  const net::Endpoint& source() const override { return source_; }
  const std::string& lastToTag() const override { return lastToTag_; }
  State state() const { return state_; }

protected:
  void onTimer(TimerName name) override;

private:
  void send(const Message& response);
  void enterCompleted(Message response);
  void finish();

  Message invite_;
  net::Endpoint source_;
  ResponseRoute route_;
  State state_ = State::Proceeding;
  std::optional<Message> lastProvisional_;
  std::optional<Message> finalResponse_; // the non-2xx, re-sent by Timer G
  std::string lastToTag_;
  common::Duration timerG_{};
};

} // namespace sb::sip::transaction
