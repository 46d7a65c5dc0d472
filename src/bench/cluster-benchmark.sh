#!/usr/bin/env bash
# Cluster benchmark (docs/cluster.md): MEMBERS exporters on Payara Micro's Hazelcast (TCP/IP discovery on
# 127.0.0.1, CP subsystem of three), sharing ACCOUNTS x CARS driving cars read every 60 s from an AccountsFake
# (src/test/java/.../bench) whose refresh tokens are single use and whose access tokens make every account
# refresh every ~4 s; the logins are on the first member's disk only. Prints:
#   - seconds from launch until every car was read once, and each member's share
#   - data reads per minute (target: >= 90 % of the cars, 2,700 for 3,000) and each member's CPU (target <= 50 %)
#   - the shortest wait between two reads of one car (target: never twice in one interval, > 30 s)
#   - kill -9 of the last member: seconds until every car was read again (target: interval + detection, 70 s)
#     and the shortest wait across the hand-over; then the member back and its share
#   - refresh tokens used twice (must be 0), accounts logged in on every member (must be all)
#
#   mvn -q package -DskipTests && src/bench/cluster-benchmark.sh [CARS_PER_MEMBER MEMBERS]   # default: 1000 3
#
# Needs a PostgreSQL for the cluster's journal (the one .ci/run makes): BENCH_JDBC_URL
# (jdbc:postgresql://127.0.0.1:5432/journal_test), BENCH_DB_USER (journal_test), BENCH_DB_PASSWORD
# (journal-test-only); its schema cluster_bench is made anew. Settings: BENCH_PORT (19200: members' HTTP
# ports from it), BENCH_HAZELCAST_PORT (5901), BENCH_FAKE_PORT (19199), BENCH_WINDOW_SECONDS (120).
set -euo pipefail
cd "$(dirname "$0")/../.."

