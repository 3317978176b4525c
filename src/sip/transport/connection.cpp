#include "sip/transport/connection.hpp"

#include "common/log.hpp"

namespace sb::sip::transport {

Connection::Connection(boost::asio::any_io_executor executor, Owner& owner, net::Endpoint remote,
                       std::chrono::seconds idleTimeout)
    : owner_(&owner), remote_(std::move(remote)), idleTimeout_(idleTimeout),
      lastActivity_(std::chrono::steady_clock::now()), idleTimer_(executor) {}

bool Connection::send(std::string bytes) {
  if (closed_ || queuedBytes_ + bytes.size() > kMaxQueuedBytes) return false;
  queuedBytes_ += bytes.size();
  queue_.push_back(std::move(bytes));
  if (established_ && !writing_) writeNext();
  return true;
}

void Connection::writeNext() {
  if (queue_.empty() || closed_) return;
  writing_ = true;
  writeBytes(queue_.front());
}

void Connection::writeDone(const boost::system::error_code& ec) {
  writing_ = false;
  if (closed_) return;
  if (ec) {
    SB_LOG_DEBUG("write to {} failed: {}", remote_.str(), ec.message());
    close();
    return;
  }
  touch();
  queuedBytes_ -= queue_.front().size();
  queue_.pop_front();
  writeNext();
}

void Connection::established() {
  if (closed_) return;
  established_ = true;
  touch();
  startReading();
  if (!writing_) writeNext();
}

// Armed before any handshake starts, so it also bounds a handshake that never ends.
void Connection::armIdleTimer(std::chrono::steady_clock::duration delay) {
  idleTimer_.expires_after(delay);
  idleTimer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->onIdleTimer();
  });
}

void Connection::onIdleTimer() {
  if (closed_) return;
  if (!established_) {
    SB_LOG_DEBUG("handshake with {} timed out", remote_.str());
    close();
    return;
  }
  const auto idleFor = std::chrono::steady_clock::now() - lastActivity_;
  if (idleFor >= idleTimeout_) {
    SB_LOG_DEBUG("closing idle connection {}", remote_.str());
    close();
    return;
  }
  armIdleTimer(idleTimeout_ - idleFor);
}

void Connection::reportFrame(std::string_view frame) {
  touch();
  if (owner_ != nullptr && !closed_) owner_->onFrame(*this, frame);
}

void Connection::reportFramingError(const common::Error& error) {
  if (owner_ != nullptr && !closed_) owner_->onFramingError(*this, error);
  close();
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  idleTimer_.cancel();
  closeSocket(); // the queue stays: a write in flight may still point into its front
  if (owner_ != nullptr) owner_->onClosed(*this);
}

void Connection::detach() {
  owner_ = nullptr;
  close();
}

} // namespace sb::sip::transport
