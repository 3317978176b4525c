#pragma once
// A listening TCP socket for one stream transport (TCP, TLS, WS, WSS).
#include "common/result.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <optional>

namespace sb::sip::transport {

class StreamAcceptor {
public:
  using OnAccepted = std::function<void(boost::asio::ip::tcp::socket socket)>;

  StreamAcceptor(boost::asio::io_context& io, OnAccepted onAccepted);
  ~StreamAcceptor();
  StreamAcceptor(const StreamAcceptor&) = delete;
  StreamAcceptor& operator=(const StreamAcceptor&) = delete;

  std::optional<common::Error> open(const boost::asio::ip::tcp::endpoint& local);
  void close();
  std::uint16_t port() const;

private:
  void accept();

  boost::asio::ip::tcp::acceptor acceptor_;
  // After an accept error (EMFILE) accepting again at once would spin: wait a moment.
  boost::asio::steady_timer retry_;
  OnAccepted onAccepted_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0); // see UdpSocket::alive_
};

} // namespace sb::sip::transport
