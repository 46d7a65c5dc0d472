#!/bin/sh
# Renders alertmanager.yml with ALERT_WEBHOOK_URL and starts Alertmanager (the Compose service's
# entrypoint; the stack test runs it with Debian's binary). Without a URL, alerts go nowhere.
#   ALERTMANAGER_BIN (default /bin/alertmanager), ALERTMANAGER_CONFIG (the template, default beside
#   this script), ALERTMANAGER_RENDERED (default /tmp/alertmanager.yml); further arguments go to Alertmanager.
set -eu
bin=${ALERTMANAGER_BIN:-/bin/alertmanager}
template=${ALERTMANAGER_CONFIG:-$(dirname "$0")/alertmanager.yml}
rendered=${ALERTMANAGER_RENDERED:-/tmp/alertmanager.yml}
url=${ALERT_WEBHOOK_URL:-}
case "$url" in
  '') echo "ALERT_WEBHOOK_URL is not set: alerts are shown at Alertmanager's page but sent nowhere" >&2 ;;
  http://*|https://*) ;;
  *) echo "ALERT_WEBHOOK_URL must be an http(s) URL, e.g. https://ntfy.sh/your-secret-topic" >&2; exit 78 ;;
esac
case "$url" in
  *'"'*|*'\'*) echo "ALERT_WEBHOOK_URL must not contain quotes or backslashes" >&2; exit 78 ;;
esac
# plain text replacement (awk's index/substr: '&' and '?' in the URL stay as they are)
target=${url:-http://127.0.0.1:9/unused}
silent=0
[ -n "$url" ] || silent=1
awk -v url="$target" -v silent="$silent" '
  function put(s, from, to,   i) {
    while ((i = index(s, from)) > 0) s = substr(s, 1, i - 1) to substr(s, i + length(from))
    return s
  }
  { $0 = put($0, "__ALERT_WEBHOOK_URL__", url); if (silent) $0 = put($0, "receiver: phone", "receiver: nowhere"); print }
' "$template" > "$rendered"
exec "$bin" --config.file="$rendered" "$@"
