#include "api/auth/tokens.hpp"

#include "api/auth/sodium.hpp"

#include <array>
#include <cassert>
#include <cctype>

#include <openssl/evp.h>
#include <sodium.h>

namespace sb::api::auth {
namespace {

constexpr std::size_t kSecretBytes = 32;

std::string_view prefixOf(store::TokenKind kind) {
  return kind == store::TokenKind::Session ? "sbs_" : "sbi_";
}

std::string base64Url(const unsigned char* bytes, std::size_t size) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(size, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, size, kVariant);
  out.resize(out.size() - 1); // the terminating NUL sodium writes
  return out;
}

bool isTokenCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
         c == '~' || c == '+' || c == '/';
}

} // namespace

IssuedToken issueToken(store::TokenKind kind) {
  initSodium();
  std::array<unsigned char, kSecretBytes> random{};
  randombytes_buf(random.data(), random.size());
  std::string secret(prefixOf(kind));
  secret += base64Url(random.data(), random.size());
  sodium_memzero(random.data(), random.size());
  std::string hash = hashToken(secret);
  return IssuedToken{std::move(secret), std::move(hash)};
}

std::string hashToken(std::string_view secret) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  int ok = EVP_Digest(secret.data(), secret.size(), digest.data(), &length, EVP_sha256(), nullptr);
  // SHA-256 over memory only fails if OpenSSL itself is broken.
  assert(ok == 1 && length == 32);
  (void)ok;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(std::size_t{length} * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0F]);
  }
  return hex;
}

bool isB64Token(std::string_view text) {
  std::size_t end = text.find_last_not_of('=');
  if (end == std::string_view::npos) return false; // empty, or padding only
  for (std::size_t i = 0; i <= end; ++i)
    if (!isTokenCharacter(text[i])) return false;
  return true;
}

std::optional<std::string> bearerToken(std::string_view authorizationHeader) {
  constexpr std::string_view kScheme = "bearer";
  if (authorizationHeader.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    auto c = static_cast<unsigned char>(authorizationHeader[i]);
    if (std::tolower(c) != kScheme[i]) return std::nullopt;
  }
  std::string_view rest = authorizationHeader.substr(kScheme.size());
  std::size_t tokenStart = rest.find_first_not_of(' ');
  if (tokenStart == 0 || tokenStart == std::string_view::npos) return std::nullopt;
  std::string_view token = rest.substr(tokenStart);
  if (!isB64Token(token)) return std::nullopt;
  return std::string(token);
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace sb::api::auth
