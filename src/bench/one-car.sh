#!/usr/bin/env bash
# One-car benchmark: the exporter polling one simulated car (FleetFake, 1 car), as users run it, and
# beside it, in the same run, the floor any exporter can reach on this machine: the same /metrics
# body served as a static file by Python's threading HTTP server (what a Python exporter is made of).
# Prints launch -> first data, /metrics throughput and p50/p99 latency under wrk (BENCH_CONNECTIONS
# connections), and RSS after the load and BENCH_RSS_AFTER_SECONDS after launch (10 minutes).
#
#   mvn -q package -DskipTests && src/bench/one-car.sh        # needs wrk and python3
#
# Settings: BENCH_PORT (19194), BENCH_FAKE_PORT (19195), BENCH_CONNECTIONS (50), BENCH_LOAD_SECONDS (20),
# BENCH_RSS_AFTER_SECONDS (600), JAVA_OPTS (added to the launch script's defaults), PAYARA_ROOT (the
# fast start, see docker/prepare-fast-start.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${BENCH_PORT:-19194}
fake_port=${BENCH_FAKE_PORT:-19195}
static_port=$((port + 2))
connections=${BENCH_CONNECTIONS:-50}
load=${BENCH_LOAD_SECONDS:-20}
rss_after=${BENCH_RSS_AFTER_SECONDS:-600}
# shellcheck source=src/bench/common.sh
source src/bench/common.sh

work=$(mktemp -d /tmp/tesla-one.XXXXXX)
start_fleet_fake "$work" "$fake_port" 1 64m

started=$(date +%s.%N)
env EXPORTER_PORT="$port" "${fake_settings[@]}" bash docker/run-exporter.sh "$jar" "$war" >"$work/exporter.log" 2>&1 &
pid=$!
static=
trap 'kill $pid $fake $static 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
metrics="http://127.0.0.1:$port/metrics"
until curl -sf "$metrics?scope=application" 2>/dev/null | grep -q '^tesla_battery_level_percent'; do
  kill -0 $pid 2>/dev/null || { echo "exporter died:" >&2; tail -20 "$work/exporter.log" >&2; exit 1; }
  sleep 0.05
done
awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "launch -> first data on /metrics: %.1f s\n", b - a }'

mkdir -p "$work/static"
curl -s "$metrics" >"$work/static/metrics"
printf 'body: %d KiB, %d tesla_ series\n' $(( $(stat -c %s "$work/static/metrics") / 1024 )) "$(grep -c '^tesla_' "$work/static/metrics")"
python3 -m http.server "$static_port" --bind 127.0.0.1 --directory "$work/static" >/dev/null 2>&1 &
static=$!
until curl -sf "http://127.0.0.1:$static_port/metrics" >/dev/null 2>&1; do sleep 0.1; done

for target in "exporter $metrics" "static-file-floor http://127.0.0.1:$static_port/metrics"; do
  read -r name url <<<"$target"
  echo "--- $name: wrk -t2 -c$connections -d${load}s --latency"
  wrk -t2 -c"$connections" -d"${load}s" --latency "$url" | grep -E '^ +(50|99)%|Requests/sec|Non-2xx|Socket errors'
done
printf 'RSS right after the load: %d MiB\n' "$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")"
printf 'threads: %d\n' "$(ls "/proc/$pid/task" | wc -l)"
left=$(awk -v a="$started" -v b="$(date +%s.%N)" -v t="$rss_after" 'BEGIN { d = a + t - b; if (d < 0) d = 0; printf "%d", d }')
echo "waiting ${left} s, until ${rss_after} s after launch (the car is polled meanwhile)"
sleep "$left"
printf 'RSS %d s after launch: %d MiB (JAVA_OPTS: launch script defaults%s)\n' "$rss_after" \
  "$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")" "${JAVA_OPTS:+ + $JAVA_OPTS}"