per=${1:-1000}; members=${2:-3}
accounts=3
cars=$(( per * members ))
cars_per_account=$(( cars / accounts ))
port=${BENCH_PORT:-19200}
hz=${BENCH_HAZELCAST_PORT:-5901}
fake_port=${BENCH_FAKE_PORT:-19199}
window=${BENCH_WINDOW_SECONDS:-120}
jdbc=${BENCH_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/journal_test}
db_user=${BENCH_DB_USER:-journal_test}
db_password=${BENCH_DB_PASSWORD:-journal-test-only}
# shellcheck source=src/bench/common.sh
source src/bench/common.sh
[[ -f target/test-classes/org/teslaexporter/bench/AccountsFake.class ]] || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is missing: apt-get install postgresql-client" >&2; exit 1; }
db=${jdbc#jdbc:postgresql://}
PGPASSWORD=$db_password psql -q -h "${db%%:*}" -p "$(echo "$db" | sed -E 's|^[^:]+:([0-9]+)/.*|\1|')" -U "$db_user" -d "${db##*/}" \
  -c 'DROP SCHEMA IF EXISTS cluster_bench CASCADE' -c 'CREATE SCHEMA cluster_bench' >/dev/null

work=$(mktemp -d /tmp/tesla-cluster.XXXXXX)
pids=()
trap 'kill -9 "${pids[@]}" $fake 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/m1"
java -Xmx256m -cp target/test-classes org.teslaexporter.bench.AccountsFake "$fake_port" "$accounts" "$cars_per_account" 0 0 604 \
  "$work/m1" src/test/resources/fixtures/vehicle_data.driving.json >"$work/fake.log" 2>&1 &
fake=$!
until curl -sf "http://127.0.0.1:$fake_port/stats" >/dev/null 2>&1; do sleep 0.1; done

list=$(for i in $(seq 0 $((members - 1))); do printf '127.0.0.1:%d,' $((hz + i)); done)
start_member() {   # start_member I: member I (0-based), its pid in pids[I]
  local i=$1
  mkdir -p "$work/m$((i + 1))"
  env EXPORTER_PORT=$((port + i)) TESLA_API_BASE="http://127.0.0.1:$fake_port" TESLA_TOKEN_BASE="http://127.0.0.1:$fake_port" \
    TESLA_CLIENT_ID=bench TOKEN_FILE_PATH="$work/m$((i + 1))/token.json" DRIVING_POLL_INTERVAL_SECONDS=60 POLL_INTERVAL_SECONDS=60 \
    SLEEP_POLL_INTERVAL_SECONDS=600 MONTHLY_BUDGET_USD=0 \
    JOURNAL_JDBC_URL="$jdbc?currentSchema=cluster_bench" JOURNAL_DB_USER="$db_user" JOURNAL_DB_PASSWORD="$db_password" \
    CLUSTER_MEMBERS="${list%,}" CLUSTER_PORT=$((hz + i)) CLUSTER_ADDRESS=127.0.0.1 CLUSTER_SECRET=cluster-benchmark-secret-0123 \
    bash docker/run-exporter.sh "$jar" "$war" >"$work/member-$i.log" 2>&1 &
  pids[i]=$!
}
metric() {   # metric I NAME: the sum of NAME's samples on member I (0 while it does not answer)
  { curl -s "http://127.0.0.1:$((port + $1))/metrics?scope=application&name=$2" || true; } | awk -v n="$2" '$1 ~ "^"n"({|$)" { s += $NF } END { print s + 0 }'
}
shares() { for i in $(seq 0 $((members - 1))); do printf '%s ' "$(metric "$i" tesla_exporter_monitored_vehicles)"; done; }
await_all_read() {   # await_all_read: until the fake has seen every car read since its last reset (at most 10 minutes); $curve: cars read every 10 s
  local n=0
  curve=""
  until (( $(stat_of cars_read) >= cars )); do
    (( n++ % 20 == 0 )) && curve+="$(stat_of cars_read) "
    (( n > 1200 )) && { curve+="(not all in 10 minutes)"; return; }
    for p in "${pids[@]}"; do [[ $p == 0 ]] || kill -0 "$p" 2>/dev/null || { echo "a member died:" >&2; tail -n 20 "$work"/member-*.log >&2; exit 1; }; done
    sleep 0.5
  done
}

started=$(date +%s.%N)
for i in $(seq 0 $((members - 1))); do start_member "$i"; done
stat_of reads /reset >/dev/null
await_all_read
start_curve=$curve
all_read=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
sleep 65     # one interval: the start's bunching is over
stat_of reads /reset >/dev/null
reads0=$(stat_of reads); refresh0=$(stat_of refreshes); t0=$(date +%s.%N)
cpu0=(); for i in $(seq 0 $((members - 1))); do cpu0[i]=$(cpu_ticks "${pids[i]}"); done
sleep "$window"
reads1=$(stat_of reads); refresh1=$(stat_of refreshes); t1=$(date +%s.%N)
cpu=""; for i in $(seq 0 $((members - 1))); do
  cpu+=$(awk -v c0="${cpu0[i]}" -v c1="$(cpu_ticks "${pids[i]}")" -v t0="$t0" -v t1="$t1" -v tick="$tick" \
    'BEGIN { printf "%.1f %% ", 100 * (c1 - c0) / tick / (t1 - t0) }')
done
steady_shortest=$(stat_of shortest_gap_ms); steady_shares=$(shares)

last=$((members - 1))
stat_of reads /reset >/dev/null
kill -9 "${pids[last]}"; killed_at=$(date +%s.%N); wait "${pids[last]}" 2>/dev/null || true
pids[last]=0
await_all_read
after_kill=$(awk -v a="$killed_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
kill_curve=$curve
sleep 20
kill_shortest=$(stat_of shortest_gap_ms); kill_shares=$(shares)

back_from=$(date +%s.%N)
start_member "$last"
for _ in $(seq 300); do (( $(metric "$last" tesla_exporter_monitored_vehicles) > 0 )) && break; sleep 1; done
back=$(awk -v a="$back_from" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
sleep 30
back_shares=$(shares); reused=$(stat_of reused)
logged_in=""; for i in $(seq 0 $((members - 1))); do logged_in+="$(metric "$i" tesla_exporter_auth_ok) "; done

echo "=== $members members x $per cars ($cars cars of $accounts accounts, every 60 s; JAVA_OPTS=${JAVA_OPTS:-launch script default})"
echo "every car read once after launch: $all_read s; cars per member: $steady_shares"
echo "  cars read, every 10 s from the launch: $start_curve"
awk -v r0="$reads0" -v r1="$reads1" -v f0="$refresh0" -v f1="$refresh1" -v t0="$t0" -v t1="$t1" -v cars="$cars" 'BEGIN {
  m = (t1 - t0) / 60
  printf "data reads per minute:            %.0f (due %d; target >= %d)\n", (r1 - r0) / m, cars, cars * 0.9
  printf "token refreshes per minute:       %.1f\n", (f1 - f0) / m }'
echo "CPU per member, share of one core: $cpu(target <= 50 %)"
echo "shortest wait between two reads:  $((steady_shortest / 1000)) s (target > 30 s: never twice in one interval)"
echo "kill -9 of member $last: every car read again after $after_kill s (target <= 70 s: interval + detection);"
echo "  shortest wait across the hand-over $((kill_shortest / 1000)) s; cars per member then: $kill_shares"
echo "  cars read again, every 10 s after the kill: $kill_curve"
echo "member $last back: its first cars after $back s; cars per member: $back_shares"
echo "refresh tokens used twice:        $reused (target 0)"
echo "accounts logged in, per member:   $logged_in(of $accounts each)"
echo "SEVERE lines: $(cat "$work"/member-*.log | grep -c SEVERE || true); timers lost: $(cat "$work"/member-*.log | grep -c 'Expunging timer' || true)"
