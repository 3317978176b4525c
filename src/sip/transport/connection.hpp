#pragma once
// One stream connection (TCP, TLS, WS or WSS) as seen by the transport layer: an id, the
// peer's endpoint, a queue of outgoing bytes and an idle timer. Subclasses own the socket.
//
// Connections are shared_ptr-owned because the io_context's pending handlers must keep a
// connection alive until they have run, even after the layer has forgotten it; the layer's
// table is the only owner that decides when a connection ends (close()).
#include "common/result.hpp"
#include "net/endpoint.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

namespace sb::sip::transport {

class Connection : public std::enable_shared_from_this<Connection> {
public:
  // The transport layer. Callbacks fire from the connection's completion handlers.
  class Owner {
  public:
    virtual ~Owner() = default;
    // One SIP message's bytes arrived (a framed stream message or one WebSocket message).
    virtual void onFrame(Connection& connection, std::string_view frame) = 0;
    // The stream could not be framed; the connection closes right after this returns.
    virtual void onFramingError(Connection& connection, const common::Error& error) = 0;
    // The connection is closed for good; fired once, never after detach().
    virtual void onClosed(Connection& connection) = 0;
  };

  // Bytes queued but not yet written beyond which send() refuses: a peer that stopped
  // reading must not make us buffer without bound.
  static constexpr std::size_t kMaxQueuedBytes = 4 * 1024 * 1024;
  // Connect plus TLS and WebSocket handshakes must finish within this (or the idle
  // timeout if shorter), so half-open connections cannot pile up.
  static constexpr std::chrono::seconds kHandshakeTimeout{10};

  Connection(boost::asio::any_io_executor executor, Owner& owner, net::Endpoint remote,
             std::chrono::seconds idleTimeout);
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Server side: runs the handshakes (TLS, WebSocket upgrade) then reads.
  virtual void startAccepted() = 0;

  net::ConnectionId id() const { return remote_.connection; }
  // The peer, with `connection` set to id().
  const net::Endpoint& remote() const { return remote_; }
  bool isClosed() const { return closed_; }

  // Queues bytes for writing; before the connection is established they wait. Returns
  // false when the connection is closed or the queue is full.
  bool send(std::string bytes);
  // Closes the socket and reports onClosed() once. Idempotent.
  void close();
  // The owner is going away: no more callbacks, and the socket is closed.
  void detach();

protected:
  // Handshakes done (or outbound connect done): reading starts, queued bytes are written.
  void established();
  // Traffic seen: pushes the idle deadline back.
  void touch() { lastActivity_ = std::chrono::steady_clock::now(); }
  // Subclasses call this when the write started by writeBytes() completes.
  void writeDone(const boost::system::error_code& ec);
  void reportFrame(std::string_view frame);
  void reportFramingError(const common::Error& error);
  bool handshaking() const { return !established_; }
  // Called once the connection is owned by a shared_ptr (startAccepted(), connect()).
  void startIdleTimer() { armIdleTimer(std::min(idleTimeout_, kHandshakeTimeout)); }

  // Starts one asynchronous write of `bytes` (kept alive by the queue until writeDone()).
  virtual void writeBytes(const std::string& bytes) = 0;
  virtual void startReading() = 0;
  virtual void closeSocket() = 0;

private:
  void armIdleTimer(std::chrono::steady_clock::duration delay);
  void onIdleTimer();
  void writeNext();

  Owner* owner_; // not owned; null once detached
  net::Endpoint remote_;
  std::chrono::seconds idleTimeout_;
  std::chrono::steady_clock::time_point lastActivity_;
  boost::asio::steady_timer idleTimer_;
  std::deque<std::string> queue_;
  std::size_t queuedBytes_ = 0;
  bool writing_ = false;
  bool established_ = false;
  bool closed_ = false;
};

} // namespace sb::sip::transport
