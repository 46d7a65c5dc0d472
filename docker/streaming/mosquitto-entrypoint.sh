#!/bin/sh
# Starts the streaming profile's Mosquitto with a login for each of its two clients and an ACL (the
# Compose service's entrypoint; MosquittoEntrypointTest runs it with Debian's Mosquitto under busybox):
#   - fleet-telemetry (MQTT_TELEMETRY_USERNAME, default fleet-telemetry) may only write under the
#     topic base, the exporter (MQTT_EXPORTER_USERNAME, default tesla-exporter) may only read it;
#     anonymous clients are refused. Whoever could publish could make the exporter believe a car is
#     locked and parked, so nobody else can.
#   - the passwords MQTT_TELEMETRY_PASSWORD and MQTT_EXPORTER_PASSWORD are required, at least 16
#     characters of A-Z a-z 0-9 . _ ~ - (e.g. openssl rand -hex 24); without them it does not start (78).
#   - the fleet-telemetry server's config (the template beside this script) gets its login and is
#     written to MQTT_SHARED_DIR/fleet-telemetry.json, which that service reads.
# Files: MQTT_CONFIG_DIR (default: beside this script) holds mosquitto.conf and fleet-telemetry.json;
# MQTT_RUN_DIR (default /mosquitto/data) receives the password file, the ACL and the final config.
# MQTT_PORT (default 1883), MQTT_TOPIC_BASE (default telemetry), MOSQUITTO_BIN, MOSQUITTO_PASSWD_BIN.
set -eu

config_dir=${MQTT_CONFIG_DIR:-$(dirname "$0")}
run_dir=${MQTT_RUN_DIR:-/mosquitto/data}
shared_dir=${MQTT_SHARED_DIR:-/mosquitto/shared}
port=${MQTT_PORT:-1883}
base=${MQTT_TOPIC_BASE:-telemetry}
telemetry_user=${MQTT_TELEMETRY_USERNAME:-fleet-telemetry}
exporter_user=${MQTT_EXPORTER_USERNAME:-tesla-exporter}
mosquitto=${MOSQUITTO_BIN:-/usr/sbin/mosquitto}
passwd_bin=${MOSQUITTO_PASSWD_BIN:-/usr/bin/mosquitto_passwd}

# fleet-telemetry waits for this file (the service's health check): never one from an earlier start
rm -f "$shared_dir/fleet-telemetry.json"

refuse() {
  echo "$1" >&2
  exit 78
}
# a name or a password for the files below: no spaces, quotes or characters a file or JSON would read otherwise
check() {
  name=$1 value=$2 min=$3
  case "$value" in
    '') refuse "$name is not set: the streaming profile's broker accepts only logged-in clients (docker/.env; e.g. openssl rand -hex 24)" ;;
    *[!A-Za-z0-9._~-]*) refuse "$name may hold only A-Z a-z 0-9 . _ ~ - (e.g. openssl rand -hex 24)" ;;
  esac
  [ "${#value}" -ge "$min" ] || refuse "$name must have at least $min characters (e.g. openssl rand -hex 24)"
}
check MQTT_TELEMETRY_USERNAME "$telemetry_user" 1
check MQTT_EXPORTER_USERNAME "$exporter_user" 1
[ "$telemetry_user" != "$exporter_user" ] || refuse "MQTT_TELEMETRY_USERNAME and MQTT_EXPORTER_USERNAME must differ"
check MQTT_TELEMETRY_PASSWORD "${MQTT_TELEMETRY_PASSWORD:-}" 16
check MQTT_EXPORTER_PASSWORD "${MQTT_EXPORTER_PASSWORD:-}" 16
case "$base" in
  ''|*[!A-Za-z0-9_./-]*|*//*|/*|*/) refuse "MQTT_TOPIC_BASE must be a topic without wildcards, e.g. telemetry" ;;
esac
case "$port" in
  ''|*[!0-9]*) refuse "MQTT_PORT must be a TCP port number" ;;
esac

mkdir -p "$run_dir" "$shared_dir"
umask 077
rm -f "$run_dir/passwd"
"$passwd_bin" -b -c "$run_dir/passwd" "$telemetry_user" "$MQTT_TELEMETRY_PASSWORD" >/dev/null
"$passwd_bin" -b "$run_dir/passwd" "$exporter_user" "$MQTT_EXPORTER_PASSWORD" >/dev/null
cat >"$run_dir/acl" <<ACL
user $telemetry_user
topic write $base/#
user $exporter_user
topic read $base/#
ACL
{
  cat "$config_dir/mosquitto.conf"
  echo "listener $port"
  echo "allow_anonymous false"
  echo "password_file $run_dir/passwd"
  echo "acl_file $run_dir/acl"
} >"$run_dir/mosquitto.conf"
# Mosquitto reads its files as its own user after it has dropped root
if [ "$(id -u)" = 0 ] && id mosquitto >/dev/null 2>&1; then
  chown mosquitto "$run_dir/passwd" "$run_dir/acl" "$run_dir/mosquitto.conf"
fi

# fleet-telemetry's config with its login (the template has "username": "", "password": "")
umask 022
sed -e "s/\"username\": *\"[^\"]*\"/\"username\": \"$telemetry_user\"/" \
    -e "s/\"password\": *\"[^\"]*\"/\"password\": \"$MQTT_TELEMETRY_PASSWORD\"/" \
    -e "s#\"topic_base\": *\"[^\"]*\"#\"topic_base\": \"$base\"#" \
    "$config_dir/fleet-telemetry.json" >"$shared_dir/fleet-telemetry.json.tmp"
mv "$shared_dir/fleet-telemetry.json.tmp" "$shared_dir/fleet-telemetry.json"

exec "$mosquitto" -c "$run_dir/mosquitto.conf"
