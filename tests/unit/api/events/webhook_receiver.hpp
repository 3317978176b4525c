#pragma once
// A real HTTP(S) server on 127.0.0.1, port 0, for the webhook tests: it records each
// request and answers with scripted statuses. Runs on the test's io_context, so the
// dispatcher and the receiver advance together under runUntil().
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace sb::api::events::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// Runs io handlers until `done` holds or `bound` passes; returns whether it held.
inline bool runUntil(asio::io_context& io, const std::function<bool()>& done,
                     std::chrono::milliseconds bound = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (io.stopped()) io.restart();
    io.run_one_for(std::chrono::milliseconds(10));
  }
  return true;
}

class WebhookReceiver {
public:
  using Request = bhttp::request<bhttp::string_body>;

  // Plain HTTP, or HTTPS when `tls` (a server context, outliving the receiver) is given.
  explicit WebhookReceiver(asio::io_context& io, asio::ssl::context* tls = nullptr)
      : acceptor_(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), tls_(tls) {
    accept();
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string url(const std::string& target = "/hook") const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port()) + target;
  }

  std::deque<int> answers; // statuses to answer, in order; 200 once used up
  std::string location;    // the Location sent with a 3xx answer
  bool silent = false;     // read each request and never answer
  std::vector<Request> requests;

private:
  template <typename Stream> class Session : public std::enable_shared_from_this<Session<Stream>> {
  public:
    template <typename... Args>
    Session(WebhookReceiver& owner, Args&&... args)
        : owner_(owner), stream_(std::forward<Args>(args)...) {}

    void start() {
      if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
        read();
      } else {
        stream_.async_handshake(asio::ssl::stream_base::server,
                                [self = this->shared_from_this()](beast::error_code ec) {
                                  if (!ec) self->read();
                                });
      }
    }

  private:
    void read() {
      bhttp::async_read(stream_, buffer_, request_,
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                          if (ec) return;
                          self->owner_.requests.push_back(self->request_);
                          if (self->owner_.silent) {
                            self->owner_.held_.push_back(
                                self); // keeps the connection open, unanswered
                            return;
                          }
                          self->respond();
                        });
    }

    void respond() {
      int status = 200;
      if (!owner_.answers.empty()) {
        status = owner_.answers.front();
        owner_.answers.pop_front();
      }
      response_.result(static_cast<unsigned>(status));
      response_.version(11);
      if (status >= 300 && status < 400 && !owner_.location.empty())
        response_.set(bhttp::field::location, owner_.location);
      response_.set(bhttp::field::connection, "close");
      response_.body() = "{}";
      response_.prepare_payload();
      bhttp::async_write(stream_, response_,
                         [self = this->shared_from_this()](beast::error_code, std::size_t) {
                           beast::get_lowest_layer(self->stream_).close();
                         });
    }

    WebhookReceiver& owner_;
    Stream stream_;
    beast::flat_buffer buffer_;
    Request request_;
    bhttp::response<bhttp::string_body> response_;
  };

  void accept() {
    acceptor_.async_accept([this](beast::error_code ec, asio::ip::tcp::socket socket) {
      if (ec) return;
      if (tls_) {
        std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(*this, std::move(socket),
                                                                        *tls_)
            ->start();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(*this, std::move(socket))->start();
      }
      accept();
    });
  }

  asio::ip::tcp::acceptor acceptor_;
  asio::ssl::context* tls_; // not owned
  std::vector<std::shared_ptr<void>> held_;
};

// A port on 127.0.0.1 where nothing listens (bound, then released).
inline std::uint16_t closedPort(asio::io_context& io) {
  asio::ip::tcp::acceptor probe(io,
                                asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return probe.local_endpoint().port();
}

} // namespace sb::api::events::testing
