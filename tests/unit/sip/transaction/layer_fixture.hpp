#pragma once
// Drives a TransactionLayer by hand: a ManualClock, a MessageSender that records what
// was sent, and a TransactionUser that records what it was told.
#include "common/clock.hpp"
#include "sip/message/message.hpp"
#include "sip/transaction/transaction_layer.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace sb::sip::transaction::testing {

struct Sent {
  Message message;
  net::Endpoint destination;
};

class RecordingSender final : public MessageSender {
public:
  bool send(const Message& message, const net::Endpoint& destination) override {
    sent.push_back(Sent{message, destination});
    return failuresLeft == 0 || (--failuresLeft, false);
  }
  std::vector<Sent> sent;
  int failuresLeft = 0; // the next N sends fail (and are still recorded)
};

struct UserEvent {
  std::string kind; // "request", "ack", "cancel", "response", "failure", "ackTimeout", "stray"
  std::uint64_t tx = 0;
  Message message;
  net::Endpoint source;
};

class RecordingUser final : public TransactionUser {
public:
  void onRequest(ServerTransactionId tx, const Message& request,
                 const net::Endpoint& source) override {
    events.push_back({"request", tx, request, source});
    if (onRequestHook) onRequestHook(tx, request);
  }
  void onAck(const Message& ack, const net::Endpoint& source) override {
    events.push_back({"ack", 0, ack, source});
  }
  void onCancel(ServerTransactionId inviteTx, const Message& cancel) override {
    events.push_back({"cancel", inviteTx, cancel, {}});
  }
  void onResponse(ClientTransactionId tx, const Message& response) override {
    events.push_back({"response", tx, response, {}});
    if (onResponseHook) onResponseHook(tx, response);
  }
  void onClientFailure(ClientTransactionId tx, const Message& timeout) override {
    events.push_back({"failure", tx, timeout, {}});
  }
  void onServerAckTimeout(ServerTransactionId tx) override {
    events.push_back({"ackTimeout", tx, {}, {}});
  }
  void onStrayResponse(const Message& response) override {
    events.push_back({"stray", 0, response, {}});
  }

  std::size_t count(const std::string& kind) const {
    std::size_t n = 0;
    for (const UserEvent& e : events)
      n += e.kind == kind ? 1 : 0;
    return n;
  }
  std::vector<UserEvent> events;
  std::function<void(ServerTransactionId, const Message&)> onRequestHook;
  std::function<void(ClientTransactionId, const Message&)> onResponseHook;
};

// Parses a message written with "\n" line ends; fails the test if it does not parse.
Message parse(std::string text);

// A request as a UAC at 10.0.0.1:5060 would send it, `transport` in the Via.
Message makeRequest(const std::string& method, const std::string& branch = "z9hG4bKclient1",
                    const std::string& transport = "UDP",
                    const std::string& viaHost = "10.0.0.1:5060");

inline net::Endpoint udp(const std::string& address, std::uint16_t port) {
  return net::Endpoint{net::TransportKind::Udp, address, port, 0};
}
inline net::Endpoint tcp(const std::string& address, std::uint16_t port,
                         net::ConnectionId connection) {
  return net::Endpoint{net::TransportKind::Tcp, address, port, connection};
}

class LayerTest : public ::testing::Test {
protected:
  explicit LayerTest(TimerConfig timers = {})
      : config(timers), layer(clock, sender, user, timers) {}

  // Moves time forward by `d`, firing every timer on the way at its own deadline, as an
  // event loop would.
  void advance(common::Duration d);
  // Offsets (from the time of the call) at which messages were sent while advancing.
  std::vector<common::Duration> sendTimesDuring(common::Duration d);
  const Sent& lastSent() const { return sender.sent.back(); }

  TimerConfig config;
  common::ManualClock clock;
  RecordingSender sender;
  RecordingUser user;
  TransactionLayer layer;
};

} // namespace sb::sip::transaction::testing
