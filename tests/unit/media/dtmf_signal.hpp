#pragma once
// Key presses as a phone sends them in the audio, made by spandsp's DTMF generator.
#include <spandsp.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sb::media::test {

// `digits` as 60 ms tones with 60 ms gaps at -10 dBm0, then `silenceAfter` samples of silence.
inline std::vector<std::int16_t> dtmfTones(const std::string& digits,
                                           std::size_t silenceAfter = 1600) {
  dtmf_tx_state_t* tx = dtmf_tx_init(nullptr);
  dtmf_tx_set_level(tx, -10, 0);
  dtmf_tx_set_timing(tx, 60, 60);
  dtmf_tx_put(tx, digits.c_str(), -1);
  std::vector<std::int16_t> signal;
  std::int16_t frame[160];
  while (int n = dtmf_tx(tx, frame, 160))
    signal.insert(signal.end(), frame, frame + n);
  dtmf_tx_free(tx);
  signal.resize(signal.size() + silenceAfter, 0);
  return signal;
}

} // namespace sb::media::test
