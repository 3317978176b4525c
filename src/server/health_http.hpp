#pragma once
// The HTTP listener on --http. Until the JSON API lands it answers the operations
// probes only: GET /healthz (the process is up) and GET /readyz (taking calls; 503
// while draining for shutdown). Everything else is a JSON 404.
#include "common/result.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace sb::server {

class HealthHttp {
public:
  // `ready` is asked for each /readyz.
  HealthHttp(boost::asio::io_context& io, std::function<bool()> ready);
  ~HealthHttp();
  std::optional<common::Error> start(const std::string& host, std::uint16_t port);
  void stop();
  std::uint16_t boundPort() const;

private:
  void accept();
  boost::asio::io_context& io_;
  std::function<bool()> ready_;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;
};

} // namespace sb::server
