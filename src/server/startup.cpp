#include "server/startup.hpp"

#include "common/e164.hpp"
#include "common/log.hpp"
#include "api/auth/passwords.hpp"
#include "net/self_signed.hpp"

#include <openssl/rand.h>

#include <map>
#include "store/demo.hpp"

#include <filesystem>
#include <iostream>

namespace sb::server {

namespace {

// A password for a demo login: random, shown once in the banner.
std::string demoPassword() {
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
  unsigned char bytes[12];
  RAND_bytes(bytes, sizeof bytes);
  std::string out;
  for (unsigned char b : bytes) out += kAlphabet[b % (sizeof kAlphabet - 1)];
  return out;
}

// The demo's people log in to the app and API with these (argon2id-hashed in the store).
std::map<std::string, std::string> setDemoPasswords(store::Store& db, const store::DemoSeed& seed) {
  std::map<std::string, std::string> passwords;
  std::vector<std::string> ids{seed.adminUserId};
  for (const auto& a : seed.agents) ids.push_back(a.userId);
  for (const auto& id : ids) {
    auto password = demoPassword();
    if (auto e = db.setPassword(id, api::auth::hashPassword(password))) {
      SB_LOG_WARN("demo: no login password for {}: {}", id, e->message);
      continue;
    }
    passwords[id] = password;
  }
  return passwords;
}

void printDemo(const store::DemoSeed& seed, const Config& config, const std::map<std::string, std::string>& passwords) {
  auto login = [&](const std::string& id) {
    auto it = passwords.find(id);
    return it == passwords.end() ? std::string() : " (app password " + it->second + ")";
  };
  std::cout << "Created the demo organization \"" << seed.organizationName << "\" (company phone "
            << seed.companyPhone << ").\n"
            << "  admin: " << seed.adminEmail << login(seed.adminUserId) << "\n";
  for (const auto& a : seed.agents)
    std::cout << "  agent " << a.name << " <" << a.email << ">" << login(a.userId) << ": SIP user " << a.sipUsername
              << " password " << a.sipPassword << ", number " << a.number << "\n";
  std::cout << "  sales line " << seed.salesLineNumber
            << ": call flow \"Sales line\" rings the Sales team together, then the company phone\n";
  std::cout << "  Register a SIP phone to sip:" << config.sip << " (realm \"" << config.realm << "\").\n";
}

std::optional<sip::transport::ListenAddress> listenOf(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto hp = parseHostPort(text, 0);
  if (!hp.ok()) return std::nullopt;
  return sip::transport::ListenAddress{hp->host, hp->port};
}

} // namespace

// TLS and WSS need a certificate: the configured one, or one generated in the data dir.
common::Result<sip::transport::TlsFiles> tlsFilesOf(const Config& config) {
  if (!config.tlsCertificate.empty()) return sip::transport::TlsFiles{config.tlsCertificate, config.tlsKey};
  auto dir = std::filesystem::path(config.dataDir) / "tls";
  sip::transport::TlsFiles files{(dir / "certificate.pem").string(), (dir / "key.pem").string()};
  if (std::filesystem::exists(files.certificateChain) && std::filesystem::exists(files.privateKey)) return files;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (auto e = net::writeSelfSignedCertificate(files.certificateChain, files.privateKey))
    return common::makeError("cannot generate a TLS certificate: " + e->message);
  SB_LOG_INFO("generated a self-signed TLS certificate in {}", dir.string());
  return files;
}

common::Result<int> recoverAndSeed(store::Store& db, const Config& config, const common::Clock& clock) {
  auto closed = db.closeInterruptedCalls(common::toEpochMs(clock.wallNow()));
  if (!closed.ok()) return closed.error();
  if (*closed > 0) SB_LOG_WARN("closed {} call(s) left open by a crash as interrupted", *closed);
  if (config.noDemo) return *closed;
  auto seed = store::seedDemo(db);
  if (!seed.ok()) return seed.error();
  if (seed->created) printDemo(*seed, config, setDemoPasswords(db, *seed));
  return *closed;
}

common::Result<sip::transport::TransportConfig> transportConfigOf(const Config& config) {
  sip::transport::TransportConfig t;
  t.udpTcp = listenOf(config.sip);
  t.tls = listenOf(config.sipTls);
  t.ws = listenOf(config.sipWs);
  t.wss = listenOf(config.sipWss);
  if (t.tls || t.wss) {
    auto files = tlsFilesOf(config);
    if (!files.ok()) return files.error();
    t.tlsFiles = files.value();
  }
  return t;
}

common::Result<calls::B2buaConfig> b2buaConfigOf(const Config& config) {
  calls::B2buaConfig b;
  for (const auto& text : config.trunks) {
    auto hp = parseHostPort(text, 0);
    if (!hp.ok()) return common::makeError("--trunk: " + hp.error().message);
    b.trunks.push_back(calls::Trunk{hp->host, hp->port, net::TransportKind::Udp});
  }
  b.ringTimeout = common::Duration{config.ringTimeoutSeconds * 1000};
  b.defaultCountryCode = common::callingCodeOf(config.defaultCountry).value_or(config.defaultCountry);
  b.t1 = common::Duration{config.t1Ms};
  b.t2 = common::Duration{config.t2Ms};
  b.confirmTimeout = common::Duration{std::int64_t{config.confirmTimeoutSeconds} * 1000};
  b.voicemailMaxLength = common::Duration{std::int64_t{config.voicemailMaxSeconds} * 1000};
  b.ringback = config.ringback == "tone" ? calls::B2buaConfig::Ringback::Tone : calls::B2buaConfig::Ringback::Signal;
  return b;
}

common::Result<CallMediaOptions> mediaOptionsOf(const Config& config, const std::string& sipAddress) {
  auto ports = parsePortRange(config.rtpPorts);
  if (!ports.ok()) return common::makeError("--rtp-ports: " + ports.error().message);
  auto sip = parseHostPort(config.sip, 5060);
  if (!sip.ok()) return common::makeError("--sip: " + sip.error().message);
  CallMediaOptions options;
  options.engine.bindAddress = sip->host;
  options.engine.advertisedAddress = config.mediaAddress.empty() ? sipAddress : config.mediaAddress;
  options.engine.firstPort = ports->low;
  options.engine.lastPort = ports->high;
  options.engine.threads = static_cast<unsigned>(config.mediaThreads);
  options.engine.mediaTimeout = common::Duration{static_cast<std::int64_t>(config.mediaTimeoutSeconds) * 1000};
  options.dataDir = config.dataDir;
  options.recordingsDir = options.dataDir / "recordings";
  return options;
}

sip::auth::AuthConfig authConfigOf(const Config& config) {
  sip::auth::AuthConfig auth;
  auth.realm = config.realm;
  auth.algorithms = parseDigestAlgorithms(config.digestAlgorithms).value(); // validated at start
  return auth;
}

sip::registrar::RegistrarConfig registrarConfigOf(const Config& config) {
  sip::registrar::RegistrarConfig registrar;
  registrar.minExpires = std::chrono::seconds{config.minExpiresSeconds};
  if (registrar.defaultExpires < registrar.minExpires) registrar.defaultExpires = registrar.minExpires;
  return registrar;
}

void printReady(std::ostream& out, const Config& config, const sip::transport::TransportLayer& transport,
                std::uint16_t httpPort, bool https) {
  using net::TransportKind;
  out << "switchboard ready";
  for (auto kind : {TransportKind::Udp, TransportKind::Tcp, TransportKind::Tls, TransportKind::Ws, TransportKind::Wss}) {
    auto port = transport.boundPort(kind);
    if (port == 0) continue;
    auto ep = transport.localEndpoint(kind);
    ep.port = port;
    out << " " << ep.str();
  }
  auto http = parseHostPort(config.http, 8080);
  std::string base;
  if (http.ok()) {
    std::string host = http->host == "0.0.0.0" ? "127.0.0.1" : http->host;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    base = std::string(https ? "https://" : "http://") + host + ":" + std::to_string(httpPort);
    out << " " << base << "/healthz";
  }
  out << " data=" << config.dataDir << std::endl;
  if (base.empty()) return;
  out << "  web app: " << base << "/ (agents and admins log in with their app passwords)\n";
  if (config.sipWs.empty() && config.sipWss.empty())
    out << "  browser softphone: off (start with --sip-ws or --sip-wss to answer in the browser)" << std::endl;
  else
    out << "  browser softphone: SIP over " << (config.sipWss.empty() ? "ws://" + config.sipWs : "wss://" + config.sipWss)
        << std::endl;
}

} // namespace sb::server
