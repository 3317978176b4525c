# Uploaded prompt WAV files (src/prompts: header walk, decoding, resampling).
sb_fuzz_instrument(sb_prompts_audio)
sb_fuzz_instrument(sb_audio)
sb_fuzzer(prompts_fuzz SOURCES prompts_fuzz.cpp DEPS sb_prompts_audio)
add_dependencies(fuzzers prompts_fuzz)
