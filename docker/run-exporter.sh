#!/usr/bin/env bash
# Starts the Tesla exporter WAR on Payara Micro at the root context.
# The one launch command: the Docker image, `mvn -Pdemo` / `mvn -Prun` and the launcher
# integration test all run this script, so what is tested is what users run.
#
#   run-exporter.sh PAYARA_MICRO_JAR WAR
#
# Settings come from the environment (see docs/configuration.md). This script judges only what Payara
# needs before the application runs - EXPORTER_PORT, LOG_FORMAT and the CLUSTER_* settings (exit 78 naming the
# variable); every
# other setting, LOG_LEVEL included, is judged by the application (SettingsReader) and only passed on here.
# The JVM runs small by default (measured in CONTRIBUTING.md, "Benchmarks"): a heap that starts at 16 MiB and
# gives memory back after a burst (serial collector), at most 256 MiB - or half the container's memory
# limit when there is one -, the quick first-tier compiler only (half the start-up work, a third less
# memory, for a server scraped once a minute), glibc's malloc held to two arenas, and an exit on
# OutOfMemoryError (a restart beats a half-dead exporter), and no hsperfdata statistics (their sampler wakes
# every 50 ms: a third of the idle cost of one parked car; jcmd still attaches, only jps and jstat do not
# see the process). JAVA_OPTS is added after these defaults,
# so its options win (e.g. -Xmx1g, or -XX:TieredStopAtLevel=4 for the optimising compiler).
# PAYARA_ROOT, when it names a folder made by docker/prepare-fast-start.sh, starts Payara from there
# with its class data sharing archive (about twice as fast); otherwise PAYARA_MICRO_JAR is used as it is.
set -euo pipefail

payara_jar=${1:?usage: run-exporter.sh PAYARA_MICRO_JAR WAR}
war=${2:?usage: run-exporter.sh PAYARA_MICRO_JAR WAR}
port=${EXPORTER_PORT:-9090}
case "$port" in
  ''|*[!0-9]*) echo "EXPORTER_PORT='$port' is not valid: expected a TCP port number (1-65535), e.g. 9090" >&2; exit 78 ;;
esac
if (( port < 1 || port > 65535 )); then
  echo "EXPORTER_PORT='$port' is not valid: expected a TCP port number (1-65535), e.g. 9090" >&2; exit 78
fi

java_cmd=java
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then java_cmd="$JAVA_HOME/bin/java"; fi

launch=(-jar "$payara_jar")
if [[ -n "${PAYARA_ROOT:-}" && -f "$PAYARA_ROOT/launch-micro.jar" && -f "$PAYARA_ROOT/payara.jsa" \
      && -f "$PAYARA_ROOT/config/domain.xml.pristine" ]]; then
  # stateless like the plain jar: the prepared configuration, no deployment left from the last run
  cp "$PAYARA_ROOT/config/domain.xml.pristine" "$PAYARA_ROOT/config/domain.xml"
  rm -rf "$PAYARA_ROOT/applications" "$PAYARA_ROOT/generated"
  launch=(-XX:SharedArchiveFile="$PAYARA_ROOT/payara.jsa" -jar "$PAYARA_ROOT/launch-micro.jar")
fi

# Logs: one event a line (time, level, logger, message; no colour codes), or JSON lines for a log
# shipper (LOG_FORMAT=json); Payara's own start-up messages only with LOG_LEVEL=DEBUG (its warnings
# and errors always). Payara Micro takes its logging from this file alone (--logProperties).
log_format=${LOG_FORMAT:-text}
case "$log_format" in
  text|json) ;;
  *) echo "LOG_FORMAT='$log_format' is not valid: expected text or json" >&2; exit 78 ;;
