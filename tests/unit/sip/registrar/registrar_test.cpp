#include "sip/registrar/registrar.hpp"

#include "sip/auth/client_auth.hpp"
#include "unit/sip/auth/fake_credentials.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <utility>

namespace sb::sip::registrar {
namespace {

using namespace std::chrono_literals;

struct RegisterSpec {
  std::string username = "alice";
  std::string password = "pw-alice";
  std::string aorUser; // defaults to username
  std::string callId = "call-1";
  std::uint32_t cseq = 1;
  std::vector<std::string> contacts = {"<sip:alice@192.168.1.20:5060>"};
  std::optional<std::string> expires;
};

Message parseOrDie(const std::string& text) {
  Result<Message> parsed = parseMessage(text);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message) << "\n" << text;
  return parsed.ok() ? std::move(parsed.value()) : Message{};
}

Message registerRequest(const RegisterSpec& spec) {
  std::string aor = "sip:" + (spec.aorUser.empty() ? spec.username : spec.aorUser) + "@example.com";
  std::string text = "REGISTER sip:example.com SIP/2.0\r\n"
                     "Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK" +
                     std::to_string(spec.cseq) + "\r\n" +
                     "Max-Forwards: 70\r\n"
                     "From: <" +
                     aor +
                     ">;tag=f1\r\n"
                     "To: <" +
                     aor +
                     ">\r\n"
                     "Call-ID: " +
                     spec.callId +
                     "\r\n"
                     "CSeq: " +
                     std::to_string(spec.cseq) + " REGISTER\r\n";
  for (const std::string& contact : spec.contacts)
    text += "Contact: " + contact + "\r\n";
  if (spec.expires) text += "Expires: " + *spec.expires + "\r\n";
  text += "Content-Length: 0\r\n\r\n";
  return parseOrDie(text);
}

std::vector<std::string> headerNames(const Message& m) {
  std::vector<std::string> names;
  for (const Header& h : m.headers)
    names.push_back(h.name);
  return names;
}

class RecordingListener : public Registrar::Listener {
public:
  void onReachabilityChanged(const std::string& userId, bool reachable) override {
    events.emplace_back(userId, reachable);
  }
  std::vector<std::pair<std::string, bool>> events;
};

class RegistrarTest : public ::testing::Test {
protected:
  RegistrarTest() {
    credentials.add({"alice", "pw-alice", "user-1", "dev-phone"});
    credentials.add({"alice-desk", "pw-desk", "user-1", "dev-desk"});
    credentials.add({"bob", "pw-bob", "user-2", "dev-bob"});
  }

  static auth::AuthConfig authConfig() {
    auth::AuthConfig c;
    c.realm = "example.com";
    c.secret = "secret";
    return c;
  }

  // The full exchange a phone does: REGISTER, 401, REGISTER with credentials.
  Message registerSigned(const RegisterSpec& spec, const net::Endpoint& from) {
    Message request = registerRequest(spec);
    Message challenge = registrar.handleRegister(request, from);
    EXPECT_EQ(challenge.statusCode, 401);
    auth::DigestClient client({spec.username, spec.password});
    auto header = client.answer(challenge, "REGISTER", "sip:example.com");
    EXPECT_TRUE(header.ok());
    if (header.ok()) request.addHeader(header->name, header->value);
    return registrar.handleRegister(request, from);
  }

  Message registerSigned(const RegisterSpec& spec) { return registerSigned(spec, phone); }

  std::vector<NameAddr> contactsOf(const Message& response) {
    auto contacts = response.contacts();
    EXPECT_TRUE(contacts.ok());
    return contacts.ok() ? *contacts : std::vector<NameAddr>{};
  }

