#pragma once
// libsodium must be initialized once before its random numbers and password hashing are
// used; every function here that needs it calls initSodium() first.
namespace sb::api::auth {

// Initializes libsodium on the first call (thread-safe); later calls return at once.
// Aborts if libsodium cannot start (no usable random source): nothing secure can follow.
void initSodium();

} // namespace sb::api::auth
