# The API's HTTP layer: request parsing with the server's limits, query and JSON input,
# byte ranges, routing and response building (src/api/http).
sb_fuzz_instrument(sb_api_http)
sb_fuzzer(api_http_fuzz SOURCES api_http_fuzz.cpp DEPS sb_api_http)
add_dependencies(fuzzers api_http_fuzz)
