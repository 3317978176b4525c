#include "sip/transport/stream_acceptor.hpp"

#include "common/log.hpp"

#include <chrono>

namespace sb::sip::transport {

using boost::asio::ip::tcp;

StreamAcceptor::StreamAcceptor(boost::asio::io_context& io, OnAccepted onAccepted)
    : acceptor_(io), retry_(io), onAccepted_(std::move(onAccepted)) {}

StreamAcceptor::~StreamAcceptor() {
  close();
}

std::optional<common::Error> StreamAcceptor::open(const tcp::endpoint& local) {
  boost::system::error_code ec;
  acceptor_.open(local.protocol(), ec);
  // SO_REUSEADDR so a restart does not wait for TIME_WAIT connections of the last run.
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(local, ec);
  if (!ec) acceptor_.listen(tcp::acceptor::max_listen_connections, ec);
  if (ec) {
    close();
    return common::makeError("TCP " + local.address().to_string() + ":" +
                             std::to_string(local.port()) + ": " + ec.message());
  }
  accept();
  return std::nullopt;
}

void StreamAcceptor::close() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  retry_.cancel();
}

std::uint16_t StreamAcceptor::port() const {
  boost::system::error_code ec;
  const auto local = acceptor_.local_endpoint(ec);
  return ec ? 0 : local.port();
}

void StreamAcceptor::accept() {
  acceptor_.async_accept([this, alive = std::weak_ptr<int>(alive_)](
                             const boost::system::error_code& ec, tcp::socket socket) {
    if (alive.expired() || ec == boost::asio::error::operation_aborted || !acceptor_.is_open())
      return;
    if (!ec) {
      onAccepted_(std::move(socket));
      if (!alive.expired() && acceptor_.is_open()) accept();
      return;
    }
    SB_LOG_WARN("accept failed: {}", ec.message());
    retry_.expires_after(std::chrono::milliseconds(100));
    retry_.async_wait([this, alive](const boost::system::error_code& waitEc) {
      if (!alive.expired() && !waitEc && acceptor_.is_open()) accept();
    });
  });
}

} // namespace sb::sip::transport
