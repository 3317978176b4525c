#include "server/config.hpp"

#include "common/e164.hpp"

#include <CLI/CLI.hpp>
#include <boost/asio/ip/address.hpp>
#include <toml++/toml.h>

#include <charconv>

namespace sb::server {

namespace {

std::optional<std::uint16_t> parsePort(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

template <typename T>
void bindOption(OptionBindings& bindings, CLI::App& app, const std::string& flag, T& target, const std::string& help) {
  app.add_option(flag, target, help)->capture_default_str();
  bindings.push_back({flag, [&target](const toml::node& node) {
    if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      const auto* arr = node.as_array();
      if (arr == nullptr) {
        if (auto s = node.value<std::string>()) { target = {*s}; return true; }
        return false;
      }
      target.clear();
      for (const auto& item : *arr) {
        auto s = item.value<std::string>();
        if (!s) return false;
        target.push_back(*s);
      }
      return true;
    } else {
      auto v = node.value<T>();
      if (!v) return false;
      target = *v;
      return true;
    }
  }});
}

} // namespace

std::string defaultWebRoot() {
#ifdef SB_DEFAULT_WEB_ROOT
  return SB_DEFAULT_WEB_ROOT;
#else
  return "web/dist";
#endif
}

std::string HostPort::str() const {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

common::Result<HostPort> parseHostPort(const std::string& text, std::uint16_t defaultPort) {
  HostPort hp;
  std::string_view rest = text;
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    if (close == std::string_view::npos) return common::makeError("unclosed [ in address '" + text + "'");
    hp.host = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
    if (rest.empty()) { hp.port = defaultPort; return hp; }
    if (rest.front() != ':') return common::makeError("expected :PORT after ] in '" + text + "'");
    rest.remove_prefix(1);
  } else {
    auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) {
      hp.host = text;
      hp.port = defaultPort;
      return hp;
    }
    hp.host = std::string(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  auto port = parsePort(rest);
  if (!port) return common::makeError("bad port in '" + text + "'");
  if (hp.host.empty()) return common::makeError("missing host in '" + text + "'");
  hp.port = *port;
  return hp;
}

common::Result<PortRange> parsePortRange(const std::string& text) {
  auto dash = text.find('-');
  if (dash == std::string::npos) return common::makeError("expected LO-HI, got '" + text + "'");
  auto lo = parsePort(std::string_view(text).substr(0, dash));
  auto hi = parsePort(std::string_view(text).substr(dash + 1));
  if (!lo || !hi || *lo == 0 || *lo > *hi) return common::makeError("bad port range '" + text + "'");
  return PortRange{*lo, *hi};
}

common::Result<std::vector<sip::auth::DigestAlgorithm>> parseDigestAlgorithms(const std::string& text) {
  std::vector<sip::auth::DigestAlgorithm> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    std::string name = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    auto algorithm = sip::auth::parseAlgorithm(name);
    if (!algorithm || (*algorithm != sip::auth::DigestAlgorithm::Md5 && *algorithm != sip::auth::DigestAlgorithm::Sha256))
      return common::makeError("unknown algorithm '" + name + "' (MD5 and SHA-256 are supported)");
    out.push_back(*algorithm);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

OptionBindings addServeOptions(CLI::App& app, Config& c) {
  OptionBindings b;
  app.add_option("--config", c.configFile, "TOML file with any of these options (flag name without --)");
  bindOption(b, app, "--data-dir", c.dataDir, "Directory for the database, recordings and certificates");
  bindOption(b, app, "--database", c.database, "PostgreSQL URL (postgresql://...); empty: SQLite in --data-dir");
  bindOption(b, app, "--sip", c.sip, "SIP over UDP and TCP: ADDR:PORT");
  bindOption(b, app, "--sip-tls", c.sipTls, "SIP over TLS: ADDR:PORT (off when empty)");
  bindOption(b, app, "--sip-ws", c.sipWs, "SIP over WebSocket: ADDR:PORT (off when empty)");
  bindOption(b, app, "--sip-wss", c.sipWss, "SIP over secure WebSocket: ADDR:PORT (off when empty)");
  bindOption(b, app, "--http", c.http, "HTTP API and web app: ADDR:PORT");
  bindOption(b, app, "--web-root", c.webRoot, "Directory of the built web app (index.html, assets/)");
  bindOption(b, app, "--api-threads", c.apiThreads, "Threads serving the HTTP API and event streams");
  bindOption(b, app, "--webhook-first-retry-ms", c.webhookFirstRetryMs, "Milliseconds before a failed webhook delivery is retried (doubling each time)");
  bindOption(b, app, "--rtp-ports", c.rtpPorts, "RTP port range LO-HI");
  bindOption(b, app, "--media-address", c.mediaAddress, "Address for RTP in our SDP (default: the --sip address)");
  bindOption(b, app, "--media-threads", c.mediaThreads, "Threads that relay, play and record audio");
  bindOption(b, app, "--media-timeout", c.mediaTimeoutSeconds, "Seconds without RTP that end a connected call (0: never)");
  bindOption(b, app, "--confirm-timeout", c.confirmTimeoutSeconds, "Seconds an agent has to press 1 or 2 when an answer must be confirmed (R-9)");
  bindOption(b, app, "--voicemail-max", c.voicemailMaxSeconds, "Longest voicemail message, in seconds (R-14)");
  bindOption(b, app, "--ringback", c.ringback, "What a caller hears while offers ring: 180 (their phone rings) or tone (183 and our ring tone)");
  bindOption(b, app, "--trunk", c.trunks, "Trunk ADDR[:PORT]; repeatable; calls from it are inbound");
  bindOption(b, app, "--trunk-username", c.trunkUsername, "Username for the trunk's digest challenges");
  bindOption(b, app, "--trunk-password", c.trunkPassword, "Password for the trunk's digest challenges");
  bindOption(b, app, "--tls-certificate", c.tlsCertificate, "PEM certificate chain for TLS and WSS");
  bindOption(b, app, "--tls-key", c.tlsKey, "PEM private key for TLS and WSS");
  bindOption(b, app, "--log-level", c.logLevel, "trace, debug, info, warn, error or off");
  bindOption(b, app, "--realm", c.realm, "Digest realm for device authentication");
  bindOption(b, app, "--digest-algorithms", c.digestAlgorithms, "Digest algorithms offered, in order: MD5, SHA-256");
  bindOption(b, app, "--min-expires", c.minExpiresSeconds, "Shortest registration accepted, in seconds (423 below)");
  bindOption(b, app, "--default-country", c.defaultCountry, "Country for national numbers: calling code (1, 44) or ISO code (US, GB)");
  bindOption(b, app, "--ring-timeout", c.ringTimeoutSeconds, "Seconds an offer rings before it counts as no answer, where the organization settings name none");
  bindOption(b, app, "--shutdown-grace", c.shutdownGraceSeconds, "Seconds calls may go on after SIGTERM");
  bindOption(b, app, "--t1-ms", c.t1Ms, "SIP timer T1 in milliseconds");
  bindOption(b, app, "--t2-ms", c.t2Ms, "SIP timer T2 in milliseconds");
  bindOption(b, app, "--t4-ms", c.t4Ms, "SIP timer T4 in milliseconds");
  app.add_flag("--no-demo", c.noDemo, "Do not create the demo organization on an empty data dir");
  app.add_flag("--http-tls", c.httpTls, "Serve --http as HTTPS (the --tls-certificate, or one generated in the data dir)");
  return b;
}

std::optional<common::Error> applyConfigFile(CLI::App& app, const OptionBindings& bindings) {
  const auto* opt = app.get_option_no_throw("--config");
  if (opt == nullptr || opt->count() == 0) return std::nullopt;
  std::string path = opt->as<std::string>();
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return common::makeError("config file " + path + ": " + std::string(e.description()));
  }
  for (auto&& [key, node] : table) {
    std::string flag = "--" + std::string(key.str());
    auto it = std::find_if(bindings.begin(), bindings.end(), [&](const auto& b) { return b.flag == flag; });
    if (it == bindings.end())
      return common::makeError("config file " + path + ": unknown key '" + std::string(key.str()) + "'");
    if (app.get_option(flag)->count() > 0) continue; // the command line wins
    if (!it->fromToml(node))
      return common::makeError("config file " + path + ": wrong type for '" + std::string(key.str()) + "'");
  }
  return std::nullopt;
}

std::optional<common::Error> validateConfig(const Config& c) {
  auto check = [](const std::string& flag, const std::string& value) -> std::optional<common::Error> {
    if (value.empty()) return std::nullopt;
    auto hp = parseHostPort(value, 0);
    if (!hp.ok()) return common::makeError(flag + ": " + hp.error().message);
    return std::nullopt;
  };
  for (auto [flag, value] : {std::pair<const char*, const std::string*>{"--sip", &c.sip}, {"--sip-tls", &c.sipTls},
                             {"--sip-ws", &c.sipWs}, {"--sip-wss", &c.sipWss}, {"--http", &c.http}})
    if (auto e = check(flag, *value)) return e;
  for (const auto& t : c.trunks)
    if (auto e = check("--trunk", t)) return e;
  if (auto r = parsePortRange(c.rtpPorts); !r.ok()) return common::makeError("--rtp-ports: " + r.error().message);
  if (c.mediaThreads < 1 || c.mediaThreads > 64) return common::makeError("--media-threads: must be 1 to 64");
  if (c.apiThreads < 1 || c.apiThreads > 64) return common::makeError("--api-threads: must be 1 to 64");
  if (c.webhookFirstRetryMs < 1) return common::makeError("--webhook-first-retry-ms: must be at least 1");
  if (c.mediaTimeoutSeconds < 0) return common::makeError("--media-timeout: must not be negative");
  if (c.confirmTimeoutSeconds < 1) return common::makeError("--confirm-timeout: must be at least 1");
  if (c.voicemailMaxSeconds < 1) return common::makeError("--voicemail-max: must be at least 1");
  if (c.ringback != "180" && c.ringback != "tone") return common::makeError("--ringback: must be 180 or tone");
  if (!c.mediaAddress.empty()) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(c.mediaAddress, ec);
    if (ec || address.is_unspecified()) return common::makeError("--media-address: not an IP address peers can send to");
  }
  if (c.ringTimeoutSeconds < 1) return common::makeError("--ring-timeout: must be at least 1");
  if (!common::callingCodeOf(c.defaultCountry))
    return common::makeError("--default-country: unknown country '" + c.defaultCountry + "' (use its calling code, e.g. 44)");
  if (c.shutdownGraceSeconds < 0) return common::makeError("--shutdown-grace: must not be negative");
  if (c.t1Ms < 1 || c.t2Ms < c.t1Ms || c.t4Ms < 1) return common::makeError("--t1-ms/--t2-ms/--t4-ms: need 0 < T1 <= T2 and T4 > 0");
  if (auto algorithms = parseDigestAlgorithms(c.digestAlgorithms); !algorithms.ok())
    return common::makeError("--digest-algorithms: " + algorithms.error().message);
  if (c.minExpiresSeconds < 1) return common::makeError("--min-expires: must be at least 1");
  if (c.trunkUsername.empty() != c.trunkPassword.empty())
    return common::makeError("--trunk-username and --trunk-password go together");
  return std::nullopt;
}

} // namespace sb::server
