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
