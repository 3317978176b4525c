#include "layer_fixture.hpp"

namespace sb::sip::transaction::testing {

Message parse(std::string text) {
  std::string wire;
  for (char c : text) {
    if (c == '\n') wire += '\r';
    wire += c;
  }
  auto parsed = parseMessage(wire);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message) << "\n" << text;
  return parsed.ok() ? std::move(parsed).value() : Message{};
}

Message makeRequest(const std::string& method, const std::string& branch,
                    const std::string& transport, const std::string& viaHost) {
  return parse(method +
               " sip:bob@example.com SIP/2.0\n"
               "Via: SIP/2.0/" +
               transport + " " + viaHost + ";branch=" + branch +
               "\n"
               "Max-Forwards: 70\n"
               "From: <sip:alice@example.com>;tag=fromtag1\n"
               "To: <sip:bob@example.com>\n"
               "Call-ID: call-1@10.0.0.1\n"
               "CSeq: 1 " +
               method +
               "\n"
               "Route: <sip:proxy.example.com;lr>\n"
               "Content-Length: 0\n\n");
}

void LayerTest::advance(common::Duration d) {
  const common::TimePoint end = clock.now() + d;
  while (auto deadline = layer.nextDeadline()) {
    if (*deadline > end) break;
    if (*deadline > clock.now()) clock.advance(*deadline - clock.now());
    layer.tick();
  }
  clock.advance(end - clock.now());
}

std::vector<common::Duration> LayerTest::sendTimesDuring(common::Duration d) {
  const common::TimePoint start = clock.now();
  const common::TimePoint end = start + d;
  std::vector<common::Duration> times;
  while (auto deadline = layer.nextDeadline()) {
    if (*deadline > end) break;
    if (*deadline > clock.now()) clock.advance(*deadline - clock.now());
    std::size_t before = sender.sent.size();
    layer.tick();
    for (std::size_t i = before; i < sender.sent.size(); ++i)
      times.push_back(clock.now() - start);
  }
  clock.advance(end - clock.now());
  return times;
}

} // namespace sb::sip::transaction::testing
