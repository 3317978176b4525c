#include "rtp/sequence.hpp"

namespace sb::rtp {

void SequenceTracker::restart(std::uint16_t sequence) {
  baseSeq_ = sequence;
  maxSeq_ = sequence;
  badSeq_ = 0x10001;
  cycles_ = 0;
  received_ = 0;
}

SequenceTracker::Verdict SequenceTracker::update(std::uint16_t sequence) {
  if (!started_) {
    started_ = true;
    probation_ = minSequential_;
    restart(sequence);
    if (probation_ == 0) {
      ++received_;
      return Verdict::Counted;
    }
    maxSeq_ = static_cast<std::uint16_t>(sequence - 1); // so that `sequence` is next in line
  }
  if (probation_ > 0) {
    if (sequence == static_cast<std::uint16_t>(maxSeq_ + 1)) {
      maxSeq_ = sequence;
      if (--probation_ == 0) {
        restart(sequence);
        ++received_;
        return Verdict::Counted;
      }
    } else {
      probation_ = minSequential_ - 1;
      maxSeq_ = sequence;
    }
    return Verdict::Probation;
  }
  const std::uint16_t ahead = static_cast<std::uint16_t>(sequence - maxSeq_);
  if (ahead < kMaxDropout) {
    if (sequence < maxSeq_) cycles_ += 0x10000; // wrapped around
    maxSeq_ = sequence;
  } else if (ahead <= 0x10000 - kMaxMisorder) {
    if (sequence != badSeq_) {
      badSeq_ = (sequence + 1u) & 0xFFFF;
      return Verdict::Rejected;
    }
    restart(sequence); // two packets in sequence after the jump: the sender restarted
  }
  // Otherwise a duplicate or a packet out of order, within kMaxMisorder: counted as is.
  ++received_;
  return Verdict::Counted;
}

} // namespace sb::rtp
