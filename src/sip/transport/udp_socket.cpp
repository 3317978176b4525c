#include "sip/transport/udp_socket.hpp"

#include "common/log.hpp"

namespace sb::sip::transport {

namespace udp = boost::asio::ip;

UdpSocket::UdpSocket(boost::asio::io_context& io, OnDatagram onDatagram)
    : socket_(io), onDatagram_(std::move(onDatagram)) {}

UdpSocket::~UdpSocket() {
  close();
}

namespace {
constexpr int kReceiveBufferBytes = 4 * 1024 * 1024;
} // namespace

std::optional<common::Error> UdpSocket::open(const udp::udp::endpoint& local) {
  boost::system::error_code ec;
  socket_.open(local.protocol(), ec);
  if (!ec) socket_.bind(local, ec);
  if (!ec) socket_.non_blocking(true, ec);
  if (!ec) {
    // A burst must fit in the socket while the signalling thread is busy or descheduled;
    // the default (about 200 KB) dropped datagrams under load in bench/sip_cps. The
    // kernel caps this at net.core.rmem_max; a refusal is not an error.
    boost::system::error_code ignored;
    socket_.set_option(boost::asio::socket_base::receive_buffer_size(kReceiveBufferBytes), ignored);
  }
  if (ec) {
    close();
    return common::makeError("UDP " + local.address().to_string() + ":" +
                             std::to_string(local.port()) + ": " + ec.message());
  }
  receive();
  return std::nullopt;
}

void UdpSocket::close() {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

std::uint16_t UdpSocket::port() const {
  boost::system::error_code ec;
  const auto local = socket_.local_endpoint(ec);
  return ec ? 0 : local.port();
}

bool UdpSocket::send(std::string_view bytes, const udp::udp::endpoint& destination) {
  if (!socket_.is_open()) return false;
  boost::system::error_code ec;
  socket_.send_to(boost::asio::buffer(bytes.data(), bytes.size()), destination, 0, ec);
  if (ec) SB_LOG_DEBUG("UDP send to {}: {}", destination.address().to_string(), ec.message());
  return !ec;
}

void UdpSocket::receive() {
  socket_.async_receive_from(
      boost::asio::buffer(buffer_), sender_,
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec,
                                                 std::size_t size) {
        if (alive.expired() || ec == boost::asio::error::operation_aborted || !socket_.is_open())
          return;
        // Other errors (an ICMP port unreachable surfacing as ECONNREFUSED) concern one
        // earlier datagram, not the socket: keep receiving.
        if (!ec) {
          net::Endpoint source{net::TransportKind::Udp, sender_.address().to_string(),
                               sender_.port(), 0};
          onDatagram_(std::string_view(buffer_.data(), size), source);
        }
        if (!alive.expired() && socket_.is_open()) receive();
      });
}

} // namespace sb::sip::transport
