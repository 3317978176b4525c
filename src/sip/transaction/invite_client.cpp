#include "sip/transaction/invite_client.hpp"

#include "common/log.hpp"
#include "sip/transaction/layer_messages.hpp"

namespace sb::sip::transaction {

InviteClientTransaction::InviteClientTransaction(TransactionId id, Host& host, Message invite,
                                                 net::Endpoint destination)
    : ClientTransaction(id, host, net::isReliable(destination.transport)),
      invite_(std::move(invite)), destination_(std::move(destination)) {}

void InviteClientTransaction::start() {
  if (!host().transmit(invite_, destination_)) {
    startTimer(TimerName::TransportFailure, common::Duration{0});
    return;
  }
  if (!reliable()) {
    timerA_ = config().t1;
    startTimer(TimerName::A, timerA_);
  }
  startTimer(TimerName::B, 64 * config().t1);
}

void InviteClientTransaction::onResponse(const Message& response) {
  if (response.statusCode < 200) {
    onProvisional(response);
  } else if (response.statusCode < 300) {
    onSuccess(response);
  } else {
    onFailure(response);
  }
}

void InviteClientTransaction::onProvisional(const Message& response) {
  if (state_ != State::Calling && state_ != State::Proceeding) return;
  if (state_ == State::Calling) {
    state_ = State::Proceeding;
    stopTimer(TimerName::A);
    stopTimer(TimerName::B); // B only guards Calling (17.1.1.2)
  }
  bool sendCancelNow = pendingCancel_.has_value() && !cancelSent_;
  host().clientResponse(id(), response);
  if (sendCancelNow && state_ == State::Proceeding && !cancelSent_) {
    cancelSent_ = true;
    std::vector<Header> extra = std::move(*pendingCancel_);
    pendingCancel_.reset();
    startTimer(TimerName::CancelGuard, 64 * config().t1);
    host().clientCancelReady(id(), extra);
  }
}

void InviteClientTransaction::onSuccess(const Message& response) {
  switch (state_) {
  case State::Calling:
  case State::Proceeding:
    state_ = State::Accepted;
    stopTimer(TimerName::A);
    stopTimer(TimerName::B);
    stopTimer(TimerName::CancelGuard);
    startTimer(TimerName::M, 64 * config().t1);
    host().clientResponse(id(), response);
    break;
  case State::Accepted:
    // A 2xx retransmission or a 2xx from another fork: the TU ACKs each (RFC 6026 8.4).
    host().clientResponse(id(), response);
    break;
  case State::Completed:
  case State::Terminated:
    break;
  }
}

void InviteClientTransaction::onFailure(const Message& response) {
  switch (state_) {
  case State::Calling:
  case State::Proceeding:
    state_ = State::Completed;
    stopTimer(TimerName::A);
    stopTimer(TimerName::B);
    stopTimer(TimerName::CancelGuard);
    sendAck(response);
    if (reliable()) {
      state_ = State::Terminated;
      terminate(); // Timer D is 0 over reliable transports
    } else {
      startTimer(TimerName::D, 64 * config().t1);
    }
    host().clientResponse(id(), response);
    break;
  case State::Completed:
    // The server did not get our ACK: send it again, the TU has seen the response.
    if (ack_) {
      host().countRetransmission();
      host().transmit(*ack_, destination_);
    }
    break;
  case State::Accepted:
  case State::Terminated:
    break;
  }
}

void InviteClientTransaction::sendAck(const Message& response) {
  ack_ = makeAckForFailure(invite_, response);
  host().transmit(*ack_, destination_);
}

void InviteClientTransaction::requestCancel(std::vector<Header> extraHeaders) {
  if (cancelSent_ || pendingCancel_) return;
  if (state_ == State::Calling) {
    pendingCancel_ = std::move(extraHeaders);
    // Bound the wait: with no provisional and no final, Timer B still ends it.
    return;
  }
  if (state_ != State::Proceeding) return;
  cancelSent_ = true;
  startTimer(TimerName::CancelGuard, 64 * config().t1);
  host().clientCancelReady(id(), extraHeaders);
}

void InviteClientTransaction::fail(int statusCode) {
  state_ = State::Terminated;
  terminate();
  host().clientFailure(id(), makeLocalFailure(invite_, statusCode));
}

void InviteClientTransaction::onTimer(TimerName name) {
  switch (name) {
  case TimerName::A:
    if (state_ != State::Calling) return;
    host().countRetransmission();
    if (!host().transmit(invite_, destination_)) return fail(503);
    timerA_ = doubled(timerA_, std::nullopt); // INVITE retransmissions are not capped by T2
    startTimer(TimerName::A, timerA_);
    return;
  case TimerName::B:
    if (state_ != State::Calling) return;
    host().countTimeout();
    return fail(408);
  case TimerName::CancelGuard:
    // 9.1: no final response 64*T1 after the CANCEL: consider the INVITE cancelled.
    if (state_ != State::Proceeding) return;
    host().countTimeout();
    return fail(408);
  case TimerName::TransportFailure:
    return fail(503);
  case TimerName::D:
  case TimerName::M:
    state_ = State::Terminated;
    terminate();
    return;
  default:
    SB_LOG_WARN("INVITE client transaction: unexpected timer {}", timerNameText(name));
  }
}

} // namespace sb::sip::transaction
