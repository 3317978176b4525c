#include "sdp/serializer.hpp"

#include <string_view>

namespace sb::sdp {
namespace {

// The rank canonicalRank() gives z=, the first line that follows t= rather than s=.
const int kAfterTiming = canonicalRank('z');

class Writer {
public:
  void line(char type, std::string_view value) {
    out_ += type;
    out_ += '=';
    out_ += value;
    out_ += "\r\n";
  }

  void connection(const Connection& c) {
    line('c', c.netType + " " + c.addrType + " " + c.address);
  }

  void bandwidths(const std::vector<Bandwidth>& list) {
    for (const Bandwidth& b : list)
      line('b', b.type + ":" + std::to_string(b.value));
  }

  // The verbatim lines that belong before c= (i= u= e= p=) when `early`, else the ones
  // that come later (z= k=).
  void verbatim(const std::vector<Line>& lines, bool early) {
    for (const Line& l : lines) {
      if ((canonicalRank(l.type) < kAfterTiming) == early) line(l.type, l.value);
    }
  }

  void attributes(const std::vector<Attribute>& list) {
    for (const Attribute& a : list)
      line('a', a.value ? a.name + ":" + *a.value : a.name);
  }

  void media(const Media& m) {
    std::string value = m.media + " " + std::to_string(m.port);
    if (m.portCount) value += "/" + std::to_string(*m.portCount);
    value += " " + m.proto;
    for (const std::string& format : m.formats)
      value += " " + format;
    line('m', value);
    verbatim(m.lines, true); // i=
    if (m.connection) connection(*m.connection);
    bandwidths(m.bandwidths);
    verbatim(m.lines, false); // k=
    attributes(m.attributes);
  }

  std::string take() && { return std::move(out_); }

private:
  std::string out_;
};

} // namespace

std::string serialize(const Session& session) {
  Writer out;
  out.line('v', "0");
  const Origin& o = session.origin;
  out.line('o', o.username + " " + o.sessionId + " " + std::to_string(o.sessionVersion) + " " +
                    o.netType + " " + o.addrType + " " + o.address);
  out.line('s', session.name);
  out.verbatim(session.lines, true); // i= u= e= p=
  if (session.connection) out.connection(*session.connection);
  out.bandwidths(session.bandwidths);
  for (const Timing& t : session.timings) {
    out.line('t', std::to_string(t.start) + " " + std::to_string(t.stop));
    for (const std::string& repeat : t.repeats)
      out.line('r', repeat);
  }
  out.verbatim(session.lines, false); // z= k=
  out.attributes(session.attributes);
  for (const Media& m : session.media)
    out.media(m);
  return std::move(out).take();
}

} // namespace sb::sdp
