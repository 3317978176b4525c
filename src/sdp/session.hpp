#pragma once
// The SDP session description model (RFC 8866, formerly RFC 4566).
//
// The lines the media engine depends on (o=, c=, b=, t=, m=) are typed; attributes are kept
// as (name, value) in the order received, and the lines nobody here interprets (i=, u=, e=,
// p=, r=, z=, k=) are kept verbatim, so that serialize(parse(x)) keeps everything it does
// not understand. Typed views of the audio attributes live in rtp_attributes.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::sdp {

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
struct Origin {
  std::string username = "-";
  std::string sessionId; // kept as text: peers use numbers beyond 64 bits
  std::uint64_t sessionVersion = 0;
  std::string netType = "IN";
  std::string addrType = "IP4";
  std::string address;

  friend bool operator==(const Origin&, const Origin&) = default;
};

// c=<nettype> <addrtype> <connection-address>
struct Connection {
  std::string netType = "IN";
  std::string addrType = "IP4";
  std::string address; // as received; multicast may carry "/ttl/count"

  // The address without a multicast "/ttl" or "/count" suffix.
  std::string_view host() const;
  // 0.0.0.0 (or ::): the RFC 2543 way to say "send nothing to me" (RFC 3264 8.4).
  bool isUnspecified() const;

  // A c= for an IP address: IP6 when it has a colon, IP4 otherwise.
  static Connection forAddress(std::string_view ip);

  friend bool operator==(const Connection&, const Connection&) = default;
};

// b=<bwtype>:<bandwidth>
struct Bandwidth {
  std::string type; // "AS", "CT", "TIAS", ...
  std::uint64_t value = 0;

  friend bool operator==(const Bandwidth&, const Bandwidth&) = default;
};

// t=<start-time> <stop-time>, with the r= lines that repeat it.
struct Timing {
  std::uint64_t start = 0;
  std::uint64_t stop = 0;
  std::vector<std::string> repeats; // r= values, verbatim

  friend bool operator==(const Timing&, const Timing&) = default;
};

// a=<name>[:<value>]. "a=rtcp-mux" has no value; "a=foo:" has an empty one.
struct Attribute {
  std::string name;
  std::optional<std::string> value;

  friend bool operator==(const Attribute&, const Attribute&) = default;
};

// A line kept verbatim: i=, u=, e=, p=, z=, k=.
struct Line {
  char type = 'i';
  std::string value;

  friend bool operator==(const Line&, const Line&) = default;
};

// One m= section: the m= line and what follows it up to the next m=.
struct Media {
  std::string media = "audio"; // "audio", "video", "application", ...
  std::uint16_t port = 0;      // 0 means the stream is rejected or disabled (RFC 3264 6)
  std::optional<std::uint32_t> portCount;
  std::string proto = "RTP/AVP";
  std::vector<std::string> formats; // payload type numbers for RTP protocols
  std::vector<Line> lines;          // i=, k=, in canonical order
  std::optional<Connection> connection;
  std::vector<Bandwidth> bandwidths;
  std::vector<Attribute> attributes;

  bool isRejected() const { return port == 0; }
  bool isAudio() const { return media == "audio"; }

  friend bool operator==(const Media&, const Media&) = default;
};

struct Session {
  Origin origin;
  std::string name = "-";  // s=
  std::vector<Line> lines; // i=, u=, e=, p=, z=, k=, in canonical order
  std::optional<Connection> connection;
  std::vector<Bandwidth> bandwidths;
  std::vector<Timing> timings;
  std::vector<Attribute> attributes;
  std::vector<Media> media;

  // The c= that applies to a media section: its own, else the session's.
  const Connection* connectionFor(const Media& section) const;

  friend bool operator==(const Session&, const Session&) = default;
};

// Attribute lookup; names are compared exactly (SDP attribute names are case-sensitive).
const Attribute* findAttribute(const std::vector<Attribute>& attributes, std::string_view name);
bool hasAttribute(const std::vector<Attribute>& attributes, std::string_view name);
std::vector<const Attribute*> findAttributes(const std::vector<Attribute>& attributes,
                                             std::string_view name);

// Where i=/u=/e=/p=/z=/k= go among the other lines; the parser keeps `lines` sorted by it.
int canonicalRank(char type);

} // namespace sb::sdp
