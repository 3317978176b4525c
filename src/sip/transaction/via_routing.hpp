#pragma once
// The top Via of requests on the way in, and where their responses go on the way out
// (RFC 3261 18.2.1 and 18.2.2, RFC 3581).
#include "net/endpoint.hpp"
#include "sip/message/message.hpp"
#include "sip/transaction/transaction.hpp"

namespace sb::sip::transaction {

// Adds received= when the sent-by host is not the address the request came from, and
// with rport (RFC 3581) both rport=<source port> and received= (3581 wants received
// even when it equals sent-by). Leaves a request with an unparsable Via unchanged.
void stampReceived(Message& request, const net::Endpoint& source);

// Where the responses to `request` (already stamped) go: over a stream transport back
// on the connection it came in on, falling back to a new connection to the Via
// address; over UDP to received (or maddr, or sent-by) and rport (or sent-by port).
ResponseRoute responseRoute(const Message& request, const net::Endpoint& source);

} // namespace sb::sip::transaction
