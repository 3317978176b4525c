#pragma once
// Start-up steps of `serve` that are plain functions of the config: crash recovery
// and demo data, turning flags into module configs, and the "ready" banner.
#include "calls/b2bua.hpp"
#include "common/clock.hpp"
#include "server/call_media.hpp"
#include "server/config.hpp"
#include "sip/auth/server_auth.hpp"
#include "sip/registrar/registrar.hpp"
#include "sip/transport/transport_layer.hpp"
#include "store/store.hpp"

#include <ostream>

namespace sb::server {

// closes calls a crash left open as `interrupted`; then seeds the demo
// organization when the store is empty (unless --no-demo) and prints its logins.
common::Result<int> recoverAndSeed(store::Store& db, const Config& config, const common::Clock& clock);

common::Result<sip::transport::TransportConfig> transportConfigOf(const Config& config);
// The certificate for TLS, WSS and HTTPS: --tls-certificate/--tls-key, or a self-signed one
// generated in <data-dir>/tls on first use.
common::Result<sip::transport::TlsFiles> tlsFilesOf(const Config& config);
common::Result<calls::B2buaConfig> b2buaConfigOf(const Config& config);
// The media engine's settings; `sipAddress` is the address our SIP messages name, used in
// SDP when --media-address is not set.
common::Result<CallMediaOptions> mediaOptionsOf(const Config& config, const std::string& sipAddress);
sip::auth::AuthConfig authConfigOf(const Config& config);
sip::registrar::RegistrarConfig registrarConfigOf(const Config& config);

// One line that starts "switchboard ready" (tests wait for it), then the addresses.
void printReady(std::ostream& out, const Config& config, const sip::transport::TransportLayer& transport,
                std::uint16_t httpPort, bool https);

} // namespace sb::server
