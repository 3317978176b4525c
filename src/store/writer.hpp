#pragma once
// Writer: commits call-path writes on its own thread with group commit.
//
// Callers enqueue an operation with a completion; the writer thread takes everything
// queued, runs it in one transaction (each operation inside its own savepoint, so one
// failing operation does not undo the others), commits, and only then hands every
// completion to the executor. A caller that continues from its completion therefore
// continues after its write is durable.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "common/result.hpp"

namespace sb::store {

struct Committed {};
using WriteOutcome = common::Result<Committed>;
// Runs on the executor after the transaction holding the write committed (or failed).
using Completion = std::function<void(WriteOutcome)>;
// For a conditional write: true when its condition held and it changed the row.
using ClaimCompletion = std::function<void(common::Result<bool>)>;
// Where completions run; the server posts them onto its event loop. Empty: run them
// on the writer thread.
using Executor = std::function<void(std::function<void()>)>;
// One write; runs on the writer thread inside the open transaction.
using WriteOp = std::function<WriteOutcome()>;

// The transaction control a database gives the writer; one per implementation.
class WriteTarget {
public:
  virtual ~WriteTarget() = default;
  virtual WriteOutcome beginBatch() = 0;
  virtual WriteOutcome commitBatch() = 0;
  virtual void abortBatch() = 0;
  // Brackets one operation so that a failure undoes only that operation.
  virtual WriteOutcome beginOp() = 0;
  virtual void endOp(bool keep) = 0;
};

class Writer {
public:
  struct Options {
    std::size_t maxQueued = 10'000; // enqueue refuses beyond this (backpressure)
    std::size_t maxBatch = 1'000;   // operations per transaction, bounds commit latency
  };

  // `target` must outlive the writer; it is used only from the writer thread.
  Writer(WriteTarget& target, Executor executor, Options options);
  Writer(WriteTarget& target, Executor executor) : Writer(target, std::move(executor), Options{}) {}
  ~Writer(); // drains the queue, then stops
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // False when the queue is full or the writer has stopped; `done` is then never called.
  [[nodiscard]] bool enqueue(WriteOp op, Completion done);

  // Blocks until every operation enqueued before this call has been committed (or has
  // failed) and its completion handed to the executor. Must not be called from a
  // completion running on the writer thread.
  void flush();

  // Drains what is queued, then joins the thread; later enqueues are refused.
  void stop();

  std::uint64_t commitCount() const;   // transactions committed so far
  std::uint64_t rejectedCount() const; // enqueues refused for a full queue

private:
  struct Pending {
    WriteOp op;
    Completion done;
  };

  void run();
  void commitBatch(std::deque<Pending>& batch);
  WriteOutcome applyOne(const WriteOp& op);
  void deliver(Completion done, WriteOutcome outcome);

  WriteTarget& target_;
  Executor executor_;
  Options options_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;     // the writer thread waits for work
  std::condition_variable progress_; // flush() waits for finished operations
  std::deque<Pending> queue_;
  std::uint64_t enqueued_ = 0;
  std::uint64_t finished_ = 0;
  std::uint64_t commits_ = 0;
  std::uint64_t rejected_ = 0;
  bool stopping_ = false;
  std::thread thread_; // last: starts after everything above is ready
};

} // namespace sb::store
