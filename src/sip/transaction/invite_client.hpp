#pragma once
// The INVITE client transaction (RFC 3261 17.1.1, with RFC 6026's Accepted state so
// 2xx retransmissions reach the TU while the transaction still exists).
//
//   Calling --1xx--> Proceeding --2xx--> Accepted --Timer M--> Terminated
//      |  \--2xx--> Accepted       \--300-699 (ACK)--> Completed --Timer D--> Terminated
//      +--300-699 (ACK)--> Completed
//      +--Timer B / transport error--> Terminated (failure reported)
#include "sip/transaction/transaction.hpp"

#include <optional>
#include <vector>

namespace sb::sip::transaction {

class InviteClientTransaction final : public ClientTransaction {
public:
  enum class State { Calling, Proceeding, Completed, Accepted, Terminated };

  InviteClientTransaction(TransactionId id, Host& host, Message invite, net::Endpoint destination);

  void start() override;
  void onResponse(const Message& response) override;
  const Message& request() const override { return invite_; }
  const net::Endpoint& destination() const override { return destination_; }

  // RFC 3261 9.1: sends the CANCEL (through Host::clientCancelReady) now if a
  // provisional response came, later if none has yet, never once final.
  void requestCancel(std::vector<Header> extraHeaders);
  State state() const { return state_; }

protected:
  void onTimer(TimerName name) override;

private:
  void onProvisional(const Message& response);
  void onSuccess(const Message& response);
  void onFailure(const Message& response);
  void fail(int statusCode);
  void sendAck(const Message& response);

  Message invite_;
  net::Endpoint destination_;
  State state_ = State::Calling;
  common::Duration timerA_{};
  std::optional<std::vector<Header>> pendingCancel_;
  bool cancelSent_ = false;
  std::optional<Message> ack_; // the ACK for the non-2xx, re-sent on each retransmission
};

} // namespace sb::sip::transaction
