#!/usr/bin/env bash
# The stand-in postgres image's start (Dockerfile.postgres): the official image's contract as the stack uses it.
# On an empty data directory: a cluster whose superuser is POSTGRES_USER with POSTGRES_PASSWORD, the database
# POSTGRES_DB, then every /docker-entrypoint-initdb.d/*.sh (sourced, as the official image does with
# non-executable scripts); then PostgreSQL on every address, password logins only.
set -euo pipefail
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is empty}"
export POSTGRES_USER=${POSTGRES_USER:-postgres} POSTGRES_DB=${POSTGRES_DB:-${POSTGRES_USER:-postgres}}
if [[ ! -s $PGDATA/PG_VERSION ]]; then
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  [[ $POSTGRES_DB == postgres ]] || psql -q -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -c "CREATE DATABASE \"$POSTGRES_DB\""
  for f in /docker-entrypoint-initdb.d/*.sh; do [[ -e $f ]] || continue; echo "running $f"; . "$f"; done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
