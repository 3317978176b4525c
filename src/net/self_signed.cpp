#include "net/self_signed.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <memory>

namespace sb::net {
namespace {

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
struct FileClose {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;
using FilePtr = std::unique_ptr<std::FILE, FileClose>;

common::Error opensslError(const std::string& what) {
  char text[256] = {};
  ERR_error_string_n(ERR_get_error(), text, sizeof(text));
  return common::makeError(what + ": " + text);
}

std::string subjectAltNames(const SelfSignedRequest& request) {
  std::string names;
  for (const auto& dns : request.dnsNames)
    names += (names.empty() ? "" : ",") + ("DNS:" + dns);
  for (const auto& ip : request.ipAddresses)
    names += (names.empty() ? "" : ",") + ("IP:" + ip);
  return names;
}

bool addExtension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) return false;
  const bool added = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return added;
}

// A random positive 63-bit serial: RFC 5280 wants serials unique per issuer, and every
// self-signed certificate is its own issuer, so randomness is enough.
bool setRandomSerial(X509* cert) {
  std::uint64_t serial = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof(serial)) != 1) return false;
  serial = (serial >> 1) | 1;
  ASN1_INTEGER* asn = X509_get_serialNumber(cert);
  return ASN1_INTEGER_set_uint64(asn, serial) == 1;
}

common::Result<CertPtr> buildCertificate(EVP_PKEY* key, const SelfSignedRequest& request) {
  CertPtr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), 2) != 1 || !setRandomSerial(cert.get()))
    return opensslError("creating certificate");
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600); // tolerate clock skew
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(request.validDays) * 86400);
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto* cn = reinterpret_cast<const unsigned char*>(request.commonName.c_str());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, -1, -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), name) != 1 || X509_set_pubkey(cert.get(), key) != 1)
    return opensslError("setting certificate names");
  const std::string san = subjectAltNames(request);
  if (!addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment") ||
      !addExtension(cert.get(), NID_ext_key_usage, "serverAuth,clientAuth") ||
      (!san.empty() && !addExtension(cert.get(), NID_subject_alt_name, san)))
    return opensslError("adding certificate extensions");
  if (X509_sign(cert.get(), key, EVP_sha256()) == 0) return opensslError("signing certificate");
  return cert;
}

// Opened with open(2) so the private key is never readable by others, not even briefly.
FilePtr openPrivate(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return nullptr;
  std::FILE* file = ::fdopen(fd, "w");
  if (file == nullptr) ::close(fd);
  return FilePtr(file);
}

} // namespace

std::optional<common::Error> writeSelfSignedCertificate(const std::string& certificatePath,
                                                        const std::string& privateKeyPath,
                                                        const SelfSignedRequest& request) {
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return opensslError("generating EC key");
  auto cert = buildCertificate(key.get(), request);
  if (!cert) return cert.error();

  FilePtr keyFile = openPrivate(privateKeyPath);
  if (!keyFile) return common::makeError("cannot write " + privateKeyPath);
  if (PEM_write_PrivateKey(keyFile.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return opensslError("writing " + privateKeyPath);
  FilePtr certFile(std::fopen(certificatePath.c_str(), "w"));
  if (!certFile) return common::makeError("cannot write " + certificatePath);
  if (PEM_write_X509(certFile.get(), cert->get()) != 1)
    return opensslError("writing " + certificatePath);
  if (std::fflush(keyFile.get()) != 0 || std::fflush(certFile.get()) != 0)
    return common::makeError("flushing certificate files");
  return std::nullopt;
}

} // namespace sb::net
