#!/usr/bin/env bash
# Health check of the exporter (Docker HEALTHCHECK): healthy only when the application itself answers
# its readiness check — Payara keeps running and answering after a failed deployment. Needs only bash.
set -u
port=${EXPORTER_PORT:-9090}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
response=$(timeout 4 cat <&3)
grep -q '^HTTP/1\.[01] 200' <<<"$response" && grep -q '"name":"tesla-exporter","status":"UP"' <<<"$response"
