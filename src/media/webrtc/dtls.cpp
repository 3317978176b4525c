#include "media/webrtc/dtls.hpp"

#include "common/log.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cctype>
#include <memory>
#include <string>

namespace sb::media::webrtc {

namespace {

constexpr int kMtu = 1200; // what fits a path with room for IPv6 and tunnels
constexpr const char* kExporterLabel = "EXTRACTOR-dtls_srtp";
constexpr long kValiditySeconds = 30L * 24 * 3600;

std::string openSslError() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    if (!out.empty()) out += "; ";
    out += text;
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

// The write side of an endpoint's SSL: every BIO_write is one datagram for the peer.
int writeDatagram(BIO* bio, const char* data, int size) {
  auto* endpoint = static_cast<DtlsEndpoint*>(BIO_get_data(bio));
  if (endpoint == nullptr || size < 0) return -1;
  endpoint->emit(std::span(reinterpret_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size)));
  return size;
}

long controlDatagram(BIO*, int command, long, void*) {
  switch (command) {
  case BIO_CTRL_FLUSH:
    return 1;
  case BIO_CTRL_DGRAM_QUERY_MTU:
    return kMtu;
  default:
    return 0; // no pending data, no MTU overhead, no peer address to report
  }
}

int createDatagram(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

const BIO_METHOD* datagramOutMethod() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "switchboard dtls out");
    BIO_meth_set_write(m, writeDatagram);
    BIO_meth_set_ctrl(m, controlDatagram);
    BIO_meth_set_create(m, createDatagram);
    return m;
  }();
  return method;
}

// The peer's self-signed certificate is what we expect: it is checked against the SDP
// fingerprint once the handshake is done.
int acceptAnyCertificate(int, X509_STORE_CTX*) { return 1; }

std::string hexPairs(const unsigned char* bytes, unsigned int size) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    if (i > 0) out += ':';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0F];
  }
  return out;
}

bool sameFingerprint(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

} // namespace

std::optional<std::string> certificateFingerprint(X509* certificate, std::string_view algorithm) {
  std::string name(algorithm);
  for (char& c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // RFC 8122 names ("sha-256") are OpenSSL's without the dash ("sha256").
  if (auto dash = name.find('-'); dash != std::string::npos) name.erase(dash, 1);
  const EVP_MD* digest = EVP_get_digestbyname(name.c_str());
  if (digest == nullptr || certificate == nullptr) return std::nullopt;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (X509_digest(certificate, digest, out, &size) != 1) return std::nullopt;
  return hexPairs(out, size);
}

DtlsIdentity::DtlsIdentity(X509* certificate, EVP_PKEY* key)
    : certificate_(certificate), key_(key),
      fingerprint_(certificateFingerprint(certificate, "sha-256").value_or("")) {}

DtlsIdentity::~DtlsIdentity() {
  X509_free(certificate_);
  EVP_PKEY_free(key_);
}

common::Result<std::shared_ptr<const DtlsIdentity>> DtlsIdentity::generate() {
  std::unique_ptr<EVP_PKEY, KeyFree> key(EVP_EC_gen("P-256"));
  if (!key) return common::makeError("cannot make an ECDSA key: " + openSslError());
  std::unique_ptr<X509, X509Free> certificate(X509_new());
  if (!certificate) return common::makeError("cannot make a certificate: " + openSslError());
  X509* cert = certificate.get();
  unsigned char serial[8];
  if (RAND_bytes(serial, sizeof serial) != 1) return common::makeError("no random bytes: " + openSslError());
  serial[0] &= 0x7F; // a positive serial number
  BIGNUM* number = BN_bin2bn(serial, sizeof serial, nullptr);
  const bool serialSet = number != nullptr && BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert)) != nullptr;
  BN_free(number);
  X509_NAME* name = X509_get_subject_name(cert);
  const bool ok = X509_set_version(cert, 2) == 1 && serialSet &&
                  X509_gmtime_adj(X509_getm_notBefore(cert), -24L * 3600) != nullptr &&
                  X509_gmtime_adj(X509_getm_notAfter(cert), kValiditySeconds) != nullptr &&
                  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                             reinterpret_cast<const unsigned char*>("switchboard"), -1, -1, 0) == 1 &&
                  X509_set_issuer_name(cert, name) == 1 && X509_set_pubkey(cert, key.get()) == 1 &&
                  X509_sign(cert, key.get(), EVP_sha256()) > 0;
  if (!ok) return common::makeError("cannot make a certificate: " + openSslError());
  return std::shared_ptr<const DtlsIdentity>(new DtlsIdentity(certificate.release(), key.release()));
}

