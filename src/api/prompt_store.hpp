#pragma once
// The prompts calls play, as the API changes them (GET/PUT/DELETE /api/v1/prompts): each
// built in or replaced by an admin's upload. The server's implementation works on the
// running call media's prompt library, so a change is played from the next call on.
// Called from the API threads: implementations are thread-safe.
#include "common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sb::api {

// The body limit of an upload (PUT /api/v1/prompts/{name}): about 45 s of 48 kHz 16-bit
// stereo, minutes at telephone rates; other routes keep the server's 1 MiB.
inline constexpr std::size_t kMaxPromptUploadBytes = 8 << 20;

struct PromptInfo {
  std::string name;
  std::string description; // when calls play it
  bool uploaded = false;   // false: the built-in prompt is played
  std::int64_t durationMs = 0;
  std::string problem; // why an upload on disk is not played; "" when none
};

class PromptStore {
public:
  virtual ~PromptStore() = default;

  // Every prompt calls play, by name.
  virtual std::vector<PromptInfo> list() = 0;
  // One prompt; 404 for a name no prompt has.
  virtual common::Result<PromptInfo> find(std::string_view name) = 0;
  // The prompt as calls hear it: a 16-bit mono 8 kHz WAV file's bytes. 404 unknown name.
  virtual common::Result<std::string> audioWav(std::string_view name) = 0;
  // Replaces the prompt with the WAV file `wav` from the next call on. 404 unknown name;
  // 422 (field "audio", the reader's reason) when the file cannot be played, and then
  // nothing changes.
  virtual common::Result<PromptInfo> replace(std::string_view name, std::string_view wav) = 0;
  // Removes the upload: the built-in prompt plays again. 404 when there is no upload.
  virtual common::Result<PromptInfo> restore(std::string_view name) = 0;
};

} // namespace sb::api
