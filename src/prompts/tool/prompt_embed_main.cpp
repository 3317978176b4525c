// sb_prompt_embed: the build step that embeds the prompts (see embedded_prompts.hpp).
//   sb_prompt_embed prompt <name> <speech.wav> <out.cpp>   one prompt's samples, at 8 kHz
//   sb_prompt_embed index <out.cpp> <name>...              the list of all prompts
// Outputs are written to a temporary file and renamed, so a failed step leaves none.
#include "prompts/pcm.hpp"
#include "prompts/tool/embed_source.hpp"
#include "prompts/wav_audio.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace {

using namespace sb::prompts;

bool writeFile(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::fprintf(stderr, "sb_prompt_embed: cannot write %s\n", partial.c_str());
      return false;
    }
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) {
    std::fprintf(stderr, "sb_prompt_embed: %s: %s\n", path.c_str(), error.message().c_str());
    return false;
  }
  return true;
}

int embedPrompt(const std::string& name, const std::filesystem::path& wav,
                const std::filesystem::path& out) {
  if (!tool::isPromptName(name)) {
    std::fprintf(stderr, "sb_prompt_embed: '%s' is not a prompt name ([a-z][a-z0-9_]*)\n",
                 name.c_str());
    return 1;
  }
  auto pcm = loadPromptWav(wav);
  if (!pcm) {
    std::fprintf(stderr, "sb_prompt_embed: %s\n", pcm.error().message.c_str());
    return 1;
  }
  trimSilence(*pcm);
  return writeFile(out, tool::promptSource(name, *pcm, wav.filename().string())) ? 0 : 1;
}

int embedIndex(const std::filesystem::path& out, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (!tool::isPromptName(name)) {
      std::fprintf(stderr, "sb_prompt_embed: '%s' is not a prompt name\n", name.c_str());
      return 1;
    }
  }
  return writeFile(out, tool::indexSource(names)) ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 4 && args[0] == "prompt") return embedPrompt(args[1], args[2], args[3]);
  if (args.size() >= 2 && args[0] == "index") {
    return embedIndex(args[1], std::vector<std::string>(args.begin() + 2, args.end()));
  }
  std::fprintf(stderr, "usage: sb_prompt_embed prompt <name> <speech.wav> <out.cpp>\n"
                       "       sb_prompt_embed index <out.cpp> <name>...\n");
  return 2;
}