  common::ManualClock clock;
  auth::testing::FakeCredentials credentials;
  auth::DigestAuthenticator auth{clock, credentials, authConfig()};
  RecordingListener listener;
  Registrar registrar{clock, auth, RegistrarConfig{}, &listener};
  net::Endpoint phone{net::TransportKind::Tcp, "203.0.113.7", 40211, 7};
};

TEST_F(RegistrarTest, RegisterBindsContactAndRemembersSource) {
  Message ok = registerSigned({});
  ASSERT_EQ(ok.statusCode, 200);
  EXPECT_FALSE(ok.toTag().empty());
  auto contacts = contactsOf(ok);
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_EQ(contacts[0].uri.host, "192.168.1.20");
  EXPECT_EQ(paramValue(contacts[0].params, "expires"), "3600");

  EXPECT_TRUE(registrar.isReachable("user-1"));
  auto bindings = registrar.bindingsOfUser("user-1");
  ASSERT_EQ(bindings.size(), 1u);
  EXPECT_EQ(bindings[0].source, phone);
  EXPECT_EQ(bindings[0].source.connection, 7u);
  EXPECT_EQ(bindings[0].deviceId, "dev-phone");
  EXPECT_EQ(bindings[0].username, "alice");
  ASSERT_EQ(listener.events.size(), 1u);
  EXPECT_EQ(listener.events[0], std::make_pair(std::string("user-1"), true));
}

TEST_F(RegistrarTest, UnauthenticatedRegisterIsChallengedAndBindsNothing) {
  Message response = registrar.handleRegister(registerRequest({}), phone);
  EXPECT_EQ(response.statusCode, 401);
  EXPECT_FALSE(response.toTag().empty());
  EXPECT_TRUE(response.hasHeader("WWW-Authenticate"));
  EXPECT_EQ(registrar.bindingCount(), 0u);
  EXPECT_FALSE(registrar.isReachable("user-1"));
}

TEST_F(RegistrarTest, StaleNonceIsChallengedAgainWithStale) {
  Message request = registerRequest({});
  Message challenge = registrar.handleRegister(request, phone);
  auth::DigestClient client({"alice", "pw-alice"});
  auto header = client.answer(challenge, "REGISTER", "sip:example.com");
  ASSERT_TRUE(header.ok());
  request.addHeader(header->name, header->value);
  clock.advance(301s);
  Message response = registrar.handleRegister(request, phone);
  EXPECT_EQ(response.statusCode, 401);
  ASSERT_NE(response.header("WWW-Authenticate"), nullptr);
  EXPECT_NE(response.header("WWW-Authenticate")->find("stale=true"), std::string::npos);
  EXPECT_EQ(registrar.bindingCount(), 0u);
}

TEST_F(RegistrarTest, UnknownUserAndWrongPasswordAreAnsweredAlike) {
  RegisterSpec wrongPassword;
  wrongPassword.password = "guess";
  RegisterSpec unknownUser;
  unknownUser.username = "mallory";
  unknownUser.password = "guess";
  Message a = registerSigned(wrongPassword);
  Message b = registerSigned(unknownUser);
  EXPECT_EQ(a.statusCode, 403);
  EXPECT_EQ(b.statusCode, 403);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(headerNames(a), headerNames(b));
  EXPECT_EQ(registrar.bindingCount(), 0u);
}

TEST_F(RegistrarTest, DeviceCannotRegisterSomeoneElsesAddress) {
  RegisterSpec spec;
  spec.aorUser = "bob";
  EXPECT_EQ(registerSigned(spec).statusCode, 403);
  EXPECT_FALSE(registrar.isReachable("user-2"));
}

TEST_F(RegistrarTest, RefreshExtendsTheSameBinding) {
  ASSERT_EQ(registerSigned({}).statusCode, 200);
  BindingId first = registrar.bindingsOfUser("user-1").at(0).id;
  clock.advance(3000s);
  RegisterSpec refresh;
  refresh.cseq = 2;
  Message ok = registerSigned(refresh);
  ASSERT_EQ(ok.statusCode, 200);
  ASSERT_EQ(registrar.bindingsOfUser("user-1").size(), 1u);
  EXPECT_EQ(registrar.bindingsOfUser("user-1")[0].id, first);
  clock.advance(3000s); // past the first expiry, inside the refreshed one
  EXPECT_TRUE(registrar.isReachable("user-1"));
  EXPECT_EQ(listener.events.size(), 1u);
}

TEST_F(RegistrarTest, ContactParamBeatsExpiresHeaderAndMaximumCaps) {
  RegisterSpec spec;
  spec.contacts = {"<sip:alice@10.0.0.1>;expires=300", "<sip:alice@10.0.0.2>",
                   "<sip:alice@10.0.0.3>;expires=999999999999"};
  spec.expires = "120";
  Message ok = registerSigned(spec);
  ASSERT_EQ(ok.statusCode, 200);
  std::map<std::string, std::string> expiresByHost;
  for (const NameAddr& c : contactsOf(ok)) {
    expiresByHost[c.uri.host] = paramValue(c.params, "expires").value_or("");
  }
  EXPECT_EQ(expiresByHost["10.0.0.1"], "300");
  EXPECT_EQ(expiresByHost["10.0.0.2"], "120");
  EXPECT_EQ(expiresByHost["10.0.0.3"], "3600");
}

TEST_F(RegistrarTest, TooBriefIntervalIs423WithMinExpires) {
  RegisterSpec spec;
  spec.expires = "30";
  Message response = registerSigned(spec);
  EXPECT_EQ(response.statusCode, 423);
  ASSERT_NE(response.header("Min-Expires"), nullptr);
  EXPECT_EQ(*response.header("Min-Expires"), "60");
  EXPECT_EQ(registrar.bindingCount(), 0u);
}

TEST_F(RegistrarTest, OneBriefContactRejectsTheWholeRequest) {
  RegisterSpec spec;
  spec.contacts = {"<sip:alice@10.0.0.1>", "<sip:alice@10.0.0.2>;expires=10"};
  EXPECT_EQ(registerSigned(spec).statusCode, 423);
  EXPECT_EQ(registrar.bindingCount(), 0u);
}

TEST_F(RegistrarTest, ExpiresZeroRemovesOnlyThatContact) {
  RegisterSpec spec;
  spec.contacts = {"<sip:alice@10.0.0.1>", "<sip:alice@10.0.0.2>"};
  ASSERT_EQ(registerSigned(spec).statusCode, 200);
  RegisterSpec removal;
  removal.cseq = 2;
  removal.contacts = {"<sip:alice@10.0.0.1>;expires=0"};
  Message ok = registerSigned(removal);
  ASSERT_EQ(ok.statusCode, 200);
  auto contacts = contactsOf(ok);
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_EQ(contacts[0].uri.host, "10.0.0.2");
  EXPECT_TRUE(registrar.isReachable("user-1"));
}

TEST_F(RegistrarTest, StarWithExpiresZeroUnregistersEverything) {
  RegisterSpec spec;
  spec.contacts = {"<sip:alice@10.0.0.1>", "<sip:alice@10.0.0.2>"};
  ASSERT_EQ(registerSigned(spec).statusCode, 200);
  RegisterSpec star;
  star.callId = "another-call";
  star.contacts = {"*"};
  star.expires = "0";
  Message ok = registerSigned(star);
  ASSERT_EQ(ok.statusCode, 200);
  EXPECT_FALSE(ok.hasHeader("Contact"));
  EXPECT_EQ(registrar.bindingCount(), 0u);
  EXPECT_FALSE(registrar.isReachable("user-1"));
  ASSERT_EQ(listener.events.size(), 2u);
  EXPECT_EQ(listener.events[1], std::make_pair(std::string("user-1"), false));
}

TEST_F(RegistrarTest, StarNeedsExpiresZeroAndToBeAlone) {
  ASSERT_EQ(registerSigned({}).statusCode, 200);
  RegisterSpec noExpires;
  noExpires.cseq = 2;
  noExpires.contacts = {"*"};
  EXPECT_EQ(registerSigned(noExpires).statusCode, 400);
  RegisterSpec mixed;
  mixed.cseq = 3;
  mixed.contacts = {"*", "<sip:alice@10.0.0.9>"};
  mixed.expires = "0";
  EXPECT_EQ(registerSigned(mixed).statusCode, 400);
  EXPECT_EQ(registrar.bindingCount(), 1u);
}

TEST_F(RegistrarTest, SeveralDevicesPerUserKeepTheUserReachable) {
  RegisterSpec phoneSpec;
  phoneSpec.contacts = {"<sip:alice@10.0.0.1>", "<sip:alice@10.0.0.2>"};
  ASSERT_EQ(registerSigned(phoneSpec).statusCode, 200);
  RegisterSpec desk;
  desk.username = "alice-desk";
  desk.password = "pw-desk";
  desk.callId = "desk-call";
  desk.contacts = {"<sip:alice-desk@10.0.0.3>"};
  net::Endpoint deskSource{net::TransportKind::Udp, "203.0.113.8", 5060, 0};
  ASSERT_EQ(registerSigned(desk, deskSource).statusCode, 200);
  EXPECT_EQ(registrar.bindingsOfUser("user-1").size(), 3u);
  EXPECT_EQ(registrar.bindingsOfDevice("alice").size(), 2u);
  EXPECT_EQ(registrar.bindingsOfDevice("alice-desk").size(), 1u);

  RegisterSpec star;
  star.cseq = 2;
  star.contacts = {"*"};
  star.expires = "0";
  ASSERT_EQ(registerSigned(star).statusCode, 200);
  EXPECT_TRUE(registrar.isReachable("user-1"));
  EXPECT_EQ(registrar.bindingsOfUser("user-1").size(), 1u);
  EXPECT_EQ(listener.events.size(), 1u); // still reachable: no second event
}

TEST_F(RegistrarTest, SameCallIdNeedsHigherCSeq) {
  RegisterSpec spec;
  spec.cseq = 5;
  ASSERT_EQ(registerSigned(spec).statusCode, 200);
  RegisterSpec same = spec;
  same.contacts = {"<sip:alice@192.168.1.20:5060>;expires=0"};
  EXPECT_EQ(registerSigned(same).statusCode, 500);
  RegisterSpec lower = same;
  lower.cseq = 4;
  EXPECT_EQ(registerSigned(lower).statusCode, 500);
  EXPECT_EQ(registrar.bindingCount(), 1u);
  RegisterSpec otherCall = lower;
  otherCall.callId = "call-2";
  EXPECT_EQ(registerSigned(otherCall).statusCode, 200);
  EXPECT_EQ(registrar.bindingCount(), 0u);
}

TEST_F(RegistrarTest, ExpiryHidesBindingsAndPurgeReportsIt) {
  RegisterSpec spec;
  spec.expires = "120";
  ASSERT_EQ(registerSigned(spec).statusCode, 200);
  clock.advance(119s);
  EXPECT_TRUE(registrar.isReachable("user-1"));
  clock.advance(1s);
  EXPECT_FALSE(registrar.isReachable("user-1"));
  EXPECT_TRUE(registrar.bindingsOfUser("user-1").empty());
  registrar.purge(clock.now());
  EXPECT_EQ(registrar.bindingCount(), 0u);
  ASSERT_EQ(listener.events.size(), 2u);
  EXPECT_EQ(listener.events[1], std::make_pair(std::string("user-1"), false));
}

TEST_F(RegistrarTest, NewRegisterReplacesExpiredBindingsOfTheDevice) {
  RegisterSpec spec;
  spec.expires = "60";
  ASSERT_EQ(registerSigned(spec).statusCode, 200);
  clock.advance(61s);
  RegisterSpec other;
  other.callId = "call-2";
  other.contacts = {"<sip:alice@10.0.0.50>"};
  Message ok = registerSigned(other);
  ASSERT_EQ(ok.statusCode, 200);
  EXPECT_EQ(contactsOf(ok).size(), 1u);
  EXPECT_EQ(registrar.bindingCount(), 1u);
}

TEST_F(RegistrarTest, RegisterWithoutContactListsBindings) {
  ASSERT_EQ(registerSigned({}).statusCode, 200);
  clock.advance(100s);
  RegisterSpec query;
  query.cseq = 2;
  query.contacts = {};
  Message ok = registerSigned(query);
  ASSERT_EQ(ok.statusCode, 200);
  auto contacts = contactsOf(ok);
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_EQ(paramValue(contacts[0].params, "expires"), "3500");
}

TEST_F(RegistrarTest, UnansweredPingsDropTheBindingAndFlipReachability) {
  ASSERT_EQ(registerSigned({}).statusCode, 200);
  EXPECT_TRUE(registrar.duePings(clock.now()).empty());
  clock.advance(30s);
  auto due = registrar.duePings(clock.now());
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].destination, phone);
  EXPECT_EQ(due[0].contact.host, "192.168.1.20");
  EXPECT_EQ(due[0].userId, "user-1");
  EXPECT_TRUE(registrar.duePings(clock.now()).empty()); // counted as sent

  registrar.pingResult(due[0].bindingId, false, clock.now());
  EXPECT_TRUE(registrar.isReachable("user-1"));
  ASSERT_TRUE(registrar.binding(due[0].bindingId).has_value());
  EXPECT_EQ(registrar.binding(due[0].bindingId)->failedPings, 1);
  clock.advance(30s);
  due = registrar.duePings(clock.now());
  ASSERT_EQ(due.size(), 1u);
  registrar.pingResult(due[0].bindingId, false, clock.now());
  EXPECT_FALSE(registrar.isReachable("user-1"));
  EXPECT_EQ(registrar.bindingCount(), 0u);
  EXPECT_FALSE(registrar.binding(due[0].bindingId).has_value());
  ASSERT_EQ(listener.events.size(), 2u);
  EXPECT_EQ(listener.events[1], std::make_pair(std::string("user-1"), false));

  // A late answer for a binding that is gone is ignored.
  registrar.pingResult(due[0].bindingId, true, clock.now());
}

