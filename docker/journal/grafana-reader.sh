#!/bin/sh
# The journal profile's PostgreSQL (docker/compose.yaml): run by the postgres image once, when it creates
# the database. Makes Grafana's login to the journal read-only: grafana_reader may read every table the
# exporter (POSTGRES_USER, who owns them: Flyway creates them at the exporter's start) makes in the
# schema, and write none. Safe to run again (the password is set anew).
set -eu
if [ -z "${JOURNAL_GRAFANA_PASSWORD:-}" ]; then
  echo "JOURNAL_GRAFANA_PASSWORD is empty in docker/.env: Grafana gets no login to the journal" >&2
  exit 1
fi
psql -v ON_ERROR_STOP=1 -q --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v reader_password="$JOURNAL_GRAFANA_PASSWORD" -v owner="$POSTGRES_USER" -v db="$POSTGRES_DB" <<'SQL'
SELECT format('CREATE ROLE grafana_reader LOGIN PASSWORD %L', :'reader_password')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'grafana_reader') \gexec
SELECT format('ALTER ROLE grafana_reader LOGIN PASSWORD %L', :'reader_password') \gexec
GRANT CONNECT ON DATABASE :"db" TO grafana_reader;
GRANT USAGE ON SCHEMA public TO grafana_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
SQL
