#!/usr/bin/env bash
# Query flood: what random /metrics query strings cost everyone else (security review round 2, item 2).
# Starts the exporter in demo mode through docker/run-exporter.sh, then for BENCH_LOAD_SECONDS:
#   - wrk sends GET /metrics with a random query string from BENCH_CONNECTIONS connections, half with an
#     unknown parameter (?x=<random>, answered 400) and half with a random metric name
#     (?scope=application&name=<random>: rendered while fewer than 16 are kept, else 503 at once);
#   - curl asks /setup/signin and /health every 0.2 s and the slowest answers are printed.
# Target: /setup and /health answer within a second during the flood. Figures are printed, nothing is
# asserted (HostileFleetIT floods 24 connections on every test run).
#
#   mvn -q package -DskipTests && src/bench/query-flood.sh     # needs wrk: apt-get install wrk
#
# Settings: BENCH_PORT (19192), BENCH_CONNECTIONS (200), BENCH_LOAD_SECONDS (20), JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${BENCH_PORT:-19192}
connections=${BENCH_CONNECTIONS:-200}
load=${BENCH_LOAD_SECONDS:-20}
# shellcheck source=src/bench/common.sh
source src/bench/common.sh

start_demo "$port"
lua=$(mktemp /tmp/tesla-query-flood.XXXXXX.lua)
times=$(mktemp /tmp/tesla-query-flood.XXXXXX.txt)
wrk_out=$(mktemp /tmp/tesla-query-flood.XXXXXX.wrk)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log" "$lua" "$times" "$wrk_out"' EXIT
cat >"$lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  if n % 2 == 0 then
    return wrk.format("GET", "/metrics?x=" .. math.random(1, 1000000000))
  end
  return wrk.format("GET", "/metrics?scope=application&name=tesla_" .. math.random(1, 1000000000))
end
done = function(summary, latency, requests)
  io.write(string.format("flood: %d requests, %d non-2xx/3xx, %d socket errors (connect %d, read %d, timeout %d)\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.errors.connect, summary.errors.read, summary.errors.timeout))
end
LUA
sleep 3

wrk -t2 -c"$connections" -d"${load}s" --timeout 30s -s "$lua" "http://127.0.0.1:$port/" >"$wrk_out" 2>&1 &
flood=$!
sleep 1
end=$((SECONDS + load - 2))
while (( SECONDS < end )); do
  for page in /setup/signin /health; do
    curl -s -o /dev/null -m 30 -w "$page %{http_code} %{time_total}\n" "http://127.0.0.1:$port$page" >>"$times" || echo "$page 000 30" >>"$times"
  done
  sleep 0.2
done
wait "$flood" || true

echo "--- $connections connections with random /metrics query strings for ${load}s"
grep -E 'Requests/sec|flood:' "$wrk_out"
for page in /setup/signin /health; do
  awk -v p="$page" '$1 == p { print $3, $2 }' "$times" | sort -n | awk -v p="$page" '
    { n++; t[n] = $1; if ($2 != "200" && $2 != "503") bad++ }
    END { printf "%-14s %d answers, p50 %.0f ms, slowest %.0f ms, not answered %d\n", p, n, 1000 * t[int((n + 1) / 2)], 1000 * t[n], bad + 0 }'
done
echo "target: slowest under 1000 ms"
