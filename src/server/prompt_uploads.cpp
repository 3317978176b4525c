#include "server/prompt_uploads.hpp"

#include "common/log.hpp"
#include "prompts/wav_audio.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <system_error>

namespace sb::server {

namespace {

// When calls play each prompt; prompts/README.md says the same at more length.
std::string descriptionOf(std::string_view name) {
  namespace p = prompts::prompt;
  if (name == p::kCallFrom) return "Announces a call to an agent who must confirm it (R-9); the caller's name follows.";
  if (name == p::kPressOne) return "Then: press 1 to accept the call, 2 to pass it on.";
  if (name == p::kNewLead) return "Announces a lead being distributed to an agent (R-21); the lead's name follows.";
  if (name == p::kTakeLead) return "Then: press 1 to take the lead, 2 to pass it on.";
  if (name == p::kNoKey) return "To that agent when no key came in time; the offer counts as not answered.";
  if (name == p::kDeclined) return "To that agent after pressing 2; the call goes on to the others.";
  if (name == p::kVoicemailGreeting) return "To the caller when nobody took the call (R-14), before the beep.";
  if (name == p::kVoicemailSaved) return "To the caller after pressing # (or at the maximum length).";
  return "";
}

common::Error unknownPrompt(std::string_view name) {
  return common::makeError("no prompt is called '" + std::string(name) + "'", 404);
}

// The reader names the file it read; the API's caller knows which prompt they sent.
std::string withoutPath(const std::string& message, const std::filesystem::path& path) {
  const std::string prefix = path.string() + ": ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

// Writes `bytes` to `path` and onto the disk, so that the rename which puts the file in
// place can never leave a half-written prompt after a crash.
std::optional<common::Error> writeDurably(const std::filesystem::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return common::makeError("cannot create " + path.string() + ": " + std::strerror(errno), 500);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  const bool written = done == bytes.size() && ::fsync(fd) == 0;
  const int failure = errno;
  ::close(fd);
  if (!written) return common::makeError("cannot write " + path.string() + ": " + std::strerror(failure), 500);
  return std::nullopt;
}

} // namespace

PromptUploads::PromptUploads(prompts::PromptLibrary& library) : library_(library) {}

std::filesystem::path PromptUploads::uploadOf(std::string_view name) const {
  return library_.overrideDir() / (std::string(name) + ".wav");
}

api::PromptInfo PromptUploads::info(const std::string& name) const {
  api::PromptInfo out;
  out.name = name;
  out.description = descriptionOf(name);
  out.uploaded = library_.origin(name) == prompts::PromptOrigin::Override;
  if (auto pcm = library_.get(name)) out.durationMs = static_cast<std::int64_t>(pcm->size() * 1000 / prompts::kPromptRate);
  out.problem = withoutPath(library_.problem(name), uploadOf(name));
  return out;
}

std::vector<api::PromptInfo> PromptUploads::list() {
  std::vector<api::PromptInfo> out;
  for (const auto& name : library_.names()) out.push_back(info(name));
  return out;
}

common::Result<api::PromptInfo> PromptUploads::find(std::string_view name) {
  if (!library_.get(name)) return unknownPrompt(name);
  return info(std::string(name));
}

common::Result<std::string> PromptUploads::audioWav(std::string_view name) {
  auto pcm = library_.get(name);
  if (!pcm) return unknownPrompt(name);
  return prompts::promptWavBytes(*pcm);
}

common::Result<api::PromptInfo> PromptUploads::replace(std::string_view name, std::string_view wav) {
  if (!library_.get(name)) return unknownPrompt(name);
  const std::lock_guard lock(changing_);
  const auto& dir = library_.overrideDir();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return common::makeError("cannot create " + dir.string() + ": " + ec.message(), 500);
  // Not *.wav, so a reload meanwhile (or after a crash) never plays a file being checked.
  const auto checking = dir / ("." + std::string(name) + ".upload");
  if (auto failed = writeDurably(checking, wav)) {
    std::filesystem::remove(checking, ec);
    return *failed;
  }
  // The very reader the library plays uploads with: what passes here plays.
  auto pcm = prompts::loadPromptWav(checking);
  if (!pcm) {
    std::filesystem::remove(checking, ec);
    return common::fieldError("audio", withoutPath(pcm.error().message, checking), 422);
  }
  std::filesystem::rename(checking, uploadOf(name), ec);
  if (ec) {
    std::filesystem::remove(checking, ec);
    return common::makeError("cannot put the upload in place: " + ec.message(), 500);
  }
  (void)library_.reload();
  SB_LOG_INFO("prompts: '{}' replaced by an upload through the API", name);
  return info(std::string(name));
}

common::Result<api::PromptInfo> PromptUploads::restore(std::string_view name) {
  if (!library_.get(name)) return unknownPrompt(name);
  const std::lock_guard lock(changing_);
  const auto file = uploadOf(name);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    return common::makeError("'" + std::string(name) + "' is the built-in prompt already", 404);
  std::filesystem::remove(file, ec);
  if (ec) return common::makeError("cannot remove " + file.string() + ": " + ec.message(), 500);
  (void)library_.reload();
  SB_LOG_INFO("prompts: '{}' is the built-in prompt again", name);
  return info(std::string(name));
}

} // namespace sb::server
