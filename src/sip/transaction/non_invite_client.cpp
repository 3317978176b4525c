#include "sip/transaction/non_invite_client.hpp"

#include "common/log.hpp"
#include "sip/transaction/layer_messages.hpp"

namespace sb::sip::transaction {

NonInviteClientTransaction::NonInviteClientTransaction(TransactionId id, Host& host,
                                                       Message request, net::Endpoint destination)
    : ClientTransaction(id, host, net::isReliable(destination.transport)),
      request_(std::move(request)), destination_(std::move(destination)) {}

void NonInviteClientTransaction::start() {
  if (!host().transmit(request_, destination_)) {
    startTimer(TimerName::TransportFailure, common::Duration{0});
    return;
  }
  if (!reliable()) {
    timerE_ = config().t1;
    startTimer(TimerName::E, timerE_);
  }
  startTimer(TimerName::F, 64 * config().t1);
}

void NonInviteClientTransaction::onResponse(const Message& response) {
  if (state_ != State::Trying && state_ != State::Proceeding) return; // Completed absorbs
  if (response.statusCode < 200) {
    state_ = State::Proceeding;
    host().clientResponse(id(), response);
    return;
  }
  state_ = State::Completed;
  stopTimer(TimerName::E);
  stopTimer(TimerName::F);
  if (reliable()) {
    state_ = State::Terminated;
    terminate(); // Timer K is 0 over reliable transports
  } else {
    startTimer(TimerName::K, config().t4);
  }
  host().clientResponse(id(), response);
}

void NonInviteClientTransaction::retransmit() {
  host().countRetransmission();
  if (!host().transmit(request_, destination_)) return fail(503);
  // In Proceeding the interval is T2 straight away (17.1.2.2).
  timerE_ = state_ == State::Trying ? doubled(timerE_, config().t2) : config().t2;
  startTimer(TimerName::E, timerE_);
}

void NonInviteClientTransaction::fail(int statusCode) {
  state_ = State::Terminated;
  terminate();
  host().clientFailure(id(), makeLocalFailure(request_, statusCode));
}

void NonInviteClientTransaction::onTimer(TimerName name) {
  switch (name) {
  case TimerName::E:
    if (state_ == State::Trying || state_ == State::Proceeding) retransmit();
    return;
  case TimerName::F:
    if (state_ != State::Trying && state_ != State::Proceeding) return;
    host().countTimeout();
    return fail(408);
  case TimerName::TransportFailure:
    return fail(503);
  case TimerName::K:
    state_ = State::Terminated;
    terminate();
    return;
  default:
    SB_LOG_WARN("non-INVITE client transaction: unexpected timer {}", timerNameText(name));
  }
}

} // namespace sb::sip::transaction
