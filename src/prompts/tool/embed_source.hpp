#pragma once
// The C++ that sb_prompt_embed writes: one source per prompt holding its samples, and one
// index listing them all (embeddedPrompts(), see embedded_prompts.hpp).
#include "prompts/pcm.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sb::prompts::tool {

// A prompt name is also a C++ identifier: lower-case letters, digits and '_', starting
// with a letter.
bool isPromptName(std::string_view name);

std::string promptSource(std::string_view name, const Pcm& samples, std::string_view origin);
std::string indexSource(std::vector<std::string> names);

} // namespace sb::prompts::tool
