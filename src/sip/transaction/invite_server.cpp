#include "sip/transaction/invite_server.hpp"

#include "common/log.hpp"

namespace sb::sip::transaction {

InviteServerTransaction::InviteServerTransaction(TransactionId id, Host& host, Message invite,
                                                 net::Endpoint source, ResponseRoute route)
    : ServerTransaction(id, host, net::isReliable(source.transport)), invite_(std::move(invite)),
      source_(std::move(source)), route_(std::move(route)) {}

void InviteServerTransaction::start() {
  startTimer(TimerName::Trying, kTryingDelay);
}

void InviteServerTransaction::send(const Message& response) {
  lastToTag_ = response.toTag();
  host().transmitResponse(response, route_);
}

bool InviteServerTransaction::respond(Message response) {
  int code = response.statusCode;
  if (state_ == State::Accepted) {
    if (code < 200 || code >= 300) return false;
    send(response); // the TU's own 2xx retransmission
    return true;
  }
  if (state_ != State::Proceeding || code < 100) return false;
  stopTimer(TimerName::Trying);
  if (code < 200) {
    send(response);
    lastProvisional_ = std::move(response);
  } else if (code < 300) {
    send(response);
    state_ = State::Accepted;
    startTimer(TimerName::L, 64 * config().t1);
  } else {
    enterCompleted(std::move(response));
  }
  return true;
}

void InviteServerTransaction::enterCompleted(Message response) {
  send(response);
  finalResponse_ = std::move(response);
  state_ = State::Completed;
  if (!reliable()) {
    timerG_ = config().t1;
    startTimer(TimerName::G, timerG_);
  }
  startTimer(TimerName::H, 64 * config().t1);
}

void InviteServerTransaction::onRetransmission() {
  const Message* resend = nullptr;
  if (state_ == State::Proceeding && lastProvisional_) resend = &*lastProvisional_;
  if (state_ == State::Completed && finalResponse_) resend = &*finalResponse_;
  if (resend == nullptr) return; // Accepted and Confirmed absorb it
  host().countRetransmission();
  send(*resend);
}

void InviteServerTransaction::onAck(const Message& ack, const net::Endpoint& source) {
  switch (state_) {
  case State::Completed:
    state_ = State::Confirmed;
    stopTimer(TimerName::G);
    stopTimer(TimerName::H);
    if (reliable()) return finish(); // Timer I is 0 over reliable transports
    startTimer(TimerName::I, config().t4);
    return;
  case State::Accepted:
    host().serverAckForSuccess(ack, source);
    return;
  case State::Proceeding:
  case State::Confirmed:
  case State::Terminated:
    return;
  }
}

void InviteServerTransaction::finish() {
  state_ = State::Terminated;
  terminate();
}

void InviteServerTransaction::onTimer(TimerName name) {
  switch (name) {
  case TimerName::Trying:
    if (state_ == State::Proceeding && !lastProvisional_) {
      Message trying = makeResponse(invite_, 100, reasonPhrase(100));
      send(trying);
      lastProvisional_ = std::move(trying);
    }
    return;
  case TimerName::G:
    if (state_ != State::Completed || !finalResponse_) return;
    host().countRetransmission();
    send(*finalResponse_);
    timerG_ = doubled(timerG_, config().t2);
    startTimer(TimerName::G, timerG_);
    return;
  case TimerName::H:
    if (state_ != State::Completed) return;
    host().countTimeout();
    finish();
    host().serverAckTimeout(id());
    return;
  case TimerName::I:
  case TimerName::L:
    return finish();
  default:
    SB_LOG_WARN("INVITE server transaction: unexpected timer {}", timerNameText(name));
  }
}

} // namespace sb::sip::transaction
