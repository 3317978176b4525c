#pragma once
// Shared pieces of the loopback transport tests: a recording listener, bounded waiting on
// the io_context, a sample message and a throwaway certificate.
#include "net/self_signed.hpp"
#include "sip/transport/transport_layer.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace sb::sip::transport::testing {

struct Received {
  Message message;
  net::Endpoint source;
};

class RecordingListener final : public TransportListener {
public:
  void onMessage(Message message, const net::Endpoint& source) override {
    messages.push_back({std::move(message), source});
  }
  void onBadMessage(const common::Error& error, std::string_view /*bytes*/, const net::Endpoint& source) override {
    badMessages.push_back({error, source});
  }
  void onConnectionClosed(net::ConnectionId connection) override { closed.push_back(connection); }

  std::vector<Received> messages;
  std::vector<std::pair<common::Error, net::Endpoint>> badMessages;
  std::vector<net::ConnectionId> closed;
};

// Runs handlers until `done` holds or the deadline passes; returns whether it held.
// `done` may consume what it checks (a read), so its last answer is the result.
inline bool runUntil(boost::asio::io_context& io, const std::function<bool()>& done,
                     std::chrono::milliseconds bound = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (io.stopped()) io.restart();
    io.run_one_for(std::chrono::milliseconds(20));
  }
  return true;
}

inline std::string optionsRequest(const std::string& transport,
                                  const std::string& callId = "a84b4c76e66710") {
  return "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/" +
         transport +
         " 127.0.0.1:5060;branch=z9hG4bK776asdhds\r\n"
         "Max-Forwards: 70\r\n"
         "To: <sip:bob@127.0.0.1>\r\n"
         "From: <sip:alice@127.0.0.1>;tag=1928301774\r\n"
         "Call-ID: " +
         callId +
         "\r\n"
         "CSeq: 1 OPTIONS\r\n"
         "Content-Length: 0\r\n"
         "\r\n";
}

inline Message parsed(const std::string& bytes) {
  auto message = parseMessage(bytes);
  EXPECT_TRUE(message.ok());
  return message.ok() ? std::move(*message) : Message{};
}

// A certificate and key in a fresh directory under the test temp dir.
struct TestCertificate {
  TestCertificate() {
    std::string pattern = ::testing::TempDir() + "sb_transport_XXXXXX";
    dir = ::mkdtemp(pattern.data());
    files.certificateChain = dir + "/cert.pem";
    files.privateKey = dir + "/key.pem";
    auto error = net::writeSelfSignedCertificate(files.certificateChain, files.privateKey);
    EXPECT_FALSE(error.has_value()) << (error ? error->message : "");
  }
  ~TestCertificate() { std::filesystem::remove_all(dir); }
  std::string dir;
  TlsFiles files;
};

} // namespace sb::sip::transport::testing
