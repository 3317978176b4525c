#include "store/writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace sb::store {
namespace {

using namespace std::chrono_literals;

// A WriteTarget that records what the writer asked of it and can hold the first batch
// open until the test releases it, so that operations pile up behind it.
class FakeTarget final : public WriteTarget {
public:
  WriteOutcome beginBatch() override {
    if (holdFirst_ && batches_ == 0) {
      entered_.set_value();
      release_.get_future().wait();
    }
    ++batches_;
    return Committed{};
  }
  WriteOutcome commitBatch() override {
    if (failCommit_) return common::makeError("disk full");
    ++commits_;
    return Committed{};
  }
  void abortBatch() override { ++aborts_; }
  WriteOutcome beginOp() override { return Committed{}; }
  void endOp(bool keep) override { keep ? ++kept_ : ++undone_; }

  void holdFirstBatch() { holdFirst_ = true; }
  // Waits (bounded) until the writer thread is inside the held batch.
  bool waitUntilHeld() { return entered_.get_future().wait_for(5s) == std::future_status::ready; }
  void release() { release_.set_value(); }

  bool holdFirst_ = false;
  bool failCommit_ = false;
  std::atomic<int> batches_{0};
  std::atomic<int> commits_{0};
  std::atomic<int> aborts_{0};
  std::atomic<int> kept_{0};
  std::atomic<int> undone_{0};

private:
  std::promise<void> entered_;
  std::promise<void> release_;
};

WriteOp succeed() {
  return [] { return WriteOutcome(Committed{}); };
}

struct Outcomes {
  std::mutex mutex;
  std::vector<bool> results;
  Completion record() {
    return [this](WriteOutcome o) {
      std::lock_guard lock(mutex);
      results.push_back(o.ok());
    };
  }
};

TEST(Writer, GroupsEverythingQueuedBehindABusyBatchIntoOneCommit) {
  FakeTarget target;
  target.holdFirstBatch();
  Outcomes outcomes;
  Writer writer(target, nullptr);
  ASSERT_TRUE(writer.enqueue(succeed(), outcomes.record()));
  ASSERT_TRUE(target.waitUntilHeld());
  for (int i = 0; i < 99; ++i)
    ASSERT_TRUE(writer.enqueue(succeed(), outcomes.record()));
  target.release();
  writer.flush();
  EXPECT_EQ(writer.commitCount(), 2U);
  EXPECT_EQ(target.commits_.load(), 2);
  ASSERT_EQ(outcomes.results.size(), 100U);
  for (bool ok : outcomes.results)
    EXPECT_TRUE(ok);
}

TEST(Writer, AFailingOperationIsUndoneAloneAndReported) {
  FakeTarget target;
  Outcomes outcomes;
  Writer writer(target, nullptr);
  ASSERT_TRUE(writer.enqueue(succeed(), outcomes.record()));
  ASSERT_TRUE(writer.enqueue([] { return WriteOutcome(common::makeError("constraint")); },
                             outcomes.record()));
  ASSERT_TRUE(writer.enqueue([]() -> WriteOutcome { throw std::runtime_error("bad op"); },
                             outcomes.record()));
  ASSERT_TRUE(writer.enqueue(succeed(), outcomes.record()));
  writer.flush();
  EXPECT_EQ(outcomes.results, (std::vector<bool>{true, false, false, true}));
  EXPECT_EQ(target.undone_.load(), 2);
  EXPECT_EQ(target.kept_.load(), 2);
}

TEST(Writer, AFailedCommitFailsEveryOperationOfTheBatch) {
  FakeTarget target;
  target.failCommit_ = true;
  Outcomes outcomes;
  Writer writer(target, nullptr);
  ASSERT_TRUE(writer.enqueue(succeed(), outcomes.record()));
  writer.flush();
  EXPECT_EQ(outcomes.results, std::vector<bool>{false});
  EXPECT_EQ(target.aborts_.load(), 1);
  EXPECT_EQ(writer.commitCount(), 0U);
}

TEST(Writer, RefusesWritesBeyondTheQueueBound) {
  FakeTarget target;
  target.holdFirstBatch();
  Writer writer(target, nullptr, Writer::Options{2, 1000});
  ASSERT_TRUE(writer.enqueue(succeed(), nullptr));
  ASSERT_TRUE(target.waitUntilHeld()); // the first op left the queue
  EXPECT_TRUE(writer.enqueue(succeed(), nullptr));
  EXPECT_TRUE(writer.enqueue(succeed(), nullptr));
  EXPECT_FALSE(writer.enqueue(succeed(), nullptr));
  EXPECT_EQ(writer.rejectedCount(), 1U);
  target.release();
  writer.flush();
  EXPECT_TRUE(writer.enqueue(succeed(), nullptr)); // room again
}

TEST(Writer, StopDrainsTheQueueAndRefusesLaterWrites) {
  FakeTarget target;
  target.holdFirstBatch();
  Outcomes outcomes;
  Writer writer(target, nullptr);
  ASSERT_TRUE(writer.enqueue(succeed(), outcomes.record()));
  ASSERT_TRUE(target.waitUntilHeld());
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(writer.enqueue(succeed(), outcomes.record()));
  target.release();
  writer.stop();
  EXPECT_EQ(outcomes.results.size(), 6U);
  EXPECT_FALSE(writer.enqueue(succeed(), outcomes.record()));
}

TEST(Writer, CompletionsGoThroughTheExecutorInQueueOrder) {
  FakeTarget target;
  std::mutex mutex;
  std::vector<std::function<void()>> posted;
  Executor executor = [&](std::function<void()> task) {
    std::lock_guard lock(mutex);
    posted.push_back(std::move(task));
  };
  std::vector<int> order;
  Writer writer(target, executor);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(writer.enqueue(succeed(), [&order, i](WriteOutcome) { order.push_back(i); }));
  }
  writer.flush();
  EXPECT_TRUE(order.empty()); // nothing ran on the writer thread
  ASSERT_EQ(posted.size(), 3U);
  for (auto& task : posted)
    task();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
}

} // namespace
} // namespace sb::store
