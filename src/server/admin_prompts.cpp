// `switchboard prompts`: which prompts calls play, whether each is the built-in
// one or an admin's upload from <data-dir>/prompts/<name>.wav, and how long it lasts; an
// upload that cannot be used is listed with the reason.
#include "server/admin_commands.hpp"

#include "prompts/prompt_library.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

namespace sb::server {

namespace {

int runPrompts(const std::string& dataDir) {
  prompts::PromptLibrary library(std::filesystem::path(dataDir) / "prompts");
  nlohmann::json out = nlohmann::json::object();
  nlohmann::json list = nlohmann::json::array();
  for (const auto& name : library.names()) {
    auto pcm = library.get(name);
    list.push_back({{"name", name},
                    {"origin", library.origin(name) == prompts::PromptOrigin::Override ? "uploaded" : "built-in"},
                    {"duration_ms", pcm ? static_cast<std::int64_t>(pcm->size() / 8) : 0}});
  }
  out["prompts"] = list;
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& problem : library.problems()) problems.push_back(problem.message);
  out["problems"] = problems;
  std::cout << out.dump(2) << "\n";
  return library.problems().empty() ? 0 : 1;
}

} // namespace

void addPromptCommands(CLI::App& app, int& exitCode) {
  auto* command = app.add_subcommand(
      "prompts", "List the prompts calls play, built-in or uploaded (<data-dir>/prompts/<name>.wav), as JSON");
  auto dataDir = std::make_shared<std::string>("./data");
  command->add_option("--data-dir", *dataDir, "Directory holding prompts/ with uploaded WAV files")
      ->capture_default_str();
  command->callback([dataDir, &exitCode] { exitCode = runPrompts(*dataDir); });
}

} // namespace sb::server
