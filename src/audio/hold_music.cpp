#include "audio/hold_music.hpp"

#include <array>
#include <cmath>
#include <numbers>

namespace sb::audio {

namespace {

constexpr int kRate = 8000;
constexpr double kBeat = 0.375;            // seconds per note (160 notes a minute)
constexpr int kNotesPerChord = 8;          // two rising-and-falling arpeggios per chord
constexpr double kPeak = 0.125 * 32767.0;  // about -18 dBFS

// MIDI note numbers of each chord: C major, A minor, F major, G major (I vi IV V).
constexpr std::array<std::array<int, 4>, 4> kChords{{
    {60, 64, 67, 72},
    {57, 60, 64, 69},
    {53, 57, 60, 65},
    {55, 59, 62, 67},
}};
// Which chord tone each beat plays: up and back down.
constexpr std::array<int, kNotesPerChord> kPattern{0, 1, 2, 3, 2, 1, 0, 1};

double frequencyOf(int midiNote) { return 440.0 * std::pow(2.0, (midiNote - 69) / 12.0); }

// A soft, bell-like note: a quick attack and an exponential decay, with a quiet octave
// partial for warmth. Each note is faded to silence before the next starts.
void addNote(std::vector<std::int16_t>& out, std::size_t start, std::size_t length, double frequency) {
  const double attack = 0.015 * kRate;
  for (std::size_t i = 0; i < length && start + i < out.size(); ++i) {
    double t = static_cast<double>(i) / kRate;
    double envelope = i < attack ? static_cast<double>(i) / attack : std::exp(-3.0 * t);
    double release = static_cast<double>(length - i) / static_cast<double>(length);
    envelope *= std::min(1.0, release * 8.0); // the last eighth fades to zero
    double phase = 2.0 * std::numbers::pi * frequency * t;
    double sample = (0.8 * std::sin(phase) + 0.2 * std::sin(2.0 * phase)) * envelope * kPeak;
    out[start + i] = static_cast<std::int16_t>(out[start + i] + std::lround(sample));
  }
}

} // namespace

std::vector<std::int16_t> holdMusic() {
  const auto noteLength = static_cast<std::size_t>(kBeat * kRate);
  std::vector<std::int16_t> out(noteLength * kNotesPerChord * kChords.size(), 0);
  std::size_t at = 0;
  for (const auto& chord : kChords) {
    for (int step : kPattern) {
      addNote(out, at, noteLength, frequencyOf(chord[static_cast<std::size_t>(step)]));
      at += noteLength;
    }
  }
  return out;
}

} // namespace sb::audio
