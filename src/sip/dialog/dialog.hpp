#pragma once
// A SIP dialog (RFC 3261 section 12): the state both ends of a call share, enough to
// build and check in-dialog requests. One per leg of a call; the B2BUA owns them.
#include "net/endpoint.hpp"
#include "sip/message/message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb::sip::dialog {

struct Dialog {
  std::string callId;
  std::string localTag;
  std::string remoteTag;
  NameAddr localParty;  // our From in requests we send
  NameAddr remoteParty; // their URI, our To in requests we send
  Uri remoteTarget;     // their Contact
  std::vector<NameAddr> routeSet;
  std::uint32_t localCSeq = 0;
  std::optional<std::uint32_t> remoteCSeq;
  net::Endpoint peer; // where in-dialog requests go when the route set does not say otherwise

  // UAS side: from a request we answer with a 2xx/1xx carrying `localTag` (12.1.1).
  static Result<Dialog> fromRequest(const Message& request, const std::string& localTag,
                                    const net::Endpoint& source);
  // UAC side: from the request we sent and a 1xx/2xx with a To tag (12.1.2).
  static Result<Dialog> fromResponse(const Message& request, const Message& response,
                                     const net::Endpoint& peer);

  // Builds an in-dialog request (12.2.1.1) with the next local CSeq (except ACK and
  // CANCEL, which take `cseqOverride`). The caller adds the Via (the transaction layer
  // needs the branch) and any body.
  Message makeRequest(const std::string& method, std::optional<std::uint32_t> cseqOverride = {});

  // Checks an incoming in-dialog request's CSeq (12.2.2): false means answer 500.
  bool acceptRemoteCSeq(const Message& request);

  // Where to send requests built by makeRequest: the first loose route if any, else the peer.
  net::Endpoint nextHop() const;

  // True if `message` (request or response) belongs to this dialog from the remote side.
  bool matchesIncoming(const Message& message) const;
};

// The key that finds a dialog from an incoming request: Call-ID, our tag, their tag.
struct DialogKey {
  std::string callId, localTag, remoteTag;
  bool operator==(const DialogKey&) const = default;
};
struct DialogKeyHash {
  std::size_t operator()(const DialogKey& k) const;
};
// For a request received: local tag is the To tag, remote the From tag.
DialogKey keyOfIncomingRequest(const Message& request);

// Resolves a URI to a transport endpoint without DNS: numeric hosts only.
// Transport from ;transport= (default `fallback`). Returns nullopt for names.
std::optional<net::Endpoint> endpointOfUri(const Uri& uri, net::TransportKind fallback);

} // namespace sb::sip::dialog