esac
# This run's private folder (a random name, never a predictable /tmp path another user could plant),
# removed when the exporter ends: the logging file (Payara reads it more than once while it starts, so
# it must outlive this script, which becomes the JVM) and, in demo mode, the demo's key and set-up token
# (EXPORTER_RUN_DIR). A watcher that ignores SIGTERM removes the folder once the JVM's PID is gone.
run_dir=$(mktemp -d "${TMPDIR:-/tmp}/tesla-exporter-run.XXXXXXXX")
export EXPORTER_RUN_DIR="$run_dir"
logging="$run_dir/logging.properties"
launcher=$$
( trap '' TERM INT HUP
  while kill -0 "$launcher" 2>/dev/null; do sleep 2; done
  rm -rf "$run_dir" ) </dev/null >/dev/null 2>&1 &
{
  echo "handlers=java.util.logging.ConsoleHandler"
  echo "java.util.logging.ConsoleHandler.level=FINEST"
  if [[ $log_format == json ]]; then
    echo "java.util.logging.ConsoleHandler.formatter=fish.payara.enterprise.server.logging.JSONLogFormatter"
  else
    echo "java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter"
    echo "java.util.logging.SimpleFormatter.format=%1\$tFT%1\$tT.%1\$tL%1\$tz %4\$s %3\$s: %5\$s%6\$s%n"
  fi
  echo ".level=INFO"
  # Payara's own start-up messages with the application's DEBUG levels (SettingsReader: DEBUG/FINE, TRACE/FINEST)
  log_level=${LOG_LEVEL:-INFO}
  case "${log_level^^}" in
    DEBUG|FINE|TRACE|FINEST) ;;
    *)
      for chatty in PayaraMicro fish.payara javax.enterprise jakarta.enterprise jakarta.enterprise.web org.glassfish \
                    com.sun.enterprise org.jboss.weld org.eclipse.krazo io.opentelemetry org.hibernate.validator \
                    org.flywaydb org.eclipse.persistence; do
        echo "$chatty.level=WARNING"
      done
      # Payara's own trust store holds expired CA certificates; Tesla's are checked by the JDK's
      echo "javax.enterprise.system.security.ssl.level=SEVERE"
      ;;
  esac
} >"$logging"

