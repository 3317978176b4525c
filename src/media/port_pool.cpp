#include "media/port_pool.hpp"

#include "common/log.hpp"

#include <boost/asio/ip/address.hpp>

namespace sb::media {

namespace asio = boost::asio;
using asio::ip::udp;

PortPool::PortPool(std::string bindAddress, std::uint16_t firstPort, std::uint16_t lastPort)
    : bindAddress_(std::move(bindAddress)) {
  const std::uint32_t first = firstPort + (firstPort % 2u);
  for (std::uint32_t port = first; port + 1 <= lastPort && port + 1 <= 65535; port += 2)
    free_.push_back(static_cast<std::uint16_t>(port));
}

namespace {

// Opens and binds one socket; false when the port is taken (or the address is wrong).
bool bindSocket(udp::socket& socket, const asio::ip::address& address, std::uint16_t port) {
  boost::system::error_code ec;
  socket.open(address.is_v6() ? udp::v6() : udp::v4(), ec);
  if (!ec) socket.bind(udp::endpoint(address, port), ec);
  if (ec) {
    boost::system::error_code ignored;
    socket.close(ignored);
    return false;
  }
  return true;
}

} // namespace

common::Result<BoundPair> PortPool::acquire(asio::io_context& io) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(bindAddress_, ec);
  if (ec) return common::makeError("bad media bind address " + bindAddress_);

  std::lock_guard lock(mutex_);
  // Each pair is tried at most once per call; one that fails goes to the back, so a port
  // another process holds now is tried again later.
  for (std::size_t tries = free_.size(); tries > 0; --tries) {
    const std::uint16_t port = free_.front();
    free_.pop_front();
    BoundPair pair{port, udp::socket(io), udp::socket(io)};
    if (bindSocket(pair.rtp, address, port) &&
        bindSocket(pair.rtcp, address, static_cast<std::uint16_t>(port + 1))) {
      return pair;
    }
    SB_LOG_DEBUG("media: port pair {} is taken, skipped", port);
    free_.push_back(port);
  }
  return common::makeError("no free RTP port pair", 503);
}

void PortPool::release(std::uint16_t rtpPort) {
  std::lock_guard lock(mutex_);
  free_.push_back(rtpPort);
}

std::size_t PortPool::freeCount() const {
  std::lock_guard lock(mutex_);
  return free_.size();
}

} // namespace sb::media