DtlsEndpoint::DtlsEndpoint(std::shared_ptr<const DtlsIdentity> identity, DtlsRole role, DtlsPeerFingerprint peer,
                           Send send)
    : identity_(std::move(identity)), role_(role), peer_(std::move(peer)), send_(std::move(send)) {
  ERR_clear_error();
  context_ = SSL_CTX_new(DTLS_method());
  if (context_ == nullptr) {
    fail("cannot make a DTLS context: " + openSslError());
    return;
  }
  SSL_CTX_set_min_proto_version(context_, DTLS1_2_VERSION);
  SSL_CTX_set_options(context_, SSL_OP_NO_QUERY_MTU);
  SSL_CTX_set_verify(context_, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, acceptAnyCertificate);
  // Note the inverted result: 0 is success.
  if (SSL_CTX_use_certificate(context_, identity_->certificate()) != 1 ||
      SSL_CTX_use_PrivateKey(context_, identity_->key()) != 1 ||
      SSL_CTX_set_tlsext_use_srtp(context_, "SRTP_AES128_CM_SHA1_80") != 0) {
    fail("cannot set up DTLS: " + openSslError());
    return;
  }
  ssl_ = SSL_new(context_);
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(datagramOutMethod());
  if (ssl_ == nullptr || in == nullptr || out == nullptr) {
    BIO_free(in);
    BIO_free(out);
    fail("cannot make a DTLS session: " + openSslError());
    return;
  }
  BIO_set_mem_eof_return(in, -1); // empty means "wait for more", not end of stream
  BIO_set_data(out, this);
  SSL_set_bio(ssl_, in, out);
  SSL_set_mtu(ssl_, kMtu);
  if (role_ == DtlsRole::Client) {
    SSL_set_connect_state(ssl_);
  } else {
    SSL_set_accept_state(ssl_);
  }
}

DtlsEndpoint::~DtlsEndpoint() {
  if (ssl_ != nullptr) SSL_free(ssl_); // frees both BIOs
  if (context_ != nullptr) SSL_CTX_free(context_);
}

void DtlsEndpoint::fail(std::string reason) {
  state_ = State::Failed;
  failure_ = std::move(reason);
}

void DtlsEndpoint::start() {
  if (started_ || state_ != State::Handshaking) return;
  started_ = true;
  if (role_ == DtlsRole::Client) handshake();
}

void DtlsEndpoint::receive(std::span<const std::uint8_t> datagram) {
  if (ssl_ == nullptr || state_ == State::Failed || state_ == State::Closed || datagram.empty()) return;
  started_ = true;
  BIO* in = SSL_get_rbio(ssl_);
  (void)BIO_reset(in);
  BIO_write(in, datagram.data(), static_cast<int>(datagram.size()));
  if (state_ == State::Handshaking) {
    handshake();
  } else {
    readApplicationData();
  }
  (void)BIO_reset(in);
}

void DtlsEndpoint::handshake() {
  ERR_clear_error();
  const int result = SSL_do_handshake(ssl_);
  if (result == 1) {
    finishHandshake();
    return;
  }
  const int error = SSL_get_error(ssl_, result);
  if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return;
  fail("DTLS handshake failed: " + openSslError());
}

void DtlsEndpoint::finishHandshake() {
  std::unique_ptr<X509, X509Free> certificate(SSL_get1_peer_certificate(ssl_));
  if (!certificate) {
    fail("the peer sent no certificate");
    return;
  }
  const auto fingerprint = certificateFingerprint(certificate.get(), peer_.algorithm);
  if (!fingerprint) {
    fail("unknown fingerprint hash " + peer_.algorithm);
    return;
  }
  if (!sameFingerprint(*fingerprint, peer_.value)) {
    fail("the peer's certificate does not match the fingerprint in its SDP");
    SSL_shutdown(ssl_);
    return;
  }
  const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(ssl_);
  if (profile == nullptr || profile->id != SRTP_AES128_CM_SHA1_80) {
    fail("no SRTP protection profile was agreed");
    return;
  }
  constexpr std::size_t kKey = kSrtpMasterKeySize;
  constexpr std::size_t kSalt = kSrtpMasterSaltSize;
  std::uint8_t material[2 * (kKey + kSalt)];
  if (SSL_export_keying_material(ssl_, material, sizeof material, kExporterLabel, std::char_traits<char>::length(kExporterLabel),
                                 nullptr, 0, 0) != 1) {
    fail("cannot export the SRTP keys: " + openSslError());
    return;
  }
  // RFC 5764 4.2: client key, server key, client salt, server salt.
  std::vector<std::uint8_t> client(material, material + kKey);
  client.insert(client.end(), material + 2 * kKey, material + 2 * kKey + kSalt);
  std::vector<std::uint8_t> server(material + kKey, material + 2 * kKey);
  server.insert(server.end(), material + 2 * kKey + kSalt, material + 2 * (kKey + kSalt));
  OPENSSL_cleanse(material, sizeof material);
  const bool weAreClient = role_ == DtlsRole::Client;
  keys_ = SrtpKeys{SrtpProfile::Aes128CmSha1_80, weAreClient ? client : server, weAreClient ? server : client};
  state_ = State::Connected;
}

// No data channels: application data is read and dropped; a close_notify ends the session.
void DtlsEndpoint::readApplicationData() {
  std::uint8_t buffer[2048];
  for (;;) {
    ERR_clear_error();
    const int result = SSL_read(ssl_, buffer, sizeof buffer);
    if (result > 0) continue;
    const int error = SSL_get_error(ssl_, result);
    if (error == SSL_ERROR_ZERO_RETURN) state_ = State::Closed;
    return;
  }
}

std::optional<std::chrono::milliseconds> DtlsEndpoint::timeout() const {
  if (ssl_ == nullptr || state_ != State::Handshaking || !started_) return std::nullopt;
  timeval left{};
  if (DTLSv1_get_timeout(ssl_, &left) != 1) return std::nullopt;
  return std::chrono::milliseconds(left.tv_sec * 1000 + left.tv_usec / 1000);
}

void DtlsEndpoint::onTimeout() {
  if (ssl_ == nullptr || state_ != State::Handshaking) return;
  ERR_clear_error();
  if (DTLSv1_handle_timeout(ssl_) < 0) fail("DTLS handshake timed out: " + openSslError());
}

} // namespace sb::media::webrtc
