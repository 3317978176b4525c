#pragma once
// The two byte streams a server connection runs on, plain TCP and TLS over TCP, and the
// steps that differ between them.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <type_traits>

namespace sb::api::http {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

template <class Stream> inline constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

// Closes the TCP connection under any stream at once, cancelling what is pending on it.
template <class Stream> void cutConnection(Stream& stream) {
  boost::beast::error_code ignored;
  auto& tcp = boost::beast::get_lowest_layer(stream);
  tcp.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  tcp.close();
}

} // namespace sb::api::http
