#pragma once
// SDP bodies as real peers write them, with their CRLF line ends. Addresses are from the
// documentation ranges; keys, fingerprints and ids are made up but shaped like the real ones.
#include <string>
#include <string_view>

namespace sb::sdp::peers {

// Test texts are written with "\n"; SDP on the wire ends lines with CRLF.
inline std::string crlf(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// SIPp's built-in uac scenario.
inline const std::string kSippOffer = crlf(R"(v=0
o=user1 53655765 2353687637 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=0 0
m=audio 6000 RTP/AVP 0
a=rtpmap:0 PCMU/8000
)");

// baresip 3.x with opus, G.722 and G.711 enabled.
inline const std::string kBaresipOffer = crlf(R"(v=0
o=- 1191535385 2094785813 IN IP4 192.0.2.20
s=-
c=IN IP4 192.0.2.20
t=0 0
a=tool:baresip 3.10.1
m=audio 10442 RTP/AVP 96 9 0 8 101
b=AS:128
a=rtpmap:96 opus/48000/2
a=fmtp:96 stereo=1;sprop-stereo=1
a=rtpmap:9 G722/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=sendrecv
a=label:1
a=rtcp-rsize
a=ssrc:3416258103 cname:5f1c7a3e-2b44-4d0e-9a8f-33b1c0de9a71
a=ptime:20
)");

// Asterisk (chan_pjsip) offering PCMA first.
inline const std::string kAsteriskOffer = crlf(R"(v=0
o=- 1714122917 1714122919 IN IP4 203.0.113.10
s=Asterisk
c=IN IP4 203.0.113.10
t=0 0
m=audio 17224 RTP/AVP 8 0 3 101
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:3 GSM/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=ptime:20
a=maxptime:150
a=sendrecv
)");

// A Chrome offer with a microphone and a camera: ICE, DTLS and BUNDLE attributes.
inline const std::string kChromeOffer = crlf(R"(v=0
o=- 4611731400430051336 2 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0 1
a=extmap-allow-mixed
a=msid-semantic: WMS 7f1b7f0c-2c7e-4e39-9d2f-6a5b7d2f4c11
m=audio 54400 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
c=IN IP4 198.51.100.7
a=rtcp:9 IN IP4 0.0.0.0
a=candidate:1467250027 1 udp 2122260223 198.51.100.7 54400 typ host generation 0 network-id 1
a=candidate:2917401284 1 tcp 1518280447 198.51.100.7 9 typ host tcptype active generation 0
a=ice-ufrag:Vq3b
a=ice-pwd:Xb5Ug7dVlhXz5CkD1Rf6Kq2e
a=ice-options:trickle
a=fingerprint:sha-256 1C:2F:8E:3A:7B:90:AD:44:E1:5C:06:93:27:B8:DF:12:4A:6E:C0:39:85:71:FA:2D:58:0B:E4:96:13:CA:7F:60
a=setup:actpass
a=mid:0
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=sendrecv
a=msid:7f1b7f0c-2c7e-4e39-9d2f-6a5b7d2f4c11 4c8e3b1a-9d6f-4a2e-8b7c-1e5f3a9d2c40
a=rtcp-mux
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
a=rtpmap:63 red/48000/2
a=fmtp:63 111/111
a=rtpmap:9 G722/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:13 CN/8000
a=rtpmap:110 telephone-event/48000
a=rtpmap:126 telephone-event/8000
a=ssrc:2864570139 cname:hWq3u0ZuS1FQ2pJd
a=ssrc:2864570139 msid:7f1b7f0c-2c7e-4e39-9d2f-6a5b7d2f4c11 4c8e3b1a-9d6f-4a2e-8b7c-1e5f3a9d2c40
m=video 9 UDP/TLS/RTP/SAVPF 96 97
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:Vq3b
a=ice-pwd:Xb5Ug7dVlhXz5CkD1Rf6Kq2e
a=ice-options:trickle
a=fingerprint:sha-256 1C:2F:8E:3A:7B:90:AD:44:E1:5C:06:93:27:B8:DF:12:4A:6E:C0:39:85:71:FA:2D:58:0B:E4:96:13:CA:7F:60
a=setup:actpass
a=mid:1
a=sendrecv
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 goog-remb
a=rtcp-fb:96 transport-cc
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
)");

} // namespace sb::sdp::peers
