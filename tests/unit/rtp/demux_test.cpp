// One port carries RTP, RTCP (RFC 5761 4) and, for WebRTC, STUN and DTLS (RFC 7983).
#include "rtp/demux.hpp"

#include "unit/rtp/hex.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sb::rtp {
namespace {

struct DemuxCase {
  const char* name;
  const char* hex;
  PacketKind kind;
};

class DemuxTest : public testing::TestWithParam<DemuxCase> {};

TEST_P(DemuxTest, Classifies) {
  auto bytes = test::fromHex(GetParam().hex);
  EXPECT_EQ(classifyPacket(bytes), GetParam().kind);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DemuxTest,
    testing::Values(DemuxCase{"Pcmu", "80 00 00 01", PacketKind::Rtp},
                    DemuxCase{"PcmuWithMarker", "80 80 00 01", PacketKind::Rtp},
                    DemuxCase{"TelephoneEvent", "80 65 00 01", PacketKind::Rtp},
                    DemuxCase{"DynamicPt127", "80 ff 00 01", PacketKind::Rtp},
                    DemuxCase{"SenderReport", "80 c8 00 06", PacketKind::Rtcp},
                    DemuxCase{"ReceiverReport", "81 c9 00 07", PacketKind::Rtcp},
                    DemuxCase{"Type192IsRtcp", "80 c0 00 01", PacketKind::Rtcp},
                    DemuxCase{"Type223IsRtcp", "80 df 00 01", PacketKind::Rtcp},
                    DemuxCase{"Pt63IsRtp", "80 3f 00 01", PacketKind::Rtp},
                    DemuxCase{"Pt96IsRtp", "80 60 00 01", PacketKind::Rtp},
                    DemuxCase{"StunBinding", "00 01 00 00 21 12 a4 42", PacketKind::Stun},
                    DemuxCase{"DtlsHandshake", "16 fe fd 00", PacketKind::Dtls},
                    DemuxCase{"Empty", "", PacketKind::Unknown},
                    DemuxCase{"OneByteRtp", "80", PacketKind::Unknown},
                    DemuxCase{"VersionOne", "40 00 00 01", PacketKind::Unknown},
                    DemuxCase{"Byte200", "c8 00", PacketKind::Unknown}),
    [](const auto& c) { return std::string(c.param.name); });

} // namespace
} // namespace sb::rtp
