-- wrk script for bench/api: every request carries the admin bearer token (from the
-- environment, SB_BENCH_TOKEN), and at the end one JSON line reports the counts and the
-- latency percentiles in microseconds, so run.py need not parse wrk's rounded text.
local token = os.getenv("SB_BENCH_TOKEN")
if token == nil or token == "" then
  error("SB_BENCH_TOKEN is not set")
end
wrk.headers["Authorization"] = "Bearer " .. token

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
end
