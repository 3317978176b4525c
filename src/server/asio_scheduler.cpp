#include "server/asio_scheduler.hpp"

namespace sb::server {

common::TimerId AsioScheduler::schedule(common::Duration delay, std::function<void()> task) {
  common::TimerId id = next_++;
  auto timer = std::make_unique<boost::asio::steady_timer>(io_, delay);
  timer->async_wait([this, id, task = std::move(task)](const boost::system::error_code& ec) {
    if (ec) return; // cancelled
    timers_.erase(id);
    task();
  });
  timers_.emplace(id, std::move(timer));
  return id;
}

void AsioScheduler::cancel(common::TimerId id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  it->second->cancel();
  timers_.erase(it);
}

} // namespace sb::server
