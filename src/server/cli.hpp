#pragma once
// The command line: `serve` and the admin subcommands.
namespace sb::server {
int runCli(int argc, char** argv);
}
