#include "sip/transaction/non_invite_server.hpp"

#include "common/log.hpp"

namespace sb::sip::transaction {

NonInviteServerTransaction::NonInviteServerTransaction(TransactionId id, Host& host,
                                                       Message request, net::Endpoint source,
                                                       ResponseRoute route)
    : ServerTransaction(id, host, net::isReliable(source.transport)), request_(std::move(request)),
      source_(std::move(source)), route_(std::move(route)) {}

bool NonInviteServerTransaction::respond(Message response) {
  if (state_ != State::Trying && state_ != State::Proceeding) return false;
  if (response.statusCode < 100) return false;
  lastToTag_ = response.toTag();
  host().transmitResponse(response, route_);
  bool final = response.statusCode >= 200;
  lastResponse_ = std::move(response);
  if (!final) {
    state_ = State::Proceeding;
    return true;
  }
  state_ = State::Completed;
  if (reliable()) {
    state_ = State::Terminated;
    terminate(); // Timer J is 0 over reliable transports
  } else {
    startTimer(TimerName::J, 64 * config().t1);
  }
  return true;
}

void NonInviteServerTransaction::onRetransmission() {
  if (!lastResponse_) return; // Trying: the TU has not answered yet
  host().countRetransmission();
  host().transmitResponse(*lastResponse_, route_);
}

void NonInviteServerTransaction::onTimer(TimerName name) {
  if (name != TimerName::J) {
    SB_LOG_WARN("non-INVITE server transaction: unexpected timer {}", timerNameText(name));
    return;
  }
  state_ = State::Terminated;
  terminate();
}

} // namespace sb::sip::transaction
