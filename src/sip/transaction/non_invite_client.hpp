#pragma once
// The non-INVITE client transaction (RFC 3261 17.1.2).
//
//   Trying --1xx--> Proceeding --200-699--> Completed --Timer K--> Terminated
//     +--200-699--> Completed
//     +--Timer F / transport error--> Terminated (failure reported)
// Timer E retransmits over UDP: T1 doubling up to T2 in Trying, every T2 in Proceeding.
#include "sip/transaction/transaction.hpp"

namespace sb::sip::transaction {

class NonInviteClientTransaction final : public ClientTransaction {
public:
  enum class State { Trying, Proceeding, Completed, Terminated };

  NonInviteClientTransaction(TransactionId id, Host& host, Message request,
                             net::Endpoint destination);

  void start() override;
  void onResponse(const Message& response) override;
  const Message& request() const override { return request_; }
  const net::Endpoint& destination() const override { return destination_; }
  State state() const { return state_; }

protected:
  void onTimer(TimerName name) override;

private:
  void retransmit();
  void fail(int statusCode);

  Message request_;
  net::Endpoint destination_;
  State state_ = State::Trying;
  common::Duration timerE_{};
};

} // namespace sb::sip::transaction
