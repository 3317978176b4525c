#pragma once
// In-band DTMF detection for trunks that send key presses as tones in the audio rather than
// as RFC 4733 events. spandsp's detector does the work (it meets ITU-T Q.23/Q.24 and
// resists talk-off); this class owns its state and hands out the digits it finds.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

struct dtmf_rx_state_s; // spandsp's, kept out of this header

namespace sb::audio {

class DtmfDetector {
public:
  DtmfDetector();
  ~DtmfDetector();
  DtmfDetector(DtmfDetector&&) noexcept;
  DtmfDetector& operator=(DtmfDetector&&) noexcept;
  DtmfDetector(const DtmfDetector&) = delete;
  DtmfDetector& operator=(const DtmfDetector&) = delete;

  // 8 kHz 16-bit linear audio, in order, in frames of any length.
  void feed(std::span<const std::int16_t> pcm);
  // Audio that was lost (a missing packet), so timing stays right.
  void skip(std::size_t samples);
  // The oldest digit detected and not yet taken: 0-9, *, #, A-D.
  std::optional<char> nextDigit();

private:
  struct Release {
    void operator()(dtmf_rx_state_s* state) const;
  };
  std::unique_ptr<dtmf_rx_state_s, Release> state_;
};

} // namespace sb::audio
