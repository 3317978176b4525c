#pragma once
// A WebSocketConnection that records what the hub sends, for the hub and stream tests
// (the real transport is tested with the HTTP server). Thread-safe like the real one.
#include "api/http/websocket.hpp"

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sb::api::events::testing {

class RecordingConnection final : public http::WebSocketConnection {
public:
  void send(std::string text) override {
    std::lock_guard lock(mutex_);
    sent_.push_back(std::move(text));
    changed_.notify_all();
  }
  void close(std::uint16_t code, std::string reason) override {
    std::lock_guard lock(mutex_);
    closeCode_ = code;
    closeReason_ = std::move(reason);
  }
  std::string remoteAddress() const override { return "127.0.0.1:50000"; }

  std::vector<std::string> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  bool closed() const {
    std::lock_guard lock(mutex_);
    return closeCode_ != 0;
  }
  // The parsed messages.
  std::vector<nlohmann::json> messages() const {
    std::vector<nlohmann::json> parsed;
    for (const auto& text : sent())
      parsed.push_back(nlohmann::json::parse(text));
    return parsed;
  }
  // The ids of the events received, in order. Events begin {"id":N (the hub's tests
  // check the whole text); reading just that keeps the big concurrency test fast.
  std::vector<std::int64_t> eventIds() const {
    constexpr std::string_view kPrefix = R"({"id":)";
    std::vector<std::int64_t> ids;
    for (const auto& text : sent()) {
      if (text.compare(0, kPrefix.size(), kPrefix) != 0) continue;
      std::int64_t id = 0;
      std::from_chars(text.data() + kPrefix.size(), text.data() + text.size(), id);
      ids.push_back(id);
    }
    return ids;
  }
  // Waits, with a bound, until at least `count` messages arrived.
  bool waitForCount(std::size_t count,
                    std::chrono::milliseconds bound = std::chrono::seconds(10)) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, bound, [&] { return sent_.size() >= count; });
  }

private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<std::string> sent_;
  std::uint16_t closeCode_ = 0;
  std::string closeReason_;
};

} // namespace sb::api::events::testing
