#include "api/events/event_hub.hpp"
#include "unit/api/events/recording_connection.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <thread>

namespace sb::api::events {
namespace {

using testing::RecordingConnection;

const http::Principal kAdmin{"u-admin", store::Role::Admin, "t1"};
const http::Principal kAlice{"u-alice", store::Role::Agent, "t2"};
const http::Principal kBob{"u-bob", store::Role::Agent, "t3"};

Audience only(std::string userId) {
  return Audience{false, {std::move(userId)}};
}
const Audience kEveryone{true, {}};

class EventHubTest : public ::testing::Test {
protected:
  common::ManualClock clock; // starts at 1'700'000'000'000 ms
  EventHub hub{clock};

  std::shared_ptr<RecordingConnection>
  connect(const http::Principal& who, std::optional<std::int64_t> lastId,
          std::vector<std::unique_ptr<EventHub::Subscription>>& keep) {
    auto connection = std::make_shared<RecordingConnection>();
    keep.push_back(hub.subscribe(who, lastId, connection));
    return connection;
  }
  std::vector<std::int64_t> publishMany(int count) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < count; ++i)
      ids.push_back(hub.publish("call.ended", kEveryone, {{"n", i}})->id);
    return ids;
  }
};

TEST_F(EventHubTest, IdsStartAtTheStartTimeTimesAThousandAndCountUp) {
  EXPECT_EQ(hub.lastId(), 0);
  auto first = hub.publish("call.started", kEveryone, {});
  auto second = hub.publish("call.ended", kEveryone, {});
  EXPECT_EQ(first->id, 1'700'000'000'000'000);
  EXPECT_EQ(second->id, first->id + 1);
  EXPECT_EQ(hub.lastId(), second->id);
  EXPECT_EQ(hub.published(), 2u);

  // A restart a millisecond later still issues larger ids, with no storage.
  clock.advance(common::Duration{1});
  EventHub restarted(clock);
  EXPECT_GT(restarted.publish("call.started", kEveryone, {})->id, second->id);
}

TEST_F(EventHubTest, TextIsSerializedOnceInTheDocumentedShape) {
  clock.advance(common::Duration{123});
  auto event = hub.publish("call.offered", only("u-alice"), {{"call_id", "c1"}});
  EXPECT_EQ(event->at, 1'700'000'000'123);
  EXPECT_EQ(
      event->text,
      R"({"id":1700000000000000,"type":"call.offered","at":"2023-11-14T22:13:20.123Z","data":{"call_id":"c1"}})");
  // Null data is sent as an empty object; invalid UTF-8 from a caller is repaired, not thrown.
  EXPECT_EQ(nlohmann::json::parse(hub.publish("x", kEveryone, nullptr)->text)["data"],
            nlohmann::json::object());
  auto repaired = hub.publish("x", kEveryone, {{"name", std::string("bad\xff")}});
  EXPECT_EQ(nlohmann::json::parse(repaired->text)["data"]["name"], "bad\xEF\xBF\xBD");
}


TEST(Visibility, AdminsSeeEverythingAgentsWhatNamesThem) {
  Event forAlice;
  forAlice.audience = only("u-alice");
  Event forAll;
  forAll.audience = kEveryone;
  EXPECT_TRUE(visibleTo(forAlice, kAdmin));
  EXPECT_TRUE(visibleTo(forAlice, kAlice));
  EXPECT_FALSE(visibleTo(forAlice, kBob));
  EXPECT_TRUE(visibleTo(forAll, kBob));
  const http::Principal envAdmin{"", store::Role::Admin, ""};
  const http::Principal nobody{"", store::Role::Agent, ""};
  EXPECT_TRUE(visibleTo(forAlice, envAdmin));
  EXPECT_FALSE(visibleTo(forAlice, nobody));
  EXPECT_TRUE(visibleTo(forAll, nobody));
}

TEST_F(EventHubTest, SubscribersGetOnlyTheEventsTheyMaySee) {
  std::vector<std::unique_ptr<EventHub::Subscription>> keep;
  auto admin = connect(kAdmin, std::nullopt, keep);
  auto alice = connect(kAlice, std::nullopt, keep);
  auto bob = connect(kBob, std::nullopt, keep);
  auto a = hub.publish("call.offered", only("u-alice"), {});
  auto b = hub.publish("call.offered", Audience{false, {"u-bob", "u-carol"}}, {});
  auto all = hub.publish("call.started", kEveryone, {});
  EXPECT_EQ(admin->eventIds(), (std::vector{a->id, b->id, all->id}));
  EXPECT_EQ(alice->eventIds(), (std::vector{a->id, all->id}));
  EXPECT_EQ(bob->eventIds(), (std::vector{b->id, all->id}));
  EXPECT_EQ(alice->sent()[0], a->text);
}

TEST_F(EventHubTest, NoLastIdMeansLiveEventsOnly) {
  publishMany(3);
  std::vector<std::unique_ptr<EventHub::Subscription>> keep;
  auto client = connect(kAlice, std::nullopt, keep);
  EXPECT_TRUE(client->sent().empty());
  auto live = hub.publish("call.ended", kEveryone, {});
  EXPECT_EQ(client->eventIds(), std::vector{live->id});
}

TEST_F(EventHubTest, ReplaysWhatCameAfterTheLastIdThenGoesLive) {
  auto ids = publishMany(5);
  hub.publish("call.offered", only("u-bob"), {}); // not for Alice: not replayed to her
  std::vector<std::unique_ptr<EventHub::Subscription>> keep;
  auto client = connect(kAlice, ids[1], keep);
  auto live = hub.publish("call.ended", kEveryone, {});
  EXPECT_EQ(client->eventIds(), (std::vector{ids[2], ids[3], ids[4], live->id}));
  EXPECT_EQ(client->messages()[0]["type"], "call.ended");

  // Up to date: nothing to replay, and no warning.
  auto current = connect(kAlice, hub.lastId(), keep);
  EXPECT_TRUE(current->sent().empty());
}

TEST_F(EventHubTest, KeepsAtMostCapacityEventsAndSaysWhenReplayIsIncomplete) {
  EventHub small(clock, 3);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(small.publish("call.ended", kEveryone, {})->id);

  auto evicted = std::make_shared<RecordingConnection>();
  auto s1 = small.subscribe(kAlice, ids[0], evicted);
  ASSERT_EQ(evicted->sent().size(), 4u);
  EXPECT_EQ(evicted->sent()[0],
            R"({"type":"replay.incomplete","oldest_id":)" + std::to_string(ids[3]) + "}");
  EXPECT_EQ(evicted->eventIds(), (std::vector{ids[3], ids[4], ids[5]}));

  // The client saw the last evicted event: it missed nothing.
  auto justInTime = std::make_shared<RecordingConnection>();
  auto s2 = small.subscribe(kAlice, ids[2], justInTime);
  EXPECT_EQ(justInTime->eventIds(), (std::vector{ids[3], ids[4], ids[5]}));
  EXPECT_EQ(justInTime->messages().size(), 3u);

  // An id this hub never issued (newer than the newest, or from before a restart).
  for (std::int64_t unknown : {ids[5] + 10, ids[0] - 1}) {
    auto stale = std::make_shared<RecordingConnection>();
    auto s = small.subscribe(kAlice, unknown, stale);
    ASSERT_FALSE(stale->sent().empty());
    EXPECT_EQ(stale->messages()[0]["type"], "replay.incomplete") << unknown;
    EXPECT_EQ(stale->messages()[0]["oldest_id"], ids[3]);
  }
}

TEST_F(EventHubTest, AnIdFromBeforeARestartIsIncompleteEvenWithNothingEvicted) {
  auto fromLastRun = hub.publish("call.ended", kEveryone, {})->id;
  clock.advance(common::Duration{5'000});
  EventHub restarted(clock);
  auto client = std::make_shared<RecordingConnection>();
  auto subscription = restarted.subscribe(kAlice, fromLastRun, client);
  ASSERT_EQ(client->sent().size(), 1u);
  EXPECT_EQ(client->sent()[0], R"({"type":"replay.incomplete","oldest_id":null})");
}

TEST_F(EventHubTest, UnsubscribingOrDroppingTheHandleStopsSending) {
  auto client = std::make_shared<RecordingConnection>();
  auto subscription = hub.subscribe(kAlice, std::nullopt, client);
  auto other = std::make_shared<RecordingConnection>();
  auto dropped = hub.subscribe(kAlice, std::nullopt, other);
  EXPECT_EQ(hub.subscribers(), 2u);
  hub.publish("call.ended", kEveryone, {});
  subscription->unsubscribe();
  subscription->unsubscribe(); // idempotent
  dropped.reset();
  EXPECT_EQ(hub.subscribers(), 0u);
  hub.publish("call.ended", kEveryone, {});
  EXPECT_EQ(client->sent().size(), 1u);
  EXPECT_EQ(other->sent().size(), 1u);
  subscription.reset();
}

TEST_F(EventHubTest, ListenersGetEveryEventInOrderAfterSubscribers) {
  auto client = std::make_shared<RecordingConnection>();
  auto subscription = hub.subscribe(kAdmin, std::nullopt, client);
  std::vector<std::int64_t> heard;
  std::vector<std::size_t> sentBefore;
  hub.addListener([&](const std::shared_ptr<const Event>& event) {
    heard.push_back(event->id);
    sentBefore.push_back(client->sent().size());
  });
  auto a = hub.publish("call.offered", only("u-nobody"), {});
  auto b = hub.publish("call.ended", kEveryone, {});
  EXPECT_EQ(heard, (std::vector{a->id, b->id}));
  EXPECT_EQ(sentBefore, (std::vector<std::size_t>{1, 2}));
}

TEST_F(EventHubTest, AThousandSubscribersEachGetEveryEvent) {
  std::vector<std::unique_ptr<EventHub::Subscription>> keep;
  std::vector<std::shared_ptr<RecordingConnection>> clients;
  for (int i = 0; i < 1000; ++i)
    clients.push_back(connect(i % 2 == 0 ? kAlice : kBob, std::nullopt, keep));
  EXPECT_EQ(hub.subscribers(), 1000u);
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i)
    hub.publish("user.availability", kEveryone, {{"n", i}});
  auto forAlice = hub.publish("call.offered", only("u-alice"), {});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(clients[i]->sent().size(), i % 2 == 0 ? 101u : 100u) << i;
    if (i % 2 == 0) {
      EXPECT_EQ(clients[i]->sent().back(), forAlice->text);
    }
  }
  // 101,000 queued sends; generous so that a loaded debug build passes, tight enough to
  // catch per-subscriber serialization or copying the buffer per send.
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

// Subscribers join while another thread publishes: each must see every event after its
// resume point exactly once, in order, whether it came by replay or live.
TEST(EventHubConcurrency, NoGapOrDuplicateBetweenReplayAndLive) {
  common::SystemClock clock;
  constexpr int kEvents = 10'000;
  EventHub hub(clock, kEvents);
  std::atomic<bool> done{false};
  std::thread publisher([&] {
    for (int i = 0; i < kEvents; ++i)
      hub.publish("call.ended", Audience{true, {}}, {{"n", i}});
    done = true;
  });

  struct Joined {
    std::int64_t from;
    std::shared_ptr<RecordingConnection> connection;
    std::unique_ptr<EventHub::Subscription> subscription;
  };
  std::vector<Joined> joined;
  while (!done && joined.size() < 100) {
    // lastId() read before subscribe: events published in between must come by replay.
    std::int64_t from = hub.lastId();
    if (from == 0) continue;
    auto connection = std::make_shared<RecordingConnection>();
    auto subscription = hub.subscribe(kAlice, from, connection);
    joined.push_back(Joined{from, connection, std::move(subscription)});
    std::this_thread::yield();
  }
  publisher.join();
  ASSERT_GT(joined.size(), 1u);
  const std::int64_t last = hub.lastId();
  for (const auto& j : joined) {
    auto ids = j.connection->eventIds();
    ASSERT_EQ(ids.size(), static_cast<std::size_t>(last - j.from)) << "joined after " << j.from;
    std::vector<std::int64_t> expected(ids.size());
    std::iota(expected.begin(), expected.end(), j.from + 1);
    ASSERT_EQ(ids, expected) << "joined after " << j.from;
    EXPECT_EQ(j.connection->sent().size(), ids.size()); // no replay.incomplete
  }
}

} // namespace
} // namespace sb::api::events
