# STUN and DTLS of WebRTC legs (issue 6); included by fuzz/CMakeLists.txt.
sb_fuzz_instrument(sb_webrtc)
sb_fuzzer(stun_fuzz SOURCES stun_fuzz.cpp DEPS sb_webrtc)
sb_fuzzer(dtls_record_fuzz SOURCES dtls_record_fuzz.cpp DEPS sb_webrtc sb_rtp)
add_dependencies(fuzzers stun_fuzz dtls_record_fuzz)
