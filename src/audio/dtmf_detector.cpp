#include "audio/dtmf_detector.hpp"

#include <spandsp.h>

#include <algorithm>
#include <cassert>
#include <climits>
#include <new>

namespace sb::audio {

void DtmfDetector::Release::operator()(dtmf_rx_state_s* state) const {
  dtmf_rx_free(state);
}

DtmfDetector::DtmfDetector() : state_(dtmf_rx_init(nullptr, nullptr, nullptr)) {
  // Without a callback spandsp queues the digits for dtmf_rx_get().
  if (!state_) throw std::bad_alloc(); // construction is off the media path
}

DtmfDetector::~DtmfDetector() = default;
DtmfDetector::DtmfDetector(DtmfDetector&&) noexcept = default;
DtmfDetector& DtmfDetector::operator=(DtmfDetector&&) noexcept = default;

void DtmfDetector::feed(std::span<const std::int16_t> pcm) {
  assert(state_);
  while (!pcm.empty()) {
    const auto chunk = pcm.first(std::min<std::size_t>(pcm.size(), INT_MAX));
    dtmf_rx(state_.get(), chunk.data(), static_cast<int>(chunk.size()));
    pcm = pcm.subspan(chunk.size());
  }
}

void DtmfDetector::skip(std::size_t samples) {
  assert(state_);
  dtmf_rx_fillin(state_.get(), static_cast<int>(std::min<std::size_t>(samples, INT_MAX)));
}

std::optional<char> DtmfDetector::nextDigit() {
  assert(state_);
  char digits[2] = {}; // spandsp terminates what it copies with a NUL
  if (dtmf_rx_get(state_.get(), digits, 1) != 1) return std::nullopt;
  return digits[0];
}

} // namespace sb::audio
