#!/usr/bin/env bash
# Starts the Tesla exporter WAR on Payara Micro at the root context.
# The one launch command: the Docker image, `mvn -Pdemo` / `mvn -Prun` and the launcher
# integration test all run this script, so what is tested is what users run.
#
#   run-exporter.sh PAYARA_MICRO_JAR WAR
#
# Settings come from the environment (see README, "Configuration"); EXPORTER_PORT picks the port,
# JAVA_OPTS the JVM options (default: a heap sized for a small home server).
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

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec "$java_cmd" ${JAVA_OPTS:--Xmx256m -XX:+UseSerialGC} \
  -jar "$payara_jar" \
  --nohazelcast --disablephonehome \
  --prebootcommandfile "$(dirname "$0")/payara-preboot.asadmin" \
  --contextroot / \
  --port "$port" \
  --deploy "$war"
