#include "api/events/event_hub.hpp"

#include <algorithm>

namespace sb::api::events {

EventHub::Subscription::~Subscription() {
  unsubscribe();
}

void EventHub::Subscription::unsubscribe() {
  if (hub_ == nullptr) return;
  hub_->remove(id_);
  hub_ = nullptr;
}

EventHub::EventHub(const common::Clock& clock, std::size_t capacity)
    : clock_(clock), capacity_(capacity), firstId_(common::toEpochMs(clock.wallNow()) * 1000),
      nextId_(firstId_) {}

std::shared_ptr<const Event> EventHub::publish(std::string type, Audience audience,
                                               nlohmann::json data) {
  std::lock_guard order(publishMutex_);
  auto event = std::make_shared<Event>();
  event->id = nextId_; // only publishers write nextId_, and they hold publishMutex_
  event->at = common::toEpochMs(clock_.wallNow());
  event->type = std::move(type);
  event->audience = std::move(audience);
  event->data = data.is_null() ? nlohmann::json::object() : std::move(data);
  event->text = serializeEvent(event->id, event->type, event->at, event->data);
  std::shared_ptr<const Event> published = std::move(event);
  {
    std::lock_guard lock(mutex_);
    nextId_ = published->id + 1;
    buffer_.push_back(published);
    while (buffer_.size() > capacity_)
      buffer_.pop_front();
    ++published_;
    for (const auto& [id, subscriber] : subscribers_)
      if (visibleTo(*published, subscriber.principal)) subscriber.connection->send(published->text);
  }
  for (const auto& listener : listeners_)
    listener(published);
  return published;
}

std::unique_ptr<EventHub::Subscription>
EventHub::subscribe(http::Principal principal, std::optional<std::int64_t> lastId,
                    std::shared_ptr<http::WebSocketConnection> connection) {
  std::lock_guard lock(mutex_);
  // Replay and registration under one lock: a concurrent publish lands either in the
  // replay or in the live stream, never both or neither.
  Subscriber subscriber{std::move(principal), std::move(connection)};
  replay(subscriber, lastId);
  const std::uint64_t id = nextSubscriberId_++;
  subscribers_.emplace(id, std::move(subscriber));
  return std::unique_ptr<Subscription>(new Subscription(*this, id));
}

bool EventHub::replayComplete(std::int64_t lastId) const {
  const std::int64_t oldestKept = buffer_.empty() ? nextId_ : buffer_.front()->id;
  // An id below firstId_ comes from an earlier process: what followed it is unknown.
  return lastId >= firstId_ && lastId >= oldestKept - 1 && lastId < nextId_;
}

void EventHub::replay(const Subscriber& subscriber, std::optional<std::int64_t> lastId) const {
  if (!lastId) return;
  if (!replayComplete(*lastId)) {
    const std::string oldest = buffer_.empty() ? "null" : std::to_string(buffer_.front()->id);
    subscriber.connection->send(R"({"type":"replay.incomplete","oldest_id":)" + oldest + "}");
  }
  auto first = std::upper_bound(buffer_.begin(), buffer_.end(), *lastId,
                                [](std::int64_t id, const auto& event) { return id < event->id; });
  for (auto it = first; it != buffer_.end(); ++it)
    if (visibleTo(**it, subscriber.principal)) subscriber.connection->send((*it)->text);
}

void EventHub::remove(std::uint64_t subscriberId) {
  decltype(subscribers_)::node_type removed;
  {
    std::lock_guard lock(mutex_);
    removed = subscribers_.extract(subscriberId);
  }
  // The connection may be released here: outside the lock, in case its end calls back.
}

std::size_t EventHub::subscribers() const {
  std::lock_guard lock(mutex_);
  return subscribers_.size();
}

std::int64_t EventHub::lastId() const {
  std::lock_guard lock(mutex_);
  return nextId_ == firstId_ ? 0 : nextId_ - 1;
}

std::uint64_t EventHub::published() const {
  std::lock_guard lock(mutex_);
  return published_;
}

void EventHub::addListener(Listener listener) {
  std::lock_guard order(publishMutex_);
  listeners_.push_back(std::move(listener));
}

} // namespace sb::api::events
