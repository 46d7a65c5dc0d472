#!/bin/sh
# Renders alertmanager.yml with ALERT_WEBHOOK_URL and starts Alertmanager (the Compose service's
# entrypoint; the stack test runs it with Debian's binary). Without a URL, alerts go nowhere.
#   ALERT_WEBHOOK_FORMAT: auto (default: ntfy for ntfy.sh and ntfy.* hosts, else json), ntfy, json.
#     ntfy adds ntfy's message template to the URL (ntfy 2.10 or later), so the phone shows the
#     alert's summary as the title and its description as the text instead of Alertmanager's JSON;
#     a URL that brings its own tpl=/template= is left as it is.
#   ALERTMANAGER_BIN (default /bin/alertmanager), ALERTMANAGER_CONFIG (the template, default beside
#   this script), ALERTMANAGER_RENDERED (default /tmp/alertmanager.yml); further arguments go to Alertmanager.
set -eu

# ntfy renders these with Go's text/template over Alertmanager's webhook JSON ("\n" is a new line).
NTFY_TITLE='{{if eq .status "resolved"}}Resolved: {{end}}{{with .commonAnnotations.summary}}{{.}}{{else}}{{.commonLabels.alertname}}{{end}}'
NTFY_MESSAGE='{{range .alerts}}{{if .annotations.description}}{{.annotations.description}}{{else if .annotations.summary}}{{.annotations.summary}}{{else}}{{.labels.alertname}}{{end}}\n{{end}}'

# percent-encodes its argument for a URL query (every byte but letters, digits and -._~)
urlencode() {
  printf '%s' "$1" | awk 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
    { if (NR > 1) out = out "%0A"
      for (i = 1; i <= length($0); i++) { c = substr($0, i, 1); out = out (c ~ /[A-Za-z0-9._~-]/ ? c : sprintf("%%%02X", ord[c])) } }
    END { printf "%s", out }'
}
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
format=${ALERT_WEBHOOK_FORMAT:-auto}
if [ "$format" = auto ]; then
  host=${url#*://}; host=${host%%/*}; host=${host##*@}; host=${host%%:*}
  case "$host" in
    ntfy.sh|ntfy.*) format=ntfy ;;
    *) format=json ;;
  esac
fi
case "$format" in
  json) ;;
  ntfy)
    case "$url" in
      '') ;;
      *'?tpl='*|*'&tpl='*|*'?template='*|*'&template='*) ;;
      *) case "$url" in *'?'*) sep='&' ;; *) sep='?' ;; esac
         url="$url${sep}tpl=yes&tags=car&t=$(urlencode "$NTFY_TITLE")&m=$(urlencode "$NTFY_MESSAGE")" ;;
    esac ;;
  *) echo "ALERT_WEBHOOK_FORMAT must be auto, ntfy or json, not '$format'" >&2; exit 78 ;;
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
