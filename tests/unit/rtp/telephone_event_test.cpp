// RFC 4733 telephone-events (the key a user presses to accept, R-9): the payload, the
// receiver's one press per event, the sender's packet sequence, and events carried
// redundantly (RFC 2198).
#include "rtp/redundancy.hpp"
#include "rtp/telephone_event.hpp"
#include "rtp/telephone_event_receiver.hpp"
#include "rtp/telephone_event_sender.hpp"

#include "unit/rtp/hex.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::rtp {
namespace {

using test::fromHex;

TEST(TelephoneEventTest, ParsesAndWritesThePayload) {
  auto bytes = fromHex("05 8a 03 20"); // event 5, E, volume 10, 800 units
  auto event = parseTelephoneEvent(bytes);
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(*event, (TelephoneEvent{5, true, 10, 800}));
  auto written = writeTelephoneEvent(*event);
  EXPECT_EQ(std::vector<std::uint8_t>(written.begin(), written.end()), bytes);
}

TEST(TelephoneEventTest, ReservedBitIsIgnoredAndShortPayloadRejected) {
  auto reserved = fromHex("0b 4a 00 a0"); // R bit set
  auto event = parseTelephoneEvent(reserved);
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(*event, (TelephoneEvent{11, false, 10, 160}));
  auto shortPayload = fromHex("0b 0a 00");
  EXPECT_EQ(parseTelephoneEvent(shortPayload).error().message, "4733 too short");
  EXPECT_FALSE(parseTelephoneEvent({}).ok());
}

TEST(TelephoneEventTest, MapsDtmfKeys) {
  const std::string keys = "0123456789*#ABCD";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(dtmfKeyOf(static_cast<std::uint8_t>(i)), keys[i]);
    EXPECT_EQ(dtmfEventOf(keys[i]), i);
  }
  EXPECT_EQ(dtmfEventOf('b'), 13);
  EXPECT_FALSE(dtmfKeyOf(16).has_value()); // flash
  EXPECT_FALSE(dtmfEventOf('x').has_value());
}

class Keys : public TelephoneEventReceiver::Listener {
public:
  void onKeyPress(char key, std::uint32_t) override { pressed += key; }
  std::string pressed;
};

// Feeds event packets as (timestamp, marker, event, end, duration).
struct Feed {
  std::uint32_t timestamp;
  bool marker;
  std::uint8_t event;
  bool end;
  std::uint16_t duration;
};

std::string receive(const std::vector<Feed>& feeds) {
  Keys keys;
  TelephoneEventReceiver receiver(keys);
  for (const Feed& f : feeds) {
    receiver.onEvent(f.timestamp, f.marker, TelephoneEvent{f.event, f.end, 10, f.duration});
  }
  return keys.pressed;
}

TEST(TelephoneEventReceiverTest, OnePressForStartUpdatesAndThreeEnds) {
  EXPECT_EQ(receive({{1000, true, 1, false, 400},
                     {1000, false, 1, false, 800},
                     {1000, false, 1, true, 1200},
                     {1000, false, 1, true, 1200},
                     {1000, false, 1, true, 1200}}),
            "1");
}

TEST(TelephoneEventReceiverTest, LostStartIsStillOnePress) {
  EXPECT_EQ(receive({{1000, false, 2, false, 800}, {1000, false, 2, true, 1200}}), "2");
  EXPECT_EQ(receive({{1000, false, 3, true, 1200}}), "3"); // only an end packet got through
}

TEST(TelephoneEventReceiverTest, AllEndPacketsLostThenSameKeyAgainIsTwoPresses) {
  EXPECT_EQ(receive({{1000, true, 5, false, 400},
                     {1000, false, 5, false, 800},
                     {4000, true, 5, false, 400},
                     {4000, false, 5, true, 800}}),
            "55");
}

TEST(TelephoneEventReceiverTest, SameKeyTwiceWithLostStartIsTwoPresses) {
  EXPECT_EQ(
      receive(
          {{1000, true, 5, false, 400}, {1000, false, 5, true, 800}, {4000, false, 5, false, 800}}),
      "55");
}

