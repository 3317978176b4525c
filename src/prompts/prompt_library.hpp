#pragma once
// The prompts calls play, by name: the built-in ones (embedded_prompts.hpp), each of which
// an admin can replace by putting <name>.wav in the override directory (e.g.
// <data-dir>/prompts/). Overrides are read at construction and at reload(); one that
// cannot be read is reported and the built-in prompt is played instead. Thread-safe:
// get() may run while reload() does, and audio handed out stays valid after a reload.
#include "common/result.hpp"
#include "prompts/pcm.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sb::prompts {

// The built-in prompt names (prompts/*.txt at the repository root; see its README.md).
namespace prompt {
inline constexpr std::string_view kCallFrom = "call_from"; // "Call from", then the name
inline constexpr std::string_view kPressOne = "press_one"; // 1 accepts, 2 passes it on
inline constexpr std::string_view kNoKey = "no_key";       // no key came in time
inline constexpr std::string_view kDeclined = "declined";  // the agent pressed 2
inline constexpr std::string_view kNewLead = "new_lead";   // "New lead", then the name
inline constexpr std::string_view kTakeLead = "take_lead"; // 1 takes the lead, 2 passes
inline constexpr std::string_view kVoicemailGreeting = "voicemail_greeting";
inline constexpr std::string_view kVoicemailSaved = "voicemail_saved";
} // namespace prompt

enum class PromptOrigin { BuiltIn, Override };

class PromptLibrary {
public:
  // Built-in prompts only.
  PromptLibrary();
  // Built-in prompts, replaced by the readable <name>.wav files in `overrideDir` (which
  // need not exist). Problems are logged and kept in problems().
  explicit PromptLibrary(std::filesystem::path overrideDir);

  // Reads the override directory again: new, changed and removed files take effect. Returns
  // one error per override file that could not be used (its prompt stays built-in).
  std::vector<common::Error> reload();
  // What the last reload (or the constructor) reported.
  std::vector<common::Error> problems() const;

  // The prompt called `name`, or nullptr when there is no such prompt.
  SharedPcm get(std::string_view name) const;
  // The same, with an error naming the unknown prompt.
  common::Result<SharedPcm> find(std::string_view name) const;
  // Where `name` is played from now; BuiltIn for unknown names too.
  PromptOrigin origin(std::string_view name) const;
  // Why the override file for `name` is not played (the reader's reason, as in problems()),
  // or "" when it has none or it is played.
  std::string problem(std::string_view name) const;
  // Every prompt's name, sorted.
  std::vector<std::string> names() const;

  const std::filesystem::path& overrideDir() const { return overrideDir_; }

private:
  struct Entry {
    SharedPcm pcm;
    PromptOrigin origin = PromptOrigin::BuiltIn;
    std::string problem; // why its override file is not played
  };
  using Table = std::map<std::string, Entry, std::less<>>;

  const std::filesystem::path overrideDir_;
  mutable std::mutex mutex_;
  Table table_;
  std::vector<common::Error> problems_;
};

} // namespace sb::prompts
