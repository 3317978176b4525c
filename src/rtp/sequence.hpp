#pragma once
// Sequence numbers and timestamps wrap, so "newer" is serial-number arithmetic (RFC 1982),
// and a receiver extends the 16-bit sequence number by counting wraps (RFC 3550 A.1).
#include <cstdint>

namespace sb::rtp {

// Signed distance from `b` to `a`: positive when `a` comes after `b`.
constexpr std::int16_t sequenceDistance(std::uint16_t a, std::uint16_t b) {
  return static_cast<std::int16_t>(static_cast<std::uint16_t>(a - b));
}
constexpr bool sequenceNewer(std::uint16_t a, std::uint16_t b) {
  return sequenceDistance(a, b) > 0;
}
constexpr std::int32_t timestampDistance(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b);
}
constexpr bool timestampNewer(std::uint32_t a, std::uint32_t b) {
  return timestampDistance(a, b) > 0;
}

// The source validation and sequence extension of RFC 3550 A.1: a source is valid after
// `minSequential` packets in sequence; a jump of more than kMaxDropout is taken as a restart
// only once two packets confirm it; late and duplicate packets still count as received.
class SequenceTracker {
public:
  static constexpr std::uint32_t kMaxDropout = 3000;
  static constexpr std::uint32_t kMaxMisorder = 100;

  enum class Verdict {
    Counted,   // part of the stream: counted as received
    Probation, // the source is not yet valid
    Rejected,  // a jump too far; a restart if the next packet follows it
  };

  explicit SequenceTracker(int minSequential = 2) : minSequential_(minSequential) {}

  Verdict update(std::uint16_t sequence);

  bool valid() const { return started_ && probation_ == 0; }
  std::uint32_t baseSequence() const { return baseSeq_; }
  std::uint32_t extendedHighest() const { return cycles_ + maxSeq_; }
  std::uint32_t received() const { return received_; }
  // Packets expected from the base to the highest sequence number seen.
  std::uint32_t expected() const { return extendedHighest() - baseSeq_ + 1; }

private:
  void restart(std::uint16_t sequence);

  int minSequential_;
  bool started_ = false;
  int probation_ = 0;
  std::uint16_t maxSeq_ = 0;
  std::uint32_t cycles_ = 0; // wraps seen, times 65536
  std::uint32_t baseSeq_ = 0;
  std::uint32_t badSeq_ = 0x10001; // a value no sequence number has
  std::uint32_t received_ = 0;
};

} // namespace sb::rtp
