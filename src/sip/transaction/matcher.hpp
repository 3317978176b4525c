#pragma once
// Keys that match messages to transactions, for the layer's hash maps.
//  - client (17.1.3): branch of the top Via + CSeq method;
//  - server (17.2.3): branch + sent-by + method, ACK counting as INVITE;
//  - server, RFC 2543 peers (branch without "z9hG4bK"): Request-URI, From tag, Call-ID,
//    CSeq number and method, top Via. The To tag is checked apart (legacyToTagMatches)
//    because an ACK carries the tag of the response, not of the INVITE.
#include "sip/message/message.hpp"
#include "sip/transaction/transaction.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sb::sip::transaction {

inline constexpr std::string_view kMagicCookie = "z9hG4bK";

bool hasMagicCookie(std::string_view branch);

std::string clientKey(std::string_view branch, std::string_view method);
// The client key of a response, or nullopt when it has no usable Via or CSeq.
std::optional<std::string> clientKeyOf(const Message& response);

struct ServerKey {
  std::string key;
  bool legacy = false; // RFC 2543 matching: check the To tag too
};
// The key of the transaction `request` belongs to, as if its method were `method`
// (ACK -> "INVITE", CANCEL looking for its INVITE -> "INVITE"). Nullopt without a
// parsable top Via or CSeq.
std::optional<ServerKey> serverKeyOf(const Message& request, std::string_view method);

// RFC 2543 To tag rule: an ACK must carry the To tag of the response the transaction
// sent; any other request the To tag of the request that created it.
bool legacyToTagMatches(const Message& incoming, const ServerTransaction& tx);

} // namespace sb::sip::transaction
