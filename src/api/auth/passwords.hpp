#pragma once
// Login passwords: argon2id hashes in libsodium's encoded form (algorithm, parameters and
// salt inside the string), the rules a new password must meet, and a dummy verification
// so that a login for an unknown email takes as long as one for a known email.
#include "common/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sb::api::auth {

// Takes about as long as one verification (argon2id, libsodium's "interactive" limits).
// Throws std::bad_alloc when the memory the hash needs cannot be had.
std::string hashPassword(std::string_view password);

// False for a wrong password and for anything that is not an encoded hash.
bool verifyPassword(std::string_view password, const std::string& encoded);

// True when `encoded` was made with another algorithm or other limits than hashPassword
// uses now (or is not a hash at all): after a successful login it should be replaced.
bool needsRehash(const std::string& encoded);

// Why `password` cannot be set (a 400 on field "password"), or nullopt when it can: at
// least 10 characters, at most 1024 bytes, well-formed UTF-8.
std::optional<common::Error> checkNewPassword(std::string_view password);

// Runs one verification against a fixed hash of a password nobody knows, for a login
// whose email matches no account.
void burnVerification();

// The hash burnVerification verifies against (exposed so a test can check that its
// limits match hashPassword's, i.e. that both cost the same).
const std::string& dummyPasswordHash();

} // namespace sb::api::auth
