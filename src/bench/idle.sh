#!/usr/bin/env bash
# Idle cost: what one car costs between polls, the figure of an exporter that runs all year on a small
# board. The exporter polls one simulated car (FleetFake) every 30 s, as users run it; after 90 s to
# settle, its CPU time (user + system, from /proc) is measured over BENCH_IDLE_SECONDS twice: with no
# scraper, and with a Prometheus-like scrape of /metrics every 15 s. Prints the share of one core.
# Target: at most 0.3 % of a core (the earlier Python exporter: 0.03 %).
#
#   mvn -q package -DskipTests && src/bench/idle.sh
#
# Settings: BENCH_PORT (19197), BENCH_FAKE_PORT (19198), BENCH_IDLE_SECONDS (60), BENCH_SETTLE_SECONDS (90), JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${BENCH_PORT:-19197}
fake_port=${BENCH_FAKE_PORT:-19198}
idle=${BENCH_IDLE_SECONDS:-60}
settle=${BENCH_SETTLE_SECONDS:-90}
jar=target/payara-micro.jar
war=target/tesla-exporter.war
[[ -f $jar && -f $war ]] || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }
# shellcheck source=src/bench/common.sh
source src/bench/common.sh 2>/dev/null || true

work=$(mktemp -d /tmp/tesla-idle.XXXXXX)
start_fleet_fake "$work" "$fake_port" 1 64m
env EXPORTER_PORT="$port" "${fake_settings[@]}" POLL_INTERVAL_SECONDS=30 DRIVING_POLL_INTERVAL_SECONDS=30 \
  CHARGING_POLL_INTERVAL_SECONDS=30 bash docker/run-exporter.sh "$jar" "$war" >"$work/exporter.log" 2>&1 &
pid=$!
trap 'kill $pid $fake 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/metrics?scope=application" 2>/dev/null | grep -q '^tesla_battery_level_percent'; do
  kill -0 $pid 2>/dev/null || { echo "exporter died:" >&2; tail -20 "$work/exporter.log" >&2; exit 1; }
  sleep 0.2
done
echo "first data; settling ${settle} s"
sleep "$settle"

ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
measure() {
  local label=$1 scrape=$2 t0 t1 c0 c1 scraper=
  if [[ $scrape == yes ]]; then
    ( while true; do curl -s -o /dev/null "http://127.0.0.1:$port/metrics"; sleep 15; done ) &
    scraper=$!
  fi
  c0=$(ticks); t0=$(date +%s.%N)
  sleep "$idle"
  c1=$(ticks); t1=$(date +%s.%N)
  [[ -n $scraper ]] && { kill "$scraper"; wait "$scraper" 2>/dev/null || true; }
  awk -v c="$((c1 - c0))" -v hz="$hz" -v a="$t0" -v b="$t1" -v l="$label" \
    'BEGIN { printf "%-32s %.2f %% of a core (%d ticks in %.0f s)\n", l, 100 * c / hz / (b - a), c, b - a }'
}
measure "idle, no scraper:" no
measure "idle, scraped every 15 s:" yes
echo "target: at most 0.3 % of a core"
