#pragma once
// The messages the transaction layer builds itself rather than receiving from the TU.
#include "sip/message/message.hpp"

#include <vector>

namespace sb::sip::transaction {

// The ACK for a non-2xx final response to `invite` (RFC 3261 17.1.1.3): same
// Request-URI, Call-ID, From, CSeq number and top Via (so the same branch) as the
// INVITE, the To of the response (with its tag), the INVITE's Route headers.
Message makeAckForFailure(const Message& invite, const Message& response);

// A CANCEL for `invite` (RFC 3261 9.1): like the ACK above but To from the INVITE,
// method CANCEL, plus `extraHeaders` (e.g. Reason).
Message makeCancel(const Message& invite, const std::vector<Header>& extraHeaders);

// A response the layer makes up for the TU when no real one will come (408 on
// timeout, 503 when the transport failed).
Message makeLocalFailure(const Message& request, int statusCode);

bool isViaHeaderName(std::string_view name);

} // namespace sb::sip::transaction
