#include "store/writer.hpp"

#include <algorithm>
#include <exception>
#include <utility>
#include <vector>

#include "common/log.hpp"

namespace sb::store {

Writer::Writer(WriteTarget& target, Executor executor, Options options)
    : target_(target), executor_(std::move(executor)), options_(options),
      thread_([this] { run(); }) {}

Writer::~Writer() {
  stop();
}

bool Writer::enqueue(WriteOp op, Completion done) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    if (queue_.size() >= options_.maxQueued) {
      ++rejected_;
      return false;
    }
    queue_.push_back(Pending{std::move(op), std::move(done)});
    ++enqueued_;
  }
  wake_.notify_one();
  return true;
}

void Writer::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = enqueued_;
  progress_.wait(lock, [&] { return finished_ >= target; });
}

void Writer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t Writer::commitCount() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

std::uint64_t Writer::rejectedCount() const {
  std::lock_guard lock(mutex_);
  return rejected_;
}

void Writer::run() {
  for (;;) {
    std::deque<Pending> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return; // stopping and drained
      const std::size_t take = std::min(queue_.size(), options_.maxBatch);
      for (std::size_t i = 0; i < take; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    const std::size_t count = batch.size();
    commitBatch(batch);
    {
      std::lock_guard lock(mutex_);
      finished_ += count;
    }
    progress_.notify_all();
  }
}

void Writer::commitBatch(std::deque<Pending>& batch) {
  std::vector<WriteOutcome> outcomes;
  outcomes.reserve(batch.size());
  WriteOutcome begun = target_.beginBatch();
  if (begun) {
    for (const Pending& p : batch)
      outcomes.push_back(applyOne(p.op));
    WriteOutcome committed = target_.commitBatch();
    if (committed) {
      std::lock_guard lock(mutex_);
      ++commits_;
    } else {
      target_.abortBatch();
      // Nothing of the batch is durable, whatever each operation reported.
      for (auto& o : outcomes)
        o = committed.error();
    }
  } else {
    for (std::size_t i = 0; i < batch.size(); ++i)
      outcomes.push_back(begun.error());
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!outcomes[i]) SB_LOG_WARN("store write failed: {}", outcomes[i].error().message);
    deliver(std::move(batch[i].done), std::move(outcomes[i]));
  }
}

WriteOutcome Writer::applyOne(const WriteOp& op) {
  WriteOutcome opened = target_.beginOp();
  if (!opened) return opened;
  WriteOutcome result = common::makeError("store write threw");
  try {
    result = op();
  } catch (const std::exception& e) {
    // The writer thread must survive a bad operation; report it to its caller instead.
    result = common::makeError(std::string("store write threw: ") + e.what());
  }
  target_.endOp(result.ok());
  return result;
}

void Writer::deliver(Completion done, WriteOutcome outcome) {
  if (!done) return;
  if (!executor_) {
    try {
      done(std::move(outcome));
    } catch (const std::exception& e) {
      // Without an executor the completion runs here; it must not take the writer down.
      SB_LOG_ERROR("store completion threw: {}", e.what());
    }
    return;
  }
  executor_([d = std::move(done), o = std::move(outcome)]() mutable { d(std::move(o)); });
}

} // namespace sb::store
