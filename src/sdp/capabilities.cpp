#include "sdp/capabilities.hpp"

namespace sb::sdp {

Session localSession(const LocalMedia& local) {
  Session session;
  session.origin = local.origin;
  if (session.origin.address.empty()) {
    const Connection ours = Connection::forAddress(local.address);
    session.origin.netType = ours.netType;
    session.origin.addrType = ours.addrType;
    session.origin.address = ours.address;
  }
  if (session.origin.sessionId.empty()) session.origin.sessionId = "0";
  session.name = "-";
  session.connection = Connection::forAddress(local.address);
  session.timings.push_back(Timing{0, 0, {}});
  return session;
}

} // namespace sb::sdp
