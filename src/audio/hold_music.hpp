#pragma once
// The music a caller hears on hold when the organization has not supplied its own: a calm
// progression of soft arpeggiated chords, made at start-up, that loops without a click.
#include <cstdint>
#include <vector>

namespace sb::audio {

// 8 kHz, 16-bit mono samples, a whole number of bars long (so a loop joins cleanly), with
// peaks well below full scale (about -18 dBFS) so that G.711 carries it without distortion.
std::vector<std::int16_t> holdMusic();

} // namespace sb::audio
