#include "api/auth/sodium.hpp"

#include <cstdio>
#include <cstdlib>

#include <sodium.h>

namespace sb::api::auth {

void initSodium() {
  // A function-local static is initialized exactly once, even with concurrent callers.
  static const bool ready = [] { return sodium_init() >= 0; }();
  if (!ready) {
    std::fputs("switchboard: libsodium failed to initialize\n", stderr);
    std::abort();
  }
}

} // namespace sb::api::auth
