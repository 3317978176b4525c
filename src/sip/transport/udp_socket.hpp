#pragma once
// SIP over UDP (RFC 3261 18.1.1, 18.2.1): one socket, one datagram per message.
#include "common/result.hpp"
#include "net/endpoint.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace sb::sip::transport {

class UdpSocket {
public:
  // Fires for each datagram received; `bytes` is valid only during the call.
  using OnDatagram = std::function<void(std::string_view bytes, const net::Endpoint& source)>;

  UdpSocket(boost::asio::io_context& io, OnDatagram onDatagram);
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  std::optional<common::Error> open(const boost::asio::ip::udp::endpoint& local);
  void close();

  // Sends without blocking: the socket is non-blocking, so a full send buffer drops the
  // datagram (returns false) and the transaction layer's retransmission covers it.
  // Datagrams larger than the path MTU are still sent and left to IP fragmentation: the
  // RFC 3261 18.1.1 switch to TCP above 1300 bytes would need the transaction layer to
  // rewrite the Via it already built, so it is not done here.
  bool send(std::string_view bytes, const boost::asio::ip::udp::endpoint& destination);

  std::uint16_t port() const;

private:
  void receive();

  boost::asio::ip::udp::socket socket_;
  OnDatagram onDatagram_;
  boost::asio::ip::udp::endpoint sender_;
  std::array<char, 65535> buffer_{};
  // Handlers hold a weak copy: a completion queued before destruction must not touch us.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

} // namespace sb::sip::transport