TEST_F(RegistrarTest, AnsweredPingResetsTheFailureCount) {
  ASSERT_EQ(registerSigned({}).statusCode, 200);
  for (int round = 0; round < 3; ++round) {
    clock.advance(30s);
    auto due = registrar.duePings(clock.now());
    ASSERT_EQ(due.size(), 1u);
    registrar.pingResult(due[0].bindingId, round == 1, clock.now());
  }
  EXPECT_TRUE(registrar.isReachable("user-1")); // fail, answer, fail: never two in a row
}

TEST_F(RegistrarTest, ClosedConnectionDropsItsBindings) {
  ASSERT_EQ(registerSigned({}).statusCode, 200);
  registrar.connectionClosed(99);
  EXPECT_TRUE(registrar.isReachable("user-1"));
  registrar.connectionClosed(phone.connection);
  EXPECT_FALSE(registrar.isReachable("user-1"));
  EXPECT_EQ(registrar.bindingCount(), 0u);
}

TEST_F(RegistrarTest, InstanceAndRegIdIdentifyTheBindingAcrossContacts) {
  const std::string instance = "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"";
  RegisterSpec first;
  first.contacts = {"<sip:alice@10.0.0.1:5060;transport=tcp>;" + instance + ";reg-id=1"};
  ASSERT_EQ(registerSigned(first).statusCode, 200);
  RegisterSpec moved;
  moved.callId = "call-after-reboot";
  moved.contacts = {"<sip:alice@10.0.0.1:6000;transport=tcp>;" + instance + ";reg-id=1"};
  net::Endpoint newFlow{net::TransportKind::Tcp, "203.0.113.7", 40999, 8};
  Message ok = registerSigned(moved, newFlow);
  ASSERT_EQ(ok.statusCode, 200);
  auto bindings = registrar.bindingsOfUser("user-1");
  ASSERT_EQ(bindings.size(), 1u);
  EXPECT_EQ(bindings[0].contact.uri.port, 6000);
  EXPECT_EQ(bindings[0].source, newFlow);
  EXPECT_EQ(bindings[0].instanceId, "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>");
  EXPECT_EQ(bindings[0].regId, 1u);
  auto contacts = contactsOf(ok);
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_TRUE(hasParam(contacts[0].params, "+sip.instance"));
  EXPECT_EQ(paramValue(contacts[0].params, "reg-id"), "1");
}

