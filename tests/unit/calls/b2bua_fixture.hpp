#pragma once
// The B2BUA against the real transaction layer, with the network, clock, storage, media
// and directories faked: the fixture every B2BUA test starts from.
#include "calls/b2bua.hpp"
#include "common/clock.hpp"
#include "fakes.hpp"

#include <gtest/gtest.h>

namespace sb::calls {

using testing::FakeDevices;
using testing::ScriptedRouting;
using testing::HeldCallLog;
using testing::ManualScheduler;
using testing::RecordingNetwork;

inline const net::Endpoint kTrunk{net::TransportKind::Udp, "127.0.0.2", 5060, 0};
inline const net::Endpoint kAlicePhone{net::TransportKind::Udp, "127.0.0.1", 6001, 0};
inline const net::Endpoint kAliceDesk{net::TransportKind::Udp, "127.0.0.1", 6002, 0};
inline const net::Endpoint kBobPhone{net::TransportKind::Udp, "127.0.0.1", 6003, 0};
inline const net::Endpoint kStranger{net::TransportKind::Udp, "127.0.0.3", 5060, 0};

inline DeviceContact contactAt(const std::string& user, const std::string& sipUser, const net::Endpoint& ep) {
  DeviceContact c;
  c.userId = user;
  c.deviceId = "dev-" + sipUser + std::to_string(ep.port);
  c.contact = sip::Uri::parse("sip:" + sipUser + "@" + ep.address + ":" + std::to_string(ep.port)).value();
  c.flow = ep;
  return c;
}

inline sip::Message parse(const std::string& text) {
  auto m = sip::parseMessage(text);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return m.value();
}

inline std::string trunkInvite(const std::string& callId = "call-1@trunk") {
  std::string sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n"
                    "m=audio 40000 RTP/AVP 0\r\n";
  return "INVITE sip:+15550100001@127.0.0.1:5060 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-trunk-" + callId.substr(0, callId.find('@')) + "\r\n"
         "Max-Forwards: 70\r\n"
         "From: \"Pat Prospect\" <sip:+15557654321@127.0.0.2>;tag=caller1\r\n"
         "To: <sip:+15550100001@127.0.0.1>\r\n"
         "Call-ID: " + callId + "\r\n"
         "CSeq: 1 INVITE\r\n"
         "Contact: <sip:+15557654321@127.0.0.2:5060>\r\n"
         "Content-Type: application/sdp\r\n"
         "Content-Length: " + std::to_string(sdp.size()) + "\r\n\r\n" + sdp;
}

class B2buaTest : public ::testing::Test {
protected:
  explicit B2buaTest(B2buaConfig::Ringback ringback = B2buaConfig::Ringback::Signal)
      : layer(clock, network, dispatcher),
        b2bua(B2buaDeps{clock, scheduler, layer,
                        [](net::TransportKind) { return net::Endpoint{net::TransportKind::Udp, "127.0.0.1", 5060, 0}; },
                        devices, routing, auth, trunkCreds, log, media},
              configWith(ringback)) {
    dispatcher.target = &b2bua;
    routing.numbers.insert("+15550100001");
    routing.routes.push_back(ScriptedRouting::offer({"u-alice"}));
    devices.contacts = {contactAt("u-alice", "alice", kAlicePhone), contactAt("u-alice", "alice", kAliceDesk)};
  }

  static B2buaConfig configWith(B2buaConfig::Ringback ringback) {
    B2buaConfig config;
    config.trunks = {Trunk{"127.0.0.2", 0, net::TransportKind::Udp}};
    config.ringTimeout = common::Duration{30'000};
    config.userAgent = "test";
    config.ringback = ringback;
    return config;
  }

  // The transaction layer needs its user before the B2BUA exists; this forwards.
  struct Forwarder final : sip::transaction::TransactionUser {
    void onRequest(ServerTransactionId tx, const sip::Message& r, const net::Endpoint& s) override { target->onRequest(tx, r, s); }
    void onAck(const sip::Message& a, const net::Endpoint& s) override { target->onAck(a, s); }
    void onCancel(ServerTransactionId tx, const sip::Message& c) override { target->onCancel(tx, c); }
    void onResponse(ClientTransactionId tx, const sip::Message& r) override { target->onResponse(tx, r); }
    void onClientFailure(ClientTransactionId tx, const sip::Message& t) override { target->onClientFailure(tx, t); }
    void onServerAckTimeout(ServerTransactionId tx) override { target->onServerAckTimeout(tx); }
    B2bua* target = nullptr;
  };

  // Sends the trunk INVITE, commits the call record, and returns the INVITEs sent to each device.
  std::pair<sip::Message, sip::Message> ringAlice() {
    layer.receive(parse(trunkInvite()), kTrunk);
    EXPECT_TRUE(network.take(kAlicePhone).empty()) << "nothing may ring before the call is stored (R-29)";
    log.commitAll();
    auto phone = network.take(kAlicePhone);
    auto desk = network.take(kAliceDesk);
    EXPECT_EQ(phone.size(), 1u);
    EXPECT_EQ(desk.size(), 1u);
    return {phone.at(0), desk.at(0)};
  }

  sip::Message reply(const sip::Message& invite, int code, const std::string& tag, const net::Endpoint& from) {
    auto r = sip::makeResponse(invite, code, {}, tag);
    r.addHeader("Contact", "<sip:alice@" + from.address + ":" + std::to_string(from.port) + ">");
    if (code == 200) {
      r.addHeader("Content-Type", "application/sdp");
      r.body = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 41000 RTP/AVP 0\r\n";
    }
    return parse(r.serialize()); // as it would arrive: Content-Length matching the body
  }

  static std::vector<int> codes(const std::vector<sip::Message>& ms) {
    std::vector<int> out;
    for (const auto& m : ms) out.push_back(m.isResponse() ? m.statusCode : 0);
    return out;
  }
  static std::vector<std::string> methods(const std::vector<sip::Message>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms) out.push_back(m.isRequest() ? m.method : std::to_string(m.statusCode));
    return out;
  }

  common::ManualClock clock;
  RecordingNetwork network;
  ManualScheduler scheduler;
  FakeDevices devices;
  ScriptedRouting routing;
  testing::AcceptAllDevices auth;
  testing::NoTrunkCredentials trunkCreds;
  HeldCallLog log;
  testing::FakeMedia media;
  Forwarder dispatcher;
  sip::transaction::TransactionLayer layer;
  B2bua b2bua;
};

} // namespace sb::calls
