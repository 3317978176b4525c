#pragma once
// EventHub: where every event is published once and fanned out to the WebSocket
// subscribers allowed to see it and to listeners (the webhook dispatcher). It keeps the
// latest events so that a client reconnecting with its last id gets what it missed.
#include "api/events/event.hpp"
#include "api/http/principal.hpp"
#include "api/http/websocket.hpp"
#include "common/clock.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace sb::api::events {

// Thread-safe. publish() is called from the signalling thread, subscribe() from the HTTP
// server's threads.
class EventHub {
public:
  using Listener = std::function<void(const std::shared_ptr<const Event>&)>;

  // A subscriber's handle: while it lives, the hub sends to the connection.
  class Subscription {
  public:
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;
    ~Subscription();
    // Idempotent; once it returns, no send to the connection is under way or will start.
    void unsubscribe();

  private:
    friend class EventHub;
    Subscription(EventHub& hub, std::uint64_t id) : hub_(&hub), id_(id) {}
    EventHub* hub_; // not owned (the hub outlives its subscriptions); null once unsubscribed
    std::uint64_t id_;
  };

  // The first id is the start time in ms x 1000, so ids keep increasing across restarts
  // without being stored. `capacity` events are kept for replay.
  explicit EventHub(const common::Clock& clock, std::size_t capacity = 10'000);
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // Stamps, serializes and sends the event to every subscriber that may see it (send only
  // queues), then hands it to the listeners on this thread.
  std::shared_ptr<const Event> publish(std::string type, Audience audience, nlohmann::json data);

  // Sends the buffered events after `lastId` that `principal` may see, then every new one,
  // in id order, none lost or repeated between the two. When `lastId` is not covered by
  // the buffer (evicted, from before a restart, or unknown) it first sends
  // {"type":"replay.incomplete","oldest_id":N} (N the oldest kept id, null when none) so
  // the client knows to reload its state.
  std::unique_ptr<Subscription> subscribe(http::Principal principal,
                                          std::optional<std::int64_t> lastId,
                                          std::shared_ptr<http::WebSocketConnection> connection);

  std::size_t subscribers() const;
  // The newest id published, 0 before the first event.
  std::int64_t lastId() const;
  std::uint64_t published() const;

  // Listeners get every event, after the subscribers, on the publishing thread, in id
  // order. A listener must not publish (the hub holds its publishing lock while calling).
  void addListener(Listener listener);

private:
  struct Subscriber {
    http::Principal principal;
    std::shared_ptr<http::WebSocketConnection> connection;
  };

  void remove(std::uint64_t subscriberId);
  // Under mutex_: true when every event after `lastId` is still in the buffer.
  bool replayComplete(std::int64_t lastId) const;
  // Under mutex_: sends the replay for a new subscriber.
  void replay(const Subscriber& subscriber, std::optional<std::int64_t> lastId) const;

  const common::Clock& clock_;
  const std::size_t capacity_;
  const std::int64_t firstId_;

  std::mutex publishMutex_; // one publisher at a time: id order = buffer order = listener order
  std::vector<Listener> listeners_; // under publishMutex_

  mutable std::mutex mutex_; // everything below
  std::int64_t nextId_;
  std::deque<std::shared_ptr<const Event>> buffer_; // oldest first, at most capacity_
  std::unordered_map<std::uint64_t, Subscriber> subscribers_;
  std::uint64_t nextSubscriberId_ = 1;
  std::uint64_t published_ = 0;
};

} // namespace sb::api::events
