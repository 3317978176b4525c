#pragma once
// A self-signed certificate for TLS and WSS listeners when none is configured (first start,
// tests). Browsers and carriers will not trust it; it only makes encryption possible.
#include "common/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb::net {

struct SelfSignedRequest {
  std::string commonName = "switchboard";
  std::vector<std::string> dnsNames{"localhost"};           // subjectAltName DNS entries
  std::vector<std::string> ipAddresses{"127.0.0.1", "::1"}; // subjectAltName IP entries
  int validDays = 825; // the longest validity Apple platforms accept for TLS server certificates
};

// Generates an EC P-256 key and a self-signed X.509 v3 certificate (SHA-256) and writes
// both as PEM. The key file is created with mode 0600. Returns an error naming what failed.
std::optional<common::Error> writeSelfSignedCertificate(const std::string& certificatePath,
                                                        const std::string& privateKeyPath,
                                                        const SelfSignedRequest& request = {});

} // namespace sb::net
