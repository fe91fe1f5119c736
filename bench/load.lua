-- wrk script for bench/load.sh: cycles through the paths in $WRK_PATHS (one a line) like browsers
-- do (gzip accepted, no cookies) and prints one RESULT line with throughput, latency percentiles
-- and bytes, which load.sh turns into the table.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local counter = 0

function setup(thread)
  thread:set("offset", math.random(1, #paths))
end

function request()
  counter = counter + 1
  local path = paths[((counter + (offset or 0)) % #paths) + 1]
  return wrk.format("GET", path, { ["Accept-Encoding"] = "gzip", ["Accept-Language"] = "de" })
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f bytes=%d non2xx=%d socket_errors=%d p50=%.1f p95=%.1f p99=%.1f max=%.1f\n",
    summary.requests, summary.duration / 1e6, summary.bytes, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
