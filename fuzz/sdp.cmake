# SDP parser, offer/answer and anchor rewriting (src/sdp).
sb_fuzz_instrument(sb_sdp)
sb_fuzzer(sdp_fuzz SOURCES sdp_fuzz.cpp DEPS sb_sdp)
add_dependencies(fuzzers sdp_fuzz)
