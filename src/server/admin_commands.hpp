#pragma once
// The admin subcommands that work on a data directory without a running server:
// adding users, devices and numbers, and listing calls. (The HTTP API does the same
// for a running server.)
#include "server/data_dir.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace sb::server {

// --data-dir and --database on a subcommand.
void addStoreOptions(CLI::App& command, StoreLocation& where);

// Adds `leads`, `follow-ups` and `voicemails` (JSON listings) to `app` (admin_reports.cpp).
void addReportCommands(CLI::App& app, int& exitCode);
// Adds `prompts` (admin_prompts.cpp).
void addPromptCommands(CLI::App& app, int& exitCode);
// Adds `token create` and `lead import` (admin_api_commands.cpp).
void addApiCommands(CLI::App& app, int& exitCode);

// Adds `user add`, `device add`, `number add`, `provision`, `calls` and the reports to `app`. Each runs when
// selected and sets `exitCode`.
void addAdminCommands(CLI::App& app, int& exitCode);

} // namespace sb::server
