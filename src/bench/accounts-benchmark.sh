#!/usr/bin/env bash
# Accounts benchmark: one exporter serving many Tesla accounts (src/test/java/.../bench/AccountsFake:
# ACCOUNTS accounts of CARS cars, all driving and read every 60 s; REVOKED accounts whose login Tesla
# refuses, HANGING accounts whose token endpoint never answers; every good account refreshes its
# single-use token about once a minute). Prints:
#   - seconds from launch until every good account's car was read once
#   - data reads per minute over the window (due: one per good car per minute) and refreshes per minute
#   - the longest wait between two reads of any good car (target: at most one interval more than the
#     interval, 120 s, while the revoked and hanging accounts fail)
#   - refresh tokens used twice (must be 0), exporter CPU share, full scrape time and size, heap / RSS
#
#   mvn -q package -DskipTests && src/bench/accounts-benchmark.sh [ACCOUNTS CARS REVOKED HANGING]   # default: 50 20 5 5
#
# Settings: BENCH_PORT (19192), BENCH_FAKE_PORT (19193), BENCH_WINDOW_SECONDS (180), JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${BENCH_PORT:-19192}
fake_port=${BENCH_FAKE_PORT:-19193}
window=${BENCH_WINDOW_SECONDS:-180}
accounts=${1:-50}; cars=${2:-20}; revoked=${3:-5}; hanging=${4:-5}
good=$(( (accounts - revoked - hanging) * cars ))
# shellcheck source=src/bench/common.sh
source src/bench/common.sh
[[ -f target/test-classes/org/teslaexporter/bench/AccountsFake.class ]] || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }


work=$(mktemp -d /tmp/tesla-accounts.XXXXXX)
# access tokens live 660 s: the exporter refreshes ten minutes ahead, so about once a minute per account
java -Xmx256m -cp target/test-classes org.teslaexporter.bench.AccountsFake "$fake_port" "$accounts" "$cars" "$revoked" "$hanging" 660 \
  "$work" src/test/resources/fixtures/vehicle_data.driving.json >"$work/fake.log" 2>&1 &
fake=$!
until curl -sf "http://127.0.0.1:$fake_port/stats" >/dev/null 2>&1; do sleep 0.1; done

log="$work/exporter.log"
started=$(date +%s.%N)
env EXPORTER_PORT="$port" TESLA_API_BASE="http://127.0.0.1:$fake_port" TESLA_TOKEN_BASE="http://127.0.0.1:$fake_port" \
  TESLA_CLIENT_ID=bench TOKEN_FILE_PATH="$work/token.json" DRIVING_POLL_INTERVAL_SECONDS=60 POLL_INTERVAL_SECONDS=60 \
  SLEEP_POLL_INTERVAL_SECONDS=600 MONTHLY_BUDGET_USD=0 \
  bash docker/run-exporter.sh "$jar" "$war" >"$log" 2>&1 &
pid=$!
trap 'kill $pid $fake 2>/dev/null; wait 2>/dev/null' EXIT
until (( $(stat_of cars_read) >= good )); do
  kill -0 $pid 2>/dev/null || { echo "exporter died:" >&2; tail -20 "$log" >&2; exit 1; }
  sleep 0.5
done
all_read=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

keep_scraping
sleep 5
stat_of reads /reset >/dev/null
reads0=$(stat_of reads); refresh0=$(stat_of refreshes); cpu0=$(cpu_ticks $pid); t0=$(date +%s.%N)
sleep "$window"
reads1=$(stat_of reads); refresh1=$(stat_of refreshes); cpu1=$(cpu_ticks $pid); t1=$(date +%s.%N)
gap=$(stat_of longest_gap_ms); read_since=$(stat_of cars_read); reused=$(stat_of reused)
kill $scraper 2>/dev/null; wait $scraper 2>/dev/null || true
full=$(for i in 1 2 3 4 5; do curl -s -o "$work/full.prom" -w '%{time_total} %{size_download}\n' "http://127.0.0.1:$port/metrics"; done \
  | sort -n | sed -n 3p)
auth_ok=$(awk '/^tesla_exporter_auth_ok/ { s += $NF } END { print s + 0 }' "$work/full.prom")
heap=$(curl -s "http://127.0.0.1:$port/metrics?scope=base" | awk '/^(base_)?memory_usedHeap_bytes/ { printf "%d", $NF / 1048576 }')
rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
live=$(curl -s "http://127.0.0.1:$port/health/live" | grep -o '"status":"[A-Z]*"' | head -1)

echo "=== $accounts accounts x $cars cars ($revoked revoked, $hanging hanging; JAVA_OPTS=${JAVA_OPTS:-launch script default})"
echo "every good car read once after:   $all_read s"
awk -v r0="$reads0" -v r1="$reads1" -v f0="$refresh0" -v f1="$refresh1" -v c0="$cpu0" -v c1="$cpu1" -v t0="$t0" -v t1="$t1" \
    -v tick="$tick" -v good="$good" 'BEGIN {
  m = (t1 - t0) / 60
  printf "data reads per minute:            %.0f (due %d)\n", (r1 - r0) / m, good
  printf "token refreshes per minute:       %.1f\n", (f1 - f0) / m
  printf "exporter CPU, share of one core:  %.1f %%\n", 100 * (c1 - c0) / tick / (t1 - t0) }'
echo "good cars read in the window:     $read_since of $good"
echo "longest wait between two reads:   $((gap / 1000)) s (interval 60 s; target at most 120 s)"
echo "refresh tokens used twice:        $reused"
echo "accounts logged in (auth_ok sum): $auth_ok of $accounts"
read -r ft fs <<<"$full"
printf 'full /metrics scrape (median of 5): %.3f s, %d KiB\n' "$ft" $((fs / 1024))
echo "heap used / RSS:                  ${heap} MiB / ${rss} MiB"
echo "liveness $live; timers lost: $(grep -c 'Expunging timer' "$log" || true); SEVERE lines: $(grep -c 'SEVERE' "$log" || true)"
kill $pid $fake 2>/dev/null; wait $pid $fake 2>/dev/null || true
trap - EXIT
rm -rf "$work"
