#include "prompts/pcm.hpp"

#include <algorithm>
#include <cstdlib>

namespace sb::prompts {

void trimSilence(Pcm& pcm, std::int16_t threshold, std::chrono::milliseconds margin) {
  const auto loud = [threshold](std::int16_t s) { return std::abs(int{s}) >= threshold; };
  const auto first = std::find_if(pcm.begin(), pcm.end(), loud);
  if (first == pcm.end()) return;
  const auto last = std::find_if(pcm.rbegin(), pcm.rend(), loud).base(); // one past
  const auto keep = static_cast<std::ptrdiff_t>(samplesIn(margin));
  const auto begin = first - std::min(keep, first - pcm.begin());
  const auto end = last + std::min(keep, pcm.end() - last);
  pcm.erase(end, pcm.end());
  pcm.erase(pcm.begin(), begin);
}

} // namespace sb::prompts
