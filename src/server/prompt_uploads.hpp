#pragma once
// The API's prompt store over the running server's PromptLibrary: an upload becomes
// <override dir>/<name>.wav (written whole to a temporary file, checked by the library's own
// reader, then renamed into place) and the library reloads, so the next call plays it.
// Restoring removes the file and reloads. Changes are made one at a time.
#include "api/prompt_store.hpp"
#include "prompts/prompt_library.hpp"

#include <filesystem>
#include <mutex>

namespace sb::server {

class PromptUploads final : public api::PromptStore {
public:
  // `library` (not owned) outlives this; its override directory is where uploads go.
  explicit PromptUploads(prompts::PromptLibrary& library);

  std::vector<api::PromptInfo> list() override;
  common::Result<api::PromptInfo> find(std::string_view name) override;
  common::Result<std::string> audioWav(std::string_view name) override;
  common::Result<api::PromptInfo> replace(std::string_view name, std::string_view wav) override;
  common::Result<api::PromptInfo> restore(std::string_view name) override;

private:
  api::PromptInfo info(const std::string& name) const;
  std::filesystem::path uploadOf(std::string_view name) const;

  prompts::PromptLibrary& library_;
  std::mutex changing_; // one upload or restore at a time
};

} // namespace sb::server
