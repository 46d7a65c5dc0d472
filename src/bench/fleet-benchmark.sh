#!/usr/bin/env bash
# Fleet benchmark: one exporter instance polling a simulated fleet (src/test/java/.../bench/FleetFake,
# all cars online and driving, read every 60 s) and prints, per fleet size:
#   - seconds from launch until every car was read once
#   - data reads per minute over the measuring window (due: one per car per minute)
#   - exporter CPU share (of one core) over the window, from /proc, with a scrape every 15 s
#   - time and size of one full scrape of /metrics and of the application scope
#   - heap used (from /metrics) and RSS at the end; errors counted; /health/live
#
#   mvn -q package -DskipTests && src/bench/fleet-benchmark.sh [CARS ...]     # default: 10 100 1000
#
# With BENCH_FLOOD_CONNECTIONS=N (e.g. 200), wrk then loads /metrics from N connections for
# BENCH_FLOOD_SECONDS (60) and the script prints errors and the RSS growth over that load.
#
# Settings: BENCH_PORT (19192), BENCH_FAKE_PORT (19193), BENCH_WINDOW_SECONDS (120), JAVA_OPTS
# (default: the launch script's).
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${BENCH_PORT:-19192}
fake_port=${BENCH_FAKE_PORT:-19193}
window=${BENCH_WINDOW_SECONDS:-120}
sizes=("$@")
(( ${#sizes[@]} )) || sizes=(10 100 1000)
# shellcheck source=src/bench/common.sh
source src/bench/common.sh


for cars in "${sizes[@]}"; do
  work=$(mktemp -d /tmp/tesla-fleet.XXXXXX)
  start_fleet_fake "$work" "$fake_port" "$cars" 256m

  log="$work/exporter.log"
  started=$(date +%s.%N)
  env EXPORTER_PORT="$port" "${fake_settings[@]}" DRIVING_POLL_INTERVAL_SECONDS=60 POLL_INTERVAL_SECONDS=60 \
    SLEEP_POLL_INTERVAL_SECONDS=600 MONTHLY_BUDGET_USD=0 \
    bash docker/run-exporter.sh "$jar" "$war" >"$log" 2>&1 &
  pid=$!
  trap 'kill $pid $fake 2>/dev/null; wait 2>/dev/null' EXIT
  until [[ "$(stat_of cars_read)" == "$cars" ]]; do
    kill -0 $pid 2>/dev/null || { echo "exporter died:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.5
  done
  all_read=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

  keep_scraping
  sleep 5
  reads0=$(stat_of reads); cpu0=$(cpu_ticks $pid); t0=$(date +%s.%N)
  sleep "$window"
  reads1=$(stat_of reads); cpu1=$(cpu_ticks $pid); t1=$(date +%s.%N)
  kill $scraper 2>/dev/null; wait $scraper 2>/dev/null || true
  # five scrapes each; the median is printed (the first one after a while is slower)
  full=$(for i in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "http://127.0.0.1:$port/metrics"; done \
    | sort -n | sed -n 3p)
  app=$(for i in 1 2 3 4 5; do curl -s -o "$work/app.prom" -w '%{time_total} %{size_download}\n' \
    "http://127.0.0.1:$port/metrics?scope=application"; done | sort -n | sed -n 3p)
  series=$(grep -c '^tesla_' "$work/app.prom" || true)
  errors=$(awk '/^tesla_exporter_poll_errors_total/ { s += $NF } END { print s + 0 }' "$work/app.prom")
  heap=$(curl -s "http://127.0.0.1:$port/metrics?scope=base" | awk '/^(base_)?memory_usedHeap_bytes/ { printf "%d", $NF / 1048576 }')
  rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
  live=$(curl -s "http://127.0.0.1:$port/health/live" | grep -o '"status":"[A-Z]*"' | head -1)

  echo "=== $cars cars (JAVA_OPTS=${JAVA_OPTS:-launch script default})"
  echo "every car read once after:        $all_read s"
  awk -v r0="$reads0" -v r1="$reads1" -v c0="$cpu0" -v c1="$cpu1" -v t0="$t0" -v t1="$t1" -v tick="$tick" -v cars="$cars" 'BEGIN {
    m = (t1 - t0) / 60
    printf "data reads per minute:            %.0f (due %d)\n", (r1 - r0) / m, cars
    printf "exporter CPU, share of one core:  %.1f %%\n", 100 * (c1 - c0) / tick / (t1 - t0) }'
  read -r ft fs <<<"$full"; read -r at as <<<"$app"
  printf 'full /metrics scrape (median of 5): %.3f s, %d KiB\n' "$ft" $((fs / 1024))
  printf 'application scope (median of 5):  %.3f s, %d KiB, %d series\n' "$at" $((as / 1024)) "$series"
  echo "heap used / RSS:                  ${heap} MiB / ${rss} MiB"
  echo "errors counted:                   $errors; liveness $live; timers lost: $(grep -c 'Expunging timer' "$log" || true)"

  if [[ -n "${BENCH_FLOOD_CONNECTIONS:-}" ]]; then
    flood=${BENCH_FLOOD_SECONDS:-60}
    rss_before=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
    echo "--- wrk -t2 -c$BENCH_FLOOD_CONNECTIONS -d${flood}s on /metrics"
    wrk -t2 -c"$BENCH_FLOOD_CONNECTIONS" -d"${flood}s" --timeout 30s --latency "http://127.0.0.1:$port/metrics" \
      | grep -E '^ +(50|99)%|Requests/sec|Non-2xx|Socket errors|requests in'
    rss_after=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
    awk -v a="$rss_before" -v b="$rss_after" 'BEGIN { printf "RSS before / after the load:      %d / %d MiB (%+.1f %%)\n", a / 1024, b / 1024, 100 * (b - a) / a }'
    echo "exporter still alive: $(kill -0 $pid 2>/dev/null && echo yes || echo NO); errors in its log: $(grep -c 'SEVERE' "$log" || true)"
  fi

  kill $pid $fake 2>/dev/null; wait $pid $fake 2>/dev/null || true
  trap - EXIT
  rm -rf "$work"
done
