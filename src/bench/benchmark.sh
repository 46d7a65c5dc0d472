#!/usr/bin/env bash
# Benchmark of the exporter as users run it (demo mode, via docker/run-exporter.sh):
#   - start-up: seconds from launch to the first /metrics that holds vehicle data
#   - memory: resident set size (RSS) of the JVM after it has run for a minute
#   - /metrics latency and throughput under load, with wrk (apt-get install wrk)
# Figures are printed, nothing is asserted: compare runs on the same machine.
#
#   mvn -q package -DskipTests && src/bench/benchmark.sh
#
# Settings: BENCH_PORT (19190), BENCH_SETTLE_SECONDS (60), BENCH_LOAD_SECONDS (10), JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${BENCH_PORT:-19190}
settle=${BENCH_SETTLE_SECONDS:-60}
load=${BENCH_LOAD_SECONDS:-10}
jar=target/payara-micro.jar
war=target/tesla-exporter.war
[[ -f $jar && -f $war ]] || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

log=$(mktemp /tmp/tesla-bench.XXXXXX.log)
start=$(date +%s.%N)
EXPORTER_PORT=$port TESLA_DEMO=true bash docker/run-exporter.sh "$jar" "$war" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT

url="http://127.0.0.1:$port/metrics?scope=application"
until curl -sf "$url" 2>/dev/null | grep -q '^tesla_battery_level_percent'; do
  kill -0 $pid 2>/dev/null || { echo "exporter died:" >&2; tail -20 "$log" >&2; exit 1; }
  sleep 0.1
done
ready=$(date +%s.%N)
awk -v a="$start" -v b="$ready" 'BEGIN { printf "start-up to first /metrics with vehicle data: %.1f s\n", b - a }'

sleep "$settle"
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
printf 'RSS after %s s: %d MiB (JAVA_OPTS=%s)\n' "$settle" $((rss_kb / 1024)) "${JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}"
printf 'application series on /metrics: %d\n' "$(curl -s "$url" | grep -c '^tesla_')"

for target in "$url" "http://127.0.0.1:$port/metrics"; do
  echo "--- wrk -t2 -c8 -d${load}s $target"
  wrk -t2 -c8 -d"${load}s" --latency "$target" | grep -E 'Latency|50%|99%|Requests/sec'
done
