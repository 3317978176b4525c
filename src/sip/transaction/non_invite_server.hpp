#pragma once
// The non-INVITE server transaction (RFC 3261 17.2.2).
//
//   Trying --1xx--> Proceeding --200-699--> Completed --Timer J--> Terminated
//     +--200-699--> Completed
// A retransmitted request gets the last response again; in Trying there is none yet.
#include "sip/transaction/transaction.hpp"

#include <optional>
#include <string>

namespace sb::sip::transaction {

class NonInviteServerTransaction final : public ServerTransaction {
public:
  enum class State { Trying, Proceeding, Completed, Terminated };

  NonInviteServerTransaction(TransactionId id, Host& host, Message request, net::Endpoint source,
                             ResponseRoute route);

  void start() override {}
  void onRetransmission() override;
  void onAck(const Message& /*ack*/, const net::Endpoint& /*source*/) override {}
  bool respond(Message response) override;
  bool hasFinalResponse() const override {
    return state_ == State::Completed || state_ == State::Terminated;
  }
  const Message& request() const override { return request_; }
  const net::Endpoint& source() const override { return source_; }
  const std::string& lastToTag() const override { return lastToTag_; }
  State state() const { return state_; }

protected:
  void onTimer(TimerName name) override;

private:
  Message request_;
  net::Endpoint source_;
  ResponseRoute route_;
  State state_ = State::Trying;
  std::optional<Message> lastResponse_;
  std::string lastToTag_;
};

} // namespace sb::sip::transaction
