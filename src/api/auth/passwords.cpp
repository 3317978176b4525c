#include "api/auth/passwords.hpp"

#include "api/auth/sodium.hpp"
#include "api/auth/utf8.hpp"

#include <new>

#include <sodium.h>

namespace sb::api::auth {
namespace {

constexpr std::size_t kMinPasswordCharacters = 10;
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

} // namespace

std::string hashPassword(std::string_view password) {
  initSodium();
  char encoded[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::bad_alloc(); // the only way it fails for a password of sane length
  }
  return encoded;
}

bool verifyPassword(std::string_view password, const std::string& encoded) {
  initSodium();
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

bool needsRehash(const std::string& encoded) {
  initSodium();
  // libsodium answers 0 for an argon2i hash with the right limits; only argon2id is current.
  if (encoded.rfind("$argon2id$", 0) != 0) return true;
  return crypto_pwhash_str_needs_rehash(encoded.c_str(), kOpsLimit, kMemLimit) != 0;
}

std::optional<common::Error> checkNewPassword(std::string_view password) {
  if (!isValidUtf8(password)) return common::fieldError("password", "must be valid UTF-8");
  if (password.size() > kMaxPasswordBytes)
    return common::fieldError("password", "must be at most 1024 bytes");
  if (countCodePoints(password) < kMinPasswordCharacters)
    return common::fieldError("password", "must be at least 10 characters");
  return std::nullopt;
}

const std::string& dummyPasswordHash() {
  // Made once with hashPassword's limits from a random password that was then thrown away.
  static const std::string hash = "$argon2id$v=19$m=65536,t=2,p=1$73qF8D+aW7V6rdozuJ/E6w$"
                                  "Awc0j7MHIdBAnjxFvWSb0StLBWzofgH7+esWT7SVc3k";
  return hash;
}

void burnVerification() {
  // The result is meaningless; only the time spent matters.
  (void)verifyPassword("not the password of anyone", dummyPasswordHash());
}

} // namespace sb::api::auth
