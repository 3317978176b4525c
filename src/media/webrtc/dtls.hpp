#pragma once
// DTLS-SRTP (RFC 5763, RFC 5764) on a WebRTC leg, over OpenSSL 3 with no socket of its own:
// datagrams from the peer go in through receive(), and each datagram OpenSSL wants to send
// comes out through the Send callback (a write BIO that keeps datagram boundaries).
//
// Our certificate is self-signed (ECDSA P-256), made once per engine; its SHA-256
// fingerprint goes into our SDP. The peer's certificate is accepted during the handshake and
// then checked against the fingerprint its SDP gave: a mismatch fails the endpoint. The keys
// come from the exporter "EXTRACTOR-dtls_srtp", split as RFC 5764 4.2 lays them out.
// Retransmission is the owner's to drive: after every call, timeout() says when onTimeout()
// is due. Not thread-safe: one thread at a time (the leg's).
#include "common/result.hpp"
#include "media/webrtc/srtp.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

using X509 = struct x509_st;
using EVP_PKEY = struct evp_pkey_st;
using SSL = struct ssl_st;
using SSL_CTX = struct ssl_ctx_st;

namespace sb::media::webrtc {

// A certificate and its private key.
class DtlsIdentity {
public:
  // A new ECDSA P-256 key and a self-signed certificate for it, valid for 30 days.
  static common::Result<std::shared_ptr<const DtlsIdentity>> generate();
  ~DtlsIdentity();
  DtlsIdentity(const DtlsIdentity&) = delete;
  DtlsIdentity& operator=(const DtlsIdentity&) = delete;

  X509* certificate() const { return certificate_; }
  EVP_PKEY* key() const { return key_; }
  // The SHA-256 fingerprint as SDP writes it: uppercase hex pairs joined by colons.
  const std::string& fingerprint() const { return fingerprint_; }

private:
  DtlsIdentity(X509* certificate, EVP_PKEY* key);
  X509* certificate_;
  EVP_PKEY* key_;
  std::string fingerprint_;
};

// The fingerprint of `certificate` under an RFC 8122 hash name ("sha-256", "sha-1", ...),
// uppercase hex joined by colons; nullopt for a hash OpenSSL does not know.
std::optional<std::string> certificateFingerprint(X509* certificate, std::string_view algorithm);

enum class DtlsRole { Client, Server };

struct DtlsPeerFingerprint {
  std::string algorithm = "sha-256";
  std::string value; // hex pairs joined by colons, either case
};

class DtlsEndpoint {
public:
  using Send = std::function<void(std::span<const std::uint8_t>)>;
  enum class State { Handshaking, Connected, Failed, Closed };

  DtlsEndpoint(std::shared_ptr<const DtlsIdentity> identity, DtlsRole role, DtlsPeerFingerprint peer, Send send);
  ~DtlsEndpoint();
  DtlsEndpoint(const DtlsEndpoint&) = delete;
  DtlsEndpoint& operator=(const DtlsEndpoint&) = delete;

  DtlsRole role() const { return role_; }
  // A client sends its ClientHello; a server waits for one.
  void start();
  // One datagram from the peer (the demultiplexer said DTLS).
  void receive(std::span<const std::uint8_t> datagram);
  // When onTimeout() is due, while the handshake waits for the peer.
  std::optional<std::chrono::milliseconds> timeout() const;
  void onTimeout();

  State state() const { return state_; }
  const std::string& failure() const { return failure_; } // why it is Failed
  // Once Connected: the SRTP keys both ways.
  const std::optional<SrtpKeys>& keys() const { return keys_; }

  // Called by the write BIO, on the thread that drives the endpoint.
  void emit(std::span<const std::uint8_t> datagram) { send_(datagram); }

private:
  void handshake();
  void finishHandshake();
  void readApplicationData();
  void fail(std::string reason);

  std::shared_ptr<const DtlsIdentity> identity_;
  DtlsRole role_;
  DtlsPeerFingerprint peer_;
  Send send_;
  SSL_CTX* context_ = nullptr;
  SSL* ssl_ = nullptr;
  State state_ = State::Handshaking;
  bool started_ = false;
  std::string failure_;
  std::optional<SrtpKeys> keys_;
};

} // namespace sb::media::webrtc