TEST(TelephoneEventReceiverTest, LateEndPacketsOfTheFormerEventAreIgnored) {
  EXPECT_EQ(receive({{1000, true, 1, false, 400},
                     {1000, false, 1, true, 800},
                     {3000, true, 2, false, 400},
                     {1000, false, 1, true, 800}, // retransmission, delayed
                     {3000, false, 2, true, 800},
                     {1000, false, 1, true, 800}}),
            "12");
}

TEST(TelephoneEventReceiverTest, DuplicatedPacketsOfEveryKindAreOnePress) {
  std::vector<Feed> feeds;
  for (int copy = 0; copy < 3; ++copy)
    feeds.push_back({500, true, 11, false, 160});
  for (int copy = 0; copy < 5; ++copy)
    feeds.push_back({500, false, 11, true, 800});
  EXPECT_EQ(receive(feeds), "#");
}

TEST(TelephoneEventReceiverTest, LongEventSegmentsAreOnePress) {
  // RFC 4733 2.5.1.3: the second segment starts where the first one's 0xFFFF units end.
  EXPECT_EQ(receive({{1000, true, 0, false, 400},
                     {1000, false, 0, false, 0xFFFF},
                     {1000 + 0xFFFF, false, 0, false, 400},
                     {1000 + 0xFFFF, false, 0, true, 1600}}),
            "0");
}

TEST(TelephoneEventReceiverTest, SequenceOfDifferentKeysAndNonDtmfEvents) {
  EXPECT_EQ(receive({{100, true, 9, true, 800},
                     {2000, true, 16, true, 800}, // flash: an event, not a key
                     {4000, true, 10, true, 800},
                     {6000, true, 12, true, 800}}),
            "9*A");
}

TEST(TelephoneEventReceiverTest, TimestampsWrap) {
  EXPECT_EQ(receive({{0xFFFFFF00, true, 1, true, 800}, {0x00000300, true, 2, true, 800}}), "12");
}

TEST(TelephoneEventReceiverTest, NewSourceStartsAfresh) {
  Keys keys;
  TelephoneEventReceiver receiver(keys);
  auto first = fromHex("80 e5 00 01 00 00 10 00 00 00 00 01 04 8a 03 20");
  auto other = fromHex("80 e5 00 01 00 00 01 00 00 00 00 02 07 8a 03 20"); // older timestamp
  receiver.onPacket(*parseRtp(first));
  receiver.onPacket(*parseRtp(first));
  receiver.onPacket(*parseRtp(other));
  EXPECT_EQ(keys.pressed, "47");
}

// RFC 2198 with telephone-events (PT 101) inside a RED packet.
TEST(TelephoneEventReceiverTest, RedundantCopiesRecoverALostPacket) {
  Keys keys;
  TelephoneEventReceiver receiver(keys);
  // Primary: event 6 start at ts 2000. Redundant: event 3's end (ts 1000, offset 1000).
  auto bytes = fromHex("80 e0 00 05 00 00 07 d0 00 00 00 09"
                       "e5 0f a0 04" // F=1, PT 101, offset 1000, length 4
                       "65"          // primary: PT 101
                       "03 8a 03 20" // event 3, E, 800
                       "06 0a 00 a0");
  auto packet = parseRtp(bytes);
  ASSERT_TRUE(packet.ok());
  receiver.onRedundantPacket(*packet, 101);
  receiver.onRedundantPacket(*packet, 101); // the same again changes nothing
  EXPECT_EQ(keys.pressed, "36");
}