# A cluster of exporters (docs/cluster.md): off unless CLUSTER_MEMBERS (TCP/IP discovery: every member's
# host:port, this one included) or CLUSTER_KUBERNETES_SERVICE (the headless service's DNS name) is set. Payara
# Micro's Hazelcast then starts with docker/hazelcast.xml, filled from these settings; otherwise it does not
# start at all (--nohazelcast), exactly as a single exporter always ran.
invalid() { echo "$1='$2' is not valid: $3" >&2; exit 78; }
port_ok() { [[ $1 =~ ^[0-9]{1,5}$ ]] && (( 10#$1 >= 1 && 10#$1 <= 65535 )); }
hazelcast=(--nohazelcast)
cluster_props=()
members=${CLUSTER_MEMBERS:-}
kubernetes=${CLUSTER_KUBERNETES_SERVICE:-}
# a member started as part of a cluster (the Compose profile's, the Kubernetes StatefulSet's) never runs alone:
# alone, it would read the same cars as the others and pay for them twice
if [[ ${CLUSTER_REQUIRED:-} == true && -z $members && -z $kubernetes ]]; then
  echo "CLUSTER_REQUIRED=true but neither CLUSTER_MEMBERS nor CLUSTER_KUBERNETES_SERVICE is set: this exporter is a member of a cluster (docs/cluster.md) and does not start alone" >&2
  exit 78
fi
if [[ -n $members || -n $kubernetes ]]; then
  [[ -n $members && -n $kubernetes ]] && { echo "CLUSTER_MEMBERS and CLUSTER_KUBERNETES_SERVICE are both set: choose one way to find the members" >&2; exit 78; }
  cluster_port=${CLUSTER_PORT:-5701}
  port_ok "$cluster_port" || invalid CLUSTER_PORT "$cluster_port" "expected this member's Hazelcast port (1-65535), e.g. 5701"
  cluster_name=${CLUSTER_NAME:-tesla-exporter}
  [[ $cluster_name =~ ^[A-Za-z0-9._-]{1,64}$ ]] || invalid CLUSTER_NAME "$cluster_name" "expected 1-64 letters, digits, '.', '_' or '-'"
  # the secret itself is never printed, nor put on a command line
  secret=${CLUSTER_SECRET:-}
  if (( ${#secret} < 16 )); then
    echo "CLUSTER_SECRET is missing or shorter than 16 characters: every member of a cluster needs the same secret (e.g. openssl rand -hex 32)" >&2
    exit 78
  fi
  count=0
  if [[ -n $members ]]; then
    IFS=',' read -ra listed <<<"$members"
    for member in "${listed[@]}"; do
      member=${member// /}
      [[ $member =~ ^[A-Za-z0-9.-]+:([0-9]+)$ ]] && port_ok "${BASH_REMATCH[1]}"         || invalid CLUSTER_MEMBERS "$members" "expected every member's host:port, this one included, separated by commas (e.g. 10.0.0.1:5701,10.0.0.2:5701,10.0.0.3:5701)"
      count=$(( count + 1 ))
    done
  else
    [[ $kubernetes =~ ^[A-Za-z0-9.-]+$ ]] || invalid CLUSTER_KUBERNETES_SERVICE "$kubernetes" "expected the DNS name of the members' headless service, e.g. tesla-exporter-cluster.monitoring.svc.cluster.local"
    count=${CLUSTER_SIZE:-3}
    [[ $count =~ ^[0-9]{1,2}$ ]] && (( 10#$count >= 2 )) || invalid CLUSTER_SIZE "$count" "expected how many exporters the cluster has, e.g. 3"
    count=$(( 10#$count ))
  fi
  # the CP subsystem (the refresh lock, the newest token pair) needs three members; with two it runs in
  # Hazelcast's "unsafe mode" (docs/cluster.md says which guarantees remain)
  cp_members=0
  (( count >= 3 )) && cp_members=3
  # the shared maps answer only on a side that hears from a majority (hazelcast.xml): ClusterSettings.quorum()
  quorum=$(( count / 2 + 1 ))
  protection=tesla-exporter-none
  (( count >= 3 )) && protection=tesla-exporter-majority
  address=${CLUSTER_ADDRESS:-}
  [[ -z $address || $address =~ ^[A-Za-z0-9.:-]+$ ]] || invalid CLUSTER_ADDRESS "$address" "expected the address the other members reach this one at, e.g. 10.0.0.1"
  # without its file, Payara's Hazelcast would start on its defaults (multicast, no secret, another name):
  # never a member of the cluster, and open to anyone on the network
  hazelcast_xml="$(cd "$(dirname "$0")" && pwd)/hazelcast.xml"
  [[ -r $hazelcast_xml ]] || { echo "$hazelcast_xml is missing: a cluster member needs it beside run-exporter.sh (docker/hazelcast.xml)" >&2; exit 78; }
  digest=$(printf '%s\n%s' "$cluster_name" "$secret" | sha256sum | cut -c1-32)
  # Hazelcast refuses an empty <members> even with TCP/IP discovery off ("member must contain text": every pod
  # of the StatefulSet failed to start so): with Kubernetes' discovery the list names this member only, unused
  tcpip_members=${members// /}
  [[ -z $tcpip_members ]] && tcpip_members="127.0.0.1:$cluster_port"
  hazelcast=()
  cluster_props=(-Dhazelcast.config="$hazelcast_xml"
    -Dtesla.cluster.name="$cluster_name-$digest" -Dtesla.cluster.port="$cluster_port"
    -Dtesla.cluster.tcpip="$([[ -n $members ]] && echo true || echo false)" -Dtesla.cluster.members="$tcpip_members"
    -Dtesla.cluster.kubernetes="$([[ -n $kubernetes ]] && echo true || echo false)" -Dtesla.cluster.kubernetes.service="$kubernetes"
    -Dtesla.cluster.cp.members="$cp_members" -Dtesla.cluster.quorum="$quorum" -Dtesla.cluster.protection="$protection"
    -Dtesla.cluster.failure.seconds=10
    -Dtesla.cluster.session.seconds=10 -Dtesla.cluster.cp.removal.seconds=30)
  [[ -n $address ]] && cluster_props+=(-Dhazelcast.local.localAddress="$address")
  unset secret
fi

heap=-Xmx256m
limit=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || echo max)
# a real limit (cgroup v1 reports "no limit" as a huge number)
if [[ $limit =~ ^[0-9]+$ ]] && (( limit < 1 << 50 )); then heap=-XX:MaxRAMPercentage=50; fi
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec "$java_cmd" "$heap" -Xms16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseSerialGC \
  -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData ${JAVA_OPTS:-} \
  "${cluster_props[@]}" "${launch[@]}" \
  "${hazelcast[@]}" --disablephonehome --logProperties "$logging" \
  --prebootcommandfile "$(dirname "$0")/payara-preboot.asadmin" \
  --contextroot / \
  --port "$port" \
  --deploy "$war"
