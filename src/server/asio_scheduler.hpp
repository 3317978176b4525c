#pragma once
// common::Scheduler on an Asio io_context: one steady_timer per scheduled task.
#include "common/scheduler.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <unordered_map>

namespace sb::server {

class AsioScheduler final : public common::Scheduler {
public:
  explicit AsioScheduler(boost::asio::io_context& io) : io_(io) {}
  common::TimerId schedule(common::Duration delay, std::function<void()> task) override;
  void cancel(common::TimerId id) override;
  std::size_t pending() const { return timers_.size(); }

private:
  boost::asio::io_context& io_;
  common::TimerId next_ = 1;
  std::unordered_map<common::TimerId, std::unique_ptr<boost::asio::steady_timer>> timers_;
};

} // namespace sb::server
