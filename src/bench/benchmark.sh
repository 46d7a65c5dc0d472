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
# shellcheck source=src/bench/common.sh
source src/bench/common.sh

start_demo "$port"
ready=$(date +%s.%N)
url="http://127.0.0.1:$port/metrics?scope=application"
awk -v a="$started" -v b="$ready" 'BEGIN { printf "start-up to first /metrics with vehicle data: %.1f s\n", b - a }'

sleep "$settle"
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
printf 'RSS after %s s: %d MiB (JAVA_OPTS=%s)\n' "$settle" $((rss_kb / 1024)) "${JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}"
printf 'application series on /metrics: %d\n' "$(curl -s "$url" | grep -c '^tesla_')"

for target in "$url" "http://127.0.0.1:$port/metrics"; do
  echo "--- wrk -t2 -c8 -d${load}s $target"
  wrk -t2 -c8 -d"${load}s" --latency "$target" | grep -E 'Latency|50%|99%|Requests/sec'
done
