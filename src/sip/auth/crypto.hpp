#pragma once
// The few cryptographic primitives digest authentication needs, over OpenSSL EVP.
// Kept apart from the digest logic so that the RFC arithmetic reads without OpenSSL noise.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sb::sip::auth {

enum class HashKind { Md5, Sha256 };

// Lower-case hex of the hash of `data`.
std::string hexHash(HashKind kind, std::string_view data);

// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string hmacSha256(std::string_view key, std::string_view data);

// `count` bytes from the OpenSSL CSPRNG. Aborts if the generator fails: running on
// without randomness would issue guessable nonces.
std::string randomBytes(std::size_t count);

// A random URL-safe token of `bytes` random bytes (for cnonces, tags, secrets).
std::string randomToken(std::size_t bytes);

// Compares in time that depends only on the lengths, so a response digest cannot be
// guessed byte by byte from timing.
bool constantTimeEquals(std::string_view a, std::string_view b);

// RFC 4648 section 5 alphabet, without padding.
std::string base64UrlEncode(std::string_view bytes);
// nullopt for characters outside the alphabet or an impossible length.
std::optional<std::string> base64UrlDecode(std::string_view text);

} // namespace sb::sip::auth