TEST(RedundancyTest, ReadsBlocksOldestFirst) {
  auto payload = fromHex("e5 0f a0 04 e5 07 d0 04 65 03 8a 03 20 04 8a 03 20 05 0a 00 a0");
  auto red = parseRedundantPayload(payload, 5000);
  ASSERT_TRUE(red.ok());
  auto reader = red->blocks();
  RedundantBlock block;
  std::vector<std::uint32_t> stamps;
  std::vector<std::uint8_t> firstBytes;
  while (reader.next(block)) {
    EXPECT_EQ(block.payloadType, 101);
    stamps.push_back(block.timestamp);
    firstBytes.push_back(block.data[0]);
  }
  EXPECT_EQ(stamps, (std::vector<std::uint32_t>{4000, 4500, 5000}));
  EXPECT_EQ(firstBytes, (std::vector<std::uint8_t>{3, 4, 5}));
  EXPECT_TRUE(block.primary);
}

TEST(RedundancyTest, RejectsTruncatedHeadersAndBlocks) {
  EXPECT_FALSE(parseRedundantPayload(fromHex(""), 0).ok());
  EXPECT_FALSE(parseRedundantPayload(fromHex("e5 0f a0"), 0).ok());
  EXPECT_FALSE(parseRedundantPayload(fromHex("e5 0f a0 04"), 0).ok()); // no primary header
  EXPECT_FALSE(parseRedundantPayload(fromHex("e5 0f a0 04 65 03 8a"), 0).ok());
  EXPECT_TRUE(parseRedundantPayload(fromHex("65"), 0).ok()); // a primary with no data
}

TEST(TelephoneEventSenderTest, PlansStartUpdatesAndThreeEnds) {
  auto packets = keyPressPackets(7, 48'000, EventSenderConfig{});
  ASSERT_EQ(packets.size(), 4u); // 100 ms at 50 ms updates: start, end, two more ends
  EXPECT_TRUE(packets[0].marker);
  EXPECT_FALSE(packets[0].event.end);
  EXPECT_EQ(packets[0].event.duration, 400);
  for (std::size_t i = 1; i < packets.size(); ++i) {
    EXPECT_FALSE(packets[i].marker);
    EXPECT_TRUE(packets[i].event.end);
    EXPECT_EQ(packets[i].event.duration, 800);
  }
  for (std::size_t i = 0; i < packets.size(); ++i) {
    EXPECT_EQ(packets[i].timestamp, 48'000u);
    EXPECT_EQ(packets[i].event.event, 7);
    EXPECT_EQ(packets[i].sendAfter, common::Duration{50} * static_cast<int>(i));
  }
}

TEST(TelephoneEventSenderTest, UpdatesFollowThePtime) {
  EventSenderConfig config;
  config.updateInterval = common::Duration{20};
  config.toneLength = common::Duration{90};
  auto packets = keyPressPackets(1, 0, config);
  ASSERT_EQ(packets.size(), 5u + 2);
  const std::uint16_t durations[] = {160, 320, 480, 640, 720, 720, 720};
  for (std::size_t i = 0; i < packets.size(); ++i) {
    EXPECT_EQ(packets[i].event.duration, durations[i]) << i;
    EXPECT_EQ(packets[i].event.end, i >= 4) << i;
  }
}

TEST(TelephoneEventSenderTest, PacesPacketsByTheClockAndFeedsTheReceiver) {
  common::ManualClock clock;
  TelephoneEventSender sender(clock, EventSenderConfig{});
  EXPECT_FALSE(sender.press('x', 0));
  ASSERT_TRUE(sender.press('#', 16'000));
  EXPECT_FALSE(sender.press('1', 16'000)); // busy with '#'

  Keys keys;
  TelephoneEventReceiver receiver(keys);
  int sent = 0;
  for (int tick = 0; tick < 20; ++tick) {
    while (auto packet = sender.poll()) {
      receiver.onEvent(packet->timestamp, packet->marker, packet->event);
      ++sent;
    }
    if (tick == 0) {
      EXPECT_EQ(sent, 1);
    }
    clock.advance(common::Duration{20});
  }
  EXPECT_EQ(sent, 4);
  EXPECT_TRUE(sender.idle());
  EXPECT_EQ(keys.pressed, "#");
  EXPECT_TRUE(sender.press('1', 17'000));
}

} // namespace
} // namespace sb::rtp
