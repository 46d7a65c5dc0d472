#!/usr/bin/env bash
# Sign-in flood: what password guessing on the set-up page costs everyone else.
# Starts the exporter in demo mode (with ADMIN_PASSWORD) through docker/run-exporter.sh, then, at the
# same time for BENCH_LOAD_SECONDS:
#   - wrk POSTs wrong passwords to /setup/signin from BENCH_CONNECTIONS connections (all from
#     127.0.0.1, so the per-address lockout answers nearly all of them with an immediate 429);
#   - a second wrk measures /metrics (application scope) latency at 4 connections.
# Figures are printed, nothing is asserted: compare with BENCH_CONNECTIONS=0 (no flood).
#
#   mvn -q package -DskipTests && src/bench/signin-flood.sh     # needs wrk: apt-get install wrk
#
# Settings: BENCH_PORT (19191), BENCH_CONNECTIONS (400), BENCH_LOAD_SECONDS (20), JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${BENCH_PORT:-19191}
connections=${BENCH_CONNECTIONS:-400}
load=${BENCH_LOAD_SECONDS:-20}
# shellcheck source=src/bench/common.sh
source src/bench/common.sh

start_demo "$port" ADMIN_PASSWORD=benchmark-password-long
lua=$(mktemp /tmp/tesla-flood.XXXXXX.lua)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log" "$lua"' EXIT
cat >"$lua" <<'LUA'
wrk.method = "POST"
wrk.body = "password=not-the-password"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA
metrics="http://127.0.0.1:$port/metrics?scope=application"
sleep 5
log_before=$(stat -c %s "$log")

if (( connections > 0 )); then
  wrk -t1 -c"$connections" -d"${load}s" -s "$lua" "http://127.0.0.1:$port/setup/signin" >/tmp/tesla-flood-wrk.txt 2>&1 &
  flood=$!
fi
echo "--- /metrics while $connections connections guess passwords for ${load}s"
wrk -t1 -c4 -d"${load}s" --latency "$metrics" | grep -E 'Latency|50%|90%|99%|Requests/sec|Non-2xx|Socket errors'
if (( connections > 0 )); then
  wait "$flood" || true
  echo "--- the flood itself"
  grep -E 'Requests/sec|requests in|Non-2xx|Socket errors' /tmp/tesla-flood-wrk.txt
fi
printf 'log written during the run: %d bytes; wrong-password lines: %d\n' \
  $(( $(stat -c %s "$log") - log_before )) "$(grep -c 'Wrong set-up page password' "$log" || true)"
