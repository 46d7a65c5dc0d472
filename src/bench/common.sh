# Shared by the server benchmarks (sourced, not run): checks the build and wrk, starts the exporter in
# demo mode through docker/run-exporter.sh exactly as users do, and waits for vehicle data.
#
#   start_demo PORT [VAR=value ...]   sets $pid and $log, stops the exporter on exit, returns when
#                                     /metrics holds vehicle data; $started is the launch time
jar=target/payara-micro.jar
war=target/tesla-exporter.war
[[ -f $jar && -f $war ]] || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

start_demo() {
  local port=$1
  shift
  log=$(mktemp /tmp/tesla-bench.XXXXXX.log)
  started=$(date +%s.%N)
  env EXPORTER_PORT="$port" TESLA_DEMO=true "$@" bash docker/run-exporter.sh "$jar" "$war" >"$log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
  until curl -sf "http://127.0.0.1:$port/metrics?scope=application" 2>/dev/null | grep -q '^tesla_battery_level_percent'; do
    kill -0 "$pid" 2>/dev/null || { echo "exporter died:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.1
  done
}

# start_fleet_fake WORK PORT CARS HEAP: a FleetFake (src/test/java/.../bench) with CARS cars, all
# online and driving, and a valid token file WORK/token.json; sets $fake (its pid) and
# $fake_settings (the exporter's settings that point it there), returns when the fake answers.
start_fleet_fake() {
  local work=$1 port=$2 cars=$3 heap=$4 now
  [[ -f target/test-classes/org/teslaexporter/bench/FleetFake.class ]] \
    || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }
  now=$(date +%s)
  printf '{"access_token":"fleet-access","refresh_token":"fleet-refresh","expires_at":%d,"created_at":%d}\n' \
    $((now + 28000)) "$now" >"$work/token.json"
  java -Xmx"$heap" -cp target/test-classes org.teslaexporter.bench.FleetFake "$port" "$cars" \
    src/test/resources/fixtures/vehicle_data.driving.json >"$work/fake.log" 2>&1 &
  fake=$!
  fake_settings=(TESLA_API_BASE="http://127.0.0.1:$port" TESLA_TOKEN_BASE="http://127.0.0.1:$port"
    TESLA_CLIENT_ID=bench TOKEN_FILE_PATH="$work/token.json")
  until curl -sf "http://127.0.0.1:$port/stats" >/dev/null 2>&1; do sleep 0.1; done
}

# What the fleet benchmarks share: a fake's counter (stat_of KEY [/reset], from $fake_port's /stats),
# a process's CPU ticks so far, and Prometheus' part during a window — a full scrape of $port every
# 15 s, so the copy of /metrics is kept warm (keep_scraping sets $scraper).
stat_of() { curl -s "http://127.0.0.1:$fake_port/stats${2:-}" | awk -v k="$1" '$1 == k { print $2 }'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
tick=$(getconf CLK_TCK)
keep_scraping() {
  ( while true; do curl -s -o /dev/null "http://127.0.0.1:$port/metrics"; sleep 15; done ) &
  scraper=$!
}
