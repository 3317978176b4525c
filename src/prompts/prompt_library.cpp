#include "prompts/prompt_library.hpp"

#include "common/log.hpp"
#include "prompts/embedded_prompts.hpp"
#include "prompts/wav_audio.hpp"

#include <system_error>

namespace sb::prompts {

namespace {

// The built-in prompts as SharedPcm, copied out of the embedded arrays once per process.
const std::map<std::string, SharedPcm, std::less<>>& builtIns() {
  static const auto table = [] {
    std::map<std::string, SharedPcm, std::less<>> t;
    for (const EmbeddedPrompt* prompt : embeddedPrompts()) {
      t.emplace(std::string(prompt->name),
                std::make_shared<const Pcm>(prompt->samples, prompt->samples + prompt->count));
    }
    return t;
  }();
  return table;
}

// The override files present in `dir`, by prompt name. A missing directory has none.
std::map<std::string, std::filesystem::path> overrideFiles(const std::filesystem::path& dir,
                                                           std::vector<common::Error>& problems) {
  std::map<std::string, std::filesystem::path> files;
  std::error_code error;
  if (dir.empty() || !std::filesystem::is_directory(dir, error)) return files;
  std::filesystem::directory_iterator it(dir, error);
  for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    const std::filesystem::path& path = it->path();
    if (path.extension() != ".wav") continue;
    const std::string name = path.stem().string();
    if (builtIns().count(name) == 0) {
      SB_LOG_INFO("prompts: {} ignored: no built-in prompt is called '{}'", path.string(), name);
      continue;
    }
    files.emplace(name, path);
  }
  if (error) problems.push_back(common::makeError(dir.string() + ": " + error.message()));
  return files;
}

} // namespace

PromptLibrary::PromptLibrary() : PromptLibrary(std::filesystem::path()) {}

PromptLibrary::PromptLibrary(std::filesystem::path overrideDir)
    : overrideDir_(std::move(overrideDir)) {
  (void)reload();
}

std::vector<common::Error> PromptLibrary::reload() {
  std::vector<common::Error> problems;
  Table table;
  for (const auto& [name, pcm] : builtIns())
    table.emplace(name, Entry{pcm, PromptOrigin::BuiltIn, {}});
  for (const auto& [name, path] : overrideFiles(overrideDir_, problems)) {
    auto pcm = loadPromptWav(path);
    if (!pcm) {
      SB_LOG_WARN("prompts: playing the built-in '{}' instead of {}", name, pcm.error().message);
      problems.push_back(pcm.error());
      table[name].problem = pcm.error().message;
      continue;
    }
    table[name] = Entry{std::make_shared<const Pcm>(std::move(*pcm)), PromptOrigin::Override, {}};
    SB_LOG_INFO("prompts: '{}' is played from {}", name, path.string());
  }
  const std::lock_guard lock(mutex_);
  table_.swap(table);
  problems_ = problems;
  return problems;
}

std::vector<common::Error> PromptLibrary::problems() const {
  const std::lock_guard lock(mutex_);
  return problems_;
}

SharedPcm PromptLibrary::get(std::string_view name) const {
  const std::lock_guard lock(mutex_);
  const auto it = table_.find(name);
  return it == table_.end() ? nullptr : it->second.pcm;
}

common::Result<SharedPcm> PromptLibrary::find(std::string_view name) const {
  SharedPcm pcm = get(name);
  if (!pcm) return common::makeError("no prompt is called '" + std::string(name) + "'");
  return pcm;
}

PromptOrigin PromptLibrary::origin(std::string_view name) const {
  const std::lock_guard lock(mutex_);
  const auto it = table_.find(name);
  return it == table_.end() ? PromptOrigin::BuiltIn : it->second.origin;
}

std::string PromptLibrary::problem(std::string_view name) const {
  const std::lock_guard lock(mutex_);
  const auto it = table_.find(name);
  return it == table_.end() ? std::string() : it->second.problem;
}

std::vector<std::string> PromptLibrary::names() const {
  const std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  out.reserve(table_.size());
  for (const auto& [name, entry] : table_)
    out.push_back(name);
  return out;
}

} // namespace sb::prompts
