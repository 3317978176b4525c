#pragma once
// Everything `switchboard serve` can be told, from flags and from a TOML file.
// Every flag has a TOML key of the same name without the dashes ("--rtp-ports" ->
// rtp-ports); a flag given on the command line wins over the file.
#include "common/result.hpp"
#include "sip/auth/digest.hpp"

#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}


namespace sb::server {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
  std::string str() const;
};

struct PortRange {
  std::uint16_t low = 0, high = 0;
};

// The source tree's web/dist (compiled in), so a server built from source serves its app.
std::string defaultWebRoot();

struct Config {
  std::string configFile;
  std::string dataDir = "./data";
  std::string database;                    // postgresql:// URL; "" = SQLite in dataDir
  std::string sip = "127.0.0.1:5060";      // UDP and TCP
  std::string sipTls;                      // "" = off
  std::string sipWs;                       // SIP over WebSocket, "" = off
  std::string sipWss;                      // SIP over secure WebSocket, "" = off
  std::string http = "127.0.0.1:8080";
  bool httpTls = false;                    // HTTPS and WSS on --http, with the TLS certificate
  int apiThreads = 2;                      // threads serving the HTTP API and event streams
  int webhookFirstRetryMs = 5000;          // a failed webhook delivery is retried after this, doubling
  std::string rtpPorts = "20000-20999";
  std::string mediaAddress;                // in our SDP; "" = the --sip address (127.0.0.1 if unspecified)
  int mediaThreads = 1;
  int mediaTimeoutSeconds = 60;            // no RTP for this long ends a connected call; 0 = never
  std::string ringback = "180";            // "180" (the caller's phone rings) or "tone" (183 and our ring tone)
  int confirmTimeoutSeconds = 15;          // time to press 1 or 2, prompt included
  int voicemailMaxSeconds = 120;           // the longest message
  std::vector<std::string> trunks;         // ADDR[:PORT]
  std::string trunkUsername;
  std::string trunkPassword;
  std::string tlsCertificate;              // PEM; generated in the data dir when empty
  std::string tlsKey;
  std::string logLevel = "info";
  std::string realm = "switchboard";
  // Offered in this order. MD5 alone by default: many phones (libre-based ones such as
  // baresip 1.0 among them) refuse a REGISTER challenged with any algorithm they do not
  // know, and SIPp 3.6 reads only the first challenge. "SHA-256,MD5" is RFC 8760's order.
  std::string digestAlgorithms = "MD5";
  int minExpiresSeconds = 60;
  std::string defaultCountry = "1";
  int ringTimeoutSeconds = 30;
  int shutdownGraceSeconds = 30;
  int t1Ms = 500, t2Ms = 4000, t4Ms = 5000;
  bool noDemo = false;
  std::string webRoot = defaultWebRoot(); // the built web app served on --http
};

// How each flag is also read from the TOML file.
struct OptionBinding {
  std::string flag;
  std::function<bool(const toml::node&)> fromToml;
};
using OptionBindings = std::vector<OptionBinding>;

// Declares every serve flag on `app`, bound to `config`.
OptionBindings addServeOptions(CLI::App& app, Config& config);
// After CLI parsing: fills from the TOML file (--config) whatever no flag set.
std::optional<common::Error> applyConfigFile(CLI::App& app, const OptionBindings& bindings);
// Checks values and cross-field rules; the error names the flag.
std::optional<common::Error> validateConfig(const Config& config);

common::Result<HostPort> parseHostPort(const std::string& text, std::uint16_t defaultPort);
common::Result<PortRange> parsePortRange(const std::string& text);
// "MD5,SHA-256" -> the algorithms in that order.
common::Result<std::vector<sip::auth::DigestAlgorithm>> parseDigestAlgorithms(const std::string& text);

} // namespace sb::server
