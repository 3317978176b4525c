#include "server/cli.hpp"

#include "server/admin_commands.hpp"
#include "server/config.hpp"
#include "server/server.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace sb::server {

int runCli(int argc, char** argv) {
  CLI::App app{"Switchboard: inbound calls for sales teams"};
  app.require_subcommand(1);
  int exitCode = 0;

  Config config;
  auto* serve = app.add_subcommand("serve", "Run the server");
  auto bindings = addServeOptions(*serve, config);
  serve->callback([&] {
    if (auto e = applyConfigFile(*serve, bindings)) {
      std::cerr << "error: " << e->message << "\n";
      exitCode = 2;
      return;
    }
    if (auto e = validateConfig(config)) {
      std::cerr << "error: " << e->message << "\n";
      exitCode = 2;
      return;
    }
    Server server(config);
    exitCode = server.run();
  });
  addAdminCommands(app, exitCode);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exitCode;
}

} // namespace sb::server
