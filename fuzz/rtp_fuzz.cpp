// libFuzzer target for the media packet parsers: the same bytes go to the demultiplexer,
// the RTP parser (and its header extension walk), the compound RTCP walk and every typed
// RTCP parser, the RFC 2198 and RFC 4733 parsers, and the receivers fed by them. Where a
// writer exists, what was parsed is written and parsed again and must come back equal;
// any disagreement aborts, so it is reported like a sanitizer finding.
#include "rtp/demux.hpp"
#include "rtp/receive_stats.hpp"
#include "rtp/redundancy.hpp"
#include "rtp/rtcp_packet.hpp"
#include "rtp/rtcp_reports.hpp"
#include "rtp/rtcp_sdes_bye.hpp"
#include "rtp/rtp_packet.hpp"
#include "rtp/telephone_event.hpp"
#include "rtp/telephone_event_receiver.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

namespace {

using namespace sb::rtp;

void check(bool condition) {
  if (!condition) std::abort();
}

bool sameBytes(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

void rtpRoundTrip(const RtpPacket& packet) {
  std::array<std::uint8_t, 70'000> out; // the largest packet a UDP datagram can hold, and more
  auto written = writeRtp(packet, out);
  check(written.ok() && *written == packet.size());
  auto again = parseRtp(std::span(out).first(*written));
  check(again.ok());
  check(again->marker == packet.marker && again->payloadType == packet.payloadType &&
        again->sequence == packet.sequence && again->timestamp == packet.timestamp &&
        again->ssrc == packet.ssrc && again->hasExtension == packet.hasExtension &&
        again->extensionProfile == packet.extensionProfile &&
        again->paddingSize == packet.paddingSize);
  check(sameBytes(again->csrcBytes, packet.csrcBytes));
  check(sameBytes(again->extension, packet.extension));
  check(sameBytes(again->payload, packet.payload));
}

void rtpParse(std::span<const std::uint8_t> data) {
  auto packet = parseRtp(data);
  if (!packet) return;
  check(packet->size() == data.size());
  HeaderExtensionReader reader(*packet);
  HeaderExtensionElement element;
  while (reader.next(element)) {
    check(element.id != 0 && element.data.data() >= packet->extension.data() &&
          element.data.data() + element.data.size() <=
              packet->extension.data() + packet->extension.size());
  }
  rtpRoundTrip(*packet);
  if (auto red = parseRedundantPayload(packet->payload, packet->timestamp)) {
    auto blocks = red->blocks();
    RedundantBlock block;
    while (blocks.next(block))
      check(block.data.data() >= packet->payload.data());
  }
}

void reportsRoundTrip(std::uint32_t ssrc, const SenderInfo* sender, const ReportBlocks& blocks) {
  std::vector<ReportBlock> list;
  for (std::size_t i = 0; i < blocks.size(); ++i)
    list.push_back(blocks[i]);
  std::array<std::uint8_t, 1024> out;
  auto written =
      sender ? writeSenderReport(ssrc, *sender, list, out) : writeReceiverReport(ssrc, list, out);
  check(written.ok());
  auto compound = parseRtcpCompound(std::span(out).first(*written));
  check(compound.ok());
  const RtcpPacket packet = *compound->begin();
  if (sender) {
    auto sr = parseSenderReport(packet);
    check(sr.ok() && sr->ssrc == ssrc && sr->sender == *sender);
    check(sr->reports.size() == list.size());
    for (std::size_t i = 0; i < list.size(); ++i)
      check(sr->reports[i] == list[i]);
  } else {
    auto rr = parseReceiverReport(packet);
    check(rr.ok() && rr->ssrc == ssrc && rr->reports.size() == list.size());
    for (std::size_t i = 0; i < list.size(); ++i)
      check(rr->reports[i] == list[i]);
  }
}

void sdesRoundTrip(const SourceDescription& sdes) {
  auto items = sdes.items();
  SdesItem item;
  while (items.next(item)) {
    if (item.type != static_cast<std::uint8_t>(SdesItemType::Cname)) continue;
    std::array<std::uint8_t, 300> out;
    auto written = writeSourceDescription(item.ssrc, item.text, out);
    check(written.ok());
    RtcpPacket packet{1, static_cast<std::uint8_t>(RtcpType::SourceDescription),
                      std::span(out).subspan(kRtcpHeaderSize, *written - kRtcpHeaderSize)};
    auto again = parseSourceDescription(packet);
    check(again.ok() && again->cname(item.ssrc) == item.text);
  }
  check(!items.malformed());
}

void rtcpPacket(const RtcpPacket& packet) {
  if (auto sr = parseSenderReport(packet)) reportsRoundTrip(sr->ssrc, &sr->sender, sr->reports);
  if (auto rr = parseReceiverReport(packet)) reportsRoundTrip(rr->ssrc, nullptr, rr->reports);
  if (auto sdes = parseSourceDescription(packet)) sdesRoundTrip(*sdes);
  if (auto bye = parseBye(packet)) {
    for (std::size_t i = 0; i < bye->sourceCount(); ++i)
      (void)bye->source(i);
  }
}

void rtcpParse(std::span<const std::uint8_t> data) {
  for (RtcpRules rules : {RtcpRules::Compound, RtcpRules::ReducedSize}) {
    auto compound = parseRtcpCompound(data, rules);
    if (!compound) continue;
    std::size_t total = 0;
    for (RtcpPacket packet : *compound) {
      total += kRtcpHeaderSize + packet.body.size();
      rtcpPacket(packet);
    }
    check(total <= data.size());
  }
}

class IgnoreKeys : public TelephoneEventReceiver::Listener {
public:
  void onKeyPress(char key, std::uint32_t) override { check(dtmfEventOf(key).has_value()); }
};

void telephoneEvents(std::span<const std::uint8_t> data) {
  if (auto event = parseTelephoneEvent(data)) {
    const auto bytes = writeTelephoneEvent(*event);
    auto again = parseTelephoneEvent(bytes);
    check(again.ok() && *again == *event);
  }
  // The input as a stream of 8-byte records: timestamp, marker, event; and as stats input.
  IgnoreKeys keys;
  TelephoneEventReceiver receiver(keys);
  ReceiveStats stats(8000);
  for (std::size_t at = 0; at + 8 <= data.size(); at += 8) {
    const auto record = data.subspan(at, 8);
    const std::uint32_t timestamp = (std::uint32_t{record[0]} << 8) | record[1];
    auto event = parseTelephoneEvent(record.subspan(4));
    if (event) receiver.onEvent(timestamp, (record[2] & 1) != 0, *event);
    stats.onPacket(static_cast<std::uint16_t>((record[2] << 8) | record[3]), timestamp,
                   std::chrono::microseconds{at * 2500});
  }
  (void)stats.makeReportBlock(1, std::chrono::microseconds{data.size() * 2500});
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  (void)classifyPacket(bytes);
  rtpParse(bytes);
  rtcpParse(bytes);
  telephoneEvents(bytes);
  return 0;
}
