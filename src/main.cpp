// switchboard: the server and its admin commands.
#include "server/cli.hpp"

int main(int argc, char** argv) { return sb::server::runCli(argc, argv); }
