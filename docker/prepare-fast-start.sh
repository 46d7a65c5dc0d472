#!/usr/bin/env bash
# Prepares a fast start of Payara Micro (used by the Docker image's build and by `mvn -Pfast-start`
# style local set-ups; the launch script uses it when PAYARA_ROOT points at the result):
#   1. an unpacked runtime in a fixed folder (--rootdir, --outputlauncher): no unpacking at each start;
#   2. a class data sharing archive of every JDK and Payara class a start with the exporter loads.
# The runtime folder must stay where it was made (the archive records its path), must be writable
# by the user that runs the exporter (Payara keeps its configuration there), and serves one
# exporter at a time.
#
#   prepare-fast-start.sh PAYARA_MICRO_JAR WAR ROOT_DIR
#
# Leaves ROOT_DIR/launch-micro.jar and ROOT_DIR/payara.jsa. Takes about a minute on two cores.
set -euo pipefail

payara_jar=${1:?usage: prepare-fast-start.sh PAYARA_MICRO_JAR WAR ROOT_DIR}
war=${2:?usage: prepare-fast-start.sh PAYARA_MICRO_JAR WAR ROOT_DIR}
root=${3:?usage: prepare-fast-start.sh PAYARA_MICRO_JAR WAR ROOT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
java_cmd=java
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then java_cmd="$JAVA_HOME/bin/java"; fi

root=$(mkdir -p "$root" && cd "$root" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A start with the exporter deployed, in demo mode, recording the classes it loads; --warmup stops
# after deployment. It leaves the WAR deployed in the folder, so the folder is made again after.
"$java_cmd" -jar "$payara_jar" --rootdir "$root" --outputlauncher >"$work/launcher.log" 2>&1
TESLA_DEMO=true DATA_DIR="$work/data" "$java_cmd" -Xshare:off -XX:DumpLoadedClassList="$work/classes.lst" \
  -jar "$root/launch-micro.jar" --nohazelcast --disablephonehome \
  --prebootcommandfile "$here/payara-preboot.asadmin" --contextroot / --port "$(( 20000 + RANDOM % 20000 ))" --deploy "$war" --warmup \
  >"$work/warmup.log" 2>&1 || { tail -20 "$work/warmup.log" >&2; exit 1; }
rm -rf "$root"
"$java_cmd" -jar "$payara_jar" --rootdir "$root" --outputlauncher >"$work/launcher.log" 2>&1
"$java_cmd" -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" -XX:SharedArchiveFile="$root/payara.jsa" \
  -jar "$root/launch-micro.jar" >"$work/dump.log" 2>&1 || { tail -20 "$work/dump.log" >&2; exit 1; }
# The launch script puts this configuration back before each start, so nothing of a previous run
# (its deployment above all, which Payara would deploy a second time) carries over.
cp "$root/config/domain.xml" "$root/config/domain.xml.pristine"
echo "fast start prepared in $root ($(grep -c . "$work/classes.lst") classes archived)"
