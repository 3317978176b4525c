#pragma once
// The admin subcommands that work on a data directory without a running server:
// adding users, devices and numbers, and listing calls. (The HTTP API does the same
// for a running server.)
#include <CLI/CLI.hpp>

#include <string>

namespace sb::server {

// Adds `user add`, `device add`, `number add` and `calls` to `app`. Each runs when
// selected and sets `exitCode`.
void addAdminCommands(CLI::App& app, int& exitCode);

} // namespace sb::server
