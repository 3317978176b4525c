# RTP, RTCP and RFC 4733 parsers (issue 3); included by fuzz/CMakeLists.txt.
sb_fuzz_instrument(sb_rtp)
sb_fuzzer(rtp_fuzz SOURCES rtp_fuzz.cpp DEPS sb_rtp)
add_dependencies(fuzzers rtp_fuzz)
