#pragma once
// The built-in prompts compiled into the library. The build turns each prompts/<name>.txt
// into speech with espeak-ng and sb_prompt_embed (tool/) writes the 8 kHz samples out as a
// generated source, so the binary needs no prompt files at run time. PromptLibrary is the
// way to play them; this is what it starts from.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace sb::prompts {

struct EmbeddedPrompt {
  std::string_view name;       // the file name without .txt, e.g. "press_one"
  const std::int16_t* samples; // 8 kHz mono
  std::size_t count;
};

// Every built-in prompt, sorted by name.
std::span<const EmbeddedPrompt* const> embeddedPrompts();

} // namespace sb::prompts