TEST_F(RegistrarTest, DeviceBindingsAreCapped) {
  RegistrarConfig config;
  config.maxBindingsPerDevice = 2;
  Registrar capped{clock, auth, config, nullptr};
  for (int i = 1; i <= 3; ++i) {
    RegisterSpec spec;
    spec.callId = "call-" + std::to_string(i);
    spec.contacts = {"<sip:alice@10.0.0." + std::to_string(i) + ">"};
    Message request = registerRequest(spec);
    Message challenge = capped.handleRegister(request, phone);
    auth::DigestClient client({"alice", "pw-alice"});
    auto header = client.answer(challenge, "REGISTER", "sip:example.com");
    ASSERT_TRUE(header.ok());
    request.addHeader(header->name, header->value);
    ASSERT_EQ(capped.handleRegister(request, phone).statusCode, 200);
    clock.advance(1s);
  }
  auto bindings = capped.bindingsOfDevice("alice");
  ASSERT_EQ(bindings.size(), 2u);
  for (const Binding& b : bindings)
    EXPECT_NE(b.contact.uri.host, "10.0.0.1");
}

TEST_F(RegistrarTest, DeviceRequestsAreAuthenticatedWithProxyChallenge) {
  Message invite = parseOrDie("INVITE sip:+15551234567@example.com SIP/2.0\r\n"
                              "Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bKinv\r\n"
                              "Max-Forwards: 70\r\n"
                              "From: <sip:alice@example.com>;tag=f9\r\n"
                              "To: <sip:+15551234567@example.com>\r\n"
                              "Call-ID: inv-1\r\n"
                              "CSeq: 1 INVITE\r\n"
                              "Contact: <sip:alice@192.168.1.20:5060>\r\n"
                              "Content-Length: 0\r\n\r\n");
  auth::AuthOutcome first = registrar.authenticateDeviceRequest(invite);
  ASSERT_FALSE(first.authenticated());
  ASSERT_TRUE(first.response.has_value());
  EXPECT_EQ(first.response->statusCode, 407);
  EXPECT_FALSE(first.response->toTag().empty());
  auth::DigestClient client({"alice", "pw-alice"});
  auto header = client.answer(*first.response, "INVITE", "sip:+15551234567@example.com");
  ASSERT_TRUE(header.ok());
  invite.addHeader(header->name, header->value);
  auth::AuthOutcome second = registrar.authenticateDeviceRequest(invite);
  ASSERT_TRUE(second.authenticated());
  EXPECT_EQ(second.credential->userId, "user-1");
  EXPECT_EQ(second.credential->deviceId, "dev-phone");
}

} // namespace
} // namespace sb::sip::registrar
