# CSV lead import (src/api/auth: the CSV reader, the header and the rows).
sb_fuzz_instrument(sb_api_auth)
sb_fuzzer(lead_csv_fuzz SOURCES lead_csv_fuzz.cpp DEPS sb_api_auth)
add_dependencies(fuzzers lead_csv_fuzz)
