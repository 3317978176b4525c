#pragma once
// The RTP/RTCP port pairs legs are given: an even RTP port and the odd RTCP port above it,
// both bound on the engine's address. A pair another process holds is skipped; a freed pair
// goes to the back of the queue, so a port just closed is not handed out again at once
// (late packets of the old call would land in the new one).
#include "common/result.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

namespace sb::media {

struct BoundPair {
  std::uint16_t rtpPort = 0;
  boost::asio::ip::udp::socket rtp;
  boost::asio::ip::udp::socket rtcp;
};

class PortPool {
public:
  PortPool(std::string bindAddress, std::uint16_t firstPort, std::uint16_t lastPort);

  // Binds the next free pair with sockets of `io`; an error when every pair is taken.
  common::Result<BoundPair> acquire(boost::asio::io_context& io);
  // The pair of `rtpPort` is free again (its sockets are closed).
  void release(std::uint16_t rtpPort);
  std::size_t freeCount() const;

private:
  std::string bindAddress_;
  mutable std::mutex mutex_;
  std::deque<std::uint16_t> free_; // RTP ports, the next to try first
};

} // namespace sb::media
