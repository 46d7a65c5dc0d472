#!/usr/bin/env bash
# The Compose profile `cluster` run for real (docs/cluster.md, "With Compose"): docker/compose.yaml's three
# exporters, PostgreSQL, Prometheus and Alertmanager on a Docker engine, set up as an owner does
# (docker/.env from .env.example, `--profile cluster up -d`), against an AccountsFake on this machine
# (3 accounts x CARS/3 driving cars, single-use refresh tokens, each account refreshing every few seconds),
# the logins on the first member's volume only. Checks, each within a bound, and prints the figures:
#   - all three containers healthy and one cluster: tesla_exporter_cluster_members 3 on each
#   - every car read, and each car's series served by exactly one member
#   - Prometheus (in the stack) scrapes the three members, sees every car once
#   - the journal's tables in the stack's PostgreSQL, and its read-only role for Grafana
#   - a member's Java killed (kill -9): Docker restarts it (restart: unless-stopped); every car read again
#     within one interval plus detection (70 s), none twice (shortest wait > 30 s); the member back in the
#     cluster with a share of the cars; every account logged in on every member, no refresh token used twice
#   - a container without the cluster secret on the same network is not let in
#   - then Kubernetes' discovery without Kubernetes: three containers with the StatefulSet's settings behind one
#     DNS name (a network alias, as a headless service) form one cluster and read every car with the logins
# Exit 0 when every check holds; on a failure, the containers' logs are kept in target/compose-check.
#
#   mvn -q package -DskipTests && src/check/compose-cluster.sh [CARS]     # default 30; about 8 min, 2 more the first time
#
# Needs a Docker engine and Compose (`docker compose` or docker-compose). Where Docker Hub cannot be reached,
# the upstream images (maven, payara/micro, postgres, prom/prometheus, prom/alertmanager) are replaced by
# stand-ins built here from Debian's packages (src/check/standins, a Debian base made with debootstrap): the
# stack's files are then tested, not the upstream images. COMPOSE_CHECK_STANDINS=1 forces the stand-ins,
# =0 forbids them. Settings: COMPOSE_CHECK_FAKE_PORT (19299), COMPOSE_CHECK_PROJECT (tesla-check).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

cars=${1:-30}
accounts=3
per_account=$(( cars / accounts )); cars=$(( per_account * accounts ))
fake_port=${COMPOSE_CHECK_FAKE_PORT:-19299}
project=${COMPOSE_CHECK_PROJECT:-tesla-check}
interval=60

fail() { echo "FAILED: $*" >&2; exit 1; }
say() { printf '%s  %s\n' "$(date +%T)" "$*"; }
[[ -f target/test-classes/org/teslaexporter/bench/AccountsFake.class ]] || fail "build first: mvn -q package -DskipTests"
docker info >/dev/null 2>&1 || fail "no Docker engine answers (docker info)"
if docker compose version >/dev/null 2>&1; then compose=(docker compose); elif command -v docker-compose >/dev/null; then compose=(docker-compose);
else fail "Compose is missing (docker compose or docker-compose)"; fi

work=$(mktemp -d /tmp/tesla-compose-check.XXXXXX)
fake=""
dc() { (cd "$work/repo/docker" && "${compose[@]}" -p "$project" "${files[@]}" --profile cluster "$@"); }
cleanup() {
  local rc=$?
  if (( rc != 0 )) && [[ -d $work/repo/docker ]]; then
    rm -rf target/compose-check && mkdir -p target/compose-check
    dc logs --no-color >target/compose-check/containers.log 2>&1 || true
    for p in "$project-pod-0" "$project-pod-1" "$project-pod-2"; do docker logs "$p" >"target/compose-check/$p.log" 2>&1 || true; done
    cp "$work/fake.log" target/compose-check/ 2>/dev/null || true
    echo "logs kept in target/compose-check" >&2
  fi
  docker rm -f "$project-stranger" "$project-pod-0" "$project-pod-1" "$project-pod-2" >/dev/null 2>&1 || true
  docker volume rm "$project-pod-0" "$project-pod-1" "$project-pod-2" >/dev/null 2>&1 || true
  [[ -d $work/repo/docker ]] && dc down -v --remove-orphans >/dev/null 2>&1 || true
  [[ -n $fake ]] && kill "$fake" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# --- The images: upstream where they can be pulled, else stand-ins ---------------------------------------
upstream=(maven:3.9.9-eclipse-temurin-17 payara/micro:6.2025.10-jdk17 postgres:16.4 prom/prometheus:v2.53.2 prom/alertmanager:v0.27.0)
standins=${COMPOSE_CHECK_STANDINS:-auto}
if [[ $standins == auto ]]; then
  standins=0
  for image in "${upstream[@]}"; do
    docker image inspect "$image" >/dev/null 2>&1 || timeout 120 docker pull -q "$image" >/dev/null 2>&1 || { standins=1; break; }
  done
fi
files=(-f compose.yaml)
if [[ $standins == 1 ]]; then
  say "Docker Hub out of reach: stand-in images from Debian's packages (src/check/standins)"
  if ! docker image inspect tesla-check/debian:bookworm >/dev/null 2>&1; then
    command -v debootstrap >/dev/null || fail "debootstrap is missing (apt-get install debootstrap)"
    root="$work/rootfs"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
      || { tail "$work/debootstrap.log" >&2; fail "debootstrap"; }
    # this machine's own trusted authorities, for a network that inspects TLS (Maven Central from the build stage)
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null \
      && chroot "$root" update-ca-certificates >/dev/null
    tar -C "$root" -c . | docker import - tesla-check/debian:bookworm >/dev/null
    rm -rf "$root"
  fi
  mkdir -p "$work/standins"
  cp src/check/standins/* "$work/standins/"
  cp target/payara-micro.jar "$work/standins/payara-micro.jar" 2>/dev/null \
    || fail "target/payara-micro.jar is missing: mvn -q package -DskipTests"
  for name in maven payara-micro postgres prometheus alertmanager; do
    say "stand-in $name"
    docker build -q -t "tesla-check/$name:standin" -f "$work/standins/Dockerfile.$name" "$work/standins" >/dev/null 2>"$work/standin.log" \
      || { tail -20 "$work/standin.log" >&2; fail "the stand-in $name did not build"; }
  done
  cat >"$work/standins.yaml" <<'EOF'
services:
  tesla-exporter:
    build:
      args:
        BUILD_IMAGE: tesla-check/maven:standin
        PAYARA_IMAGE: tesla-check/payara-micro:standin
  postgres:
    image: tesla-check/postgres:standin
  prometheus:
    image: tesla-check/prometheus:standin
  alertmanager:
    image: tesla-check/alertmanager:standin
EOF
  files+=(-f "$work/standins.yaml")
fi

# --- The project as an owner has it, with docker/.env made from .env.example -----------------------------
mkdir -p "$work/repo"
tar -C "$repo" -c --exclude=./target --exclude=./.git --exclude=./docker/.env --exclude=./docker/grafana.env . | tar -C "$work/repo" -x
secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
db_password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
reader_password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
set_env() { sed -i -E "s|^$1=.*|$1=$2|" "$work/repo/docker/.env"; grep -q "^$1=" "$work/repo/docker/.env" || echo "$1=$2" >>"$work/repo/docker/.env"; }
cp "$work/repo/docker/.env.example" "$work/repo/docker/.env"
cp "$work/repo/docker/grafana.env.example" "$work/repo/docker/grafana.env"
set_env TESLA_CLIENT_ID compose-check
set_env DRIVING_POLL_INTERVAL_SECONDS $interval
set_env POLL_INTERVAL_SECONDS $interval
set_env MONTHLY_BUDGET_USD 0
set_env CLUSTER_MEMBERS tesla-exporter:5701,tesla-exporter-2:5701,tesla-exporter-3:5701
set_env CLUSTER_SECRET "$secret"
set_env JOURNAL_JDBC_URL jdbc:postgresql://postgres:5432/tesla
set_env JOURNAL_DB_USER tesla_exporter
set_env JOURNAL_DB_PASSWORD "$db_password"
set_env JOURNAL_GRAFANA_PASSWORD "$reader_password"

# a clean start: nothing left of an earlier run of this project (its volumes would hold spent logins)
docker rm -f "$project-stranger" "$project-pod-0" "$project-pod-1" "$project-pod-2" >/dev/null 2>&1 || true
docker volume rm "$project-pod-0" "$project-pod-1" "$project-pod-2" >/dev/null 2>&1 || true
dc down -v --remove-orphans >/dev/null 2>&1 || true

# --- The fake Tesla, reachable from the containers at their network's gateway -----------------------------
mkdir -p "$work/seed"
java -Xmx256m -Dfake.bind=0.0.0.0 -cp target/test-classes org.teslaexporter.bench.AccountsFake "$fake_port" "$accounts" "$per_account" \
  0 0 604 "$work/seed" src/test/resources/fixtures/vehicle_data.driving.json >"$work/fake.log" 2>&1 &
fake=$!
stat_of() { curl -s "http://127.0.0.1:$fake_port/stats${2:-}" | awk -v k="$1" '$1 == k { print $2 }'; }
for _ in $(seq 100); do stat_of reads >/dev/null && [[ -n $(stat_of reads) ]] && break; sleep 0.1; done
[[ -n $(stat_of reads) ]] || fail "the fake Tesla did not start: $(tail -3 "$work/fake.log")"

# --- Up, as docs/cluster.md says, with the logins on the first member's volume ----------------------------
services=(tesla-exporter tesla-exporter-2 tesla-exporter-3 postgres prometheus alertmanager)
say "building the exporter's image (docker/Dockerfile)"
dc build -q tesla-exporter >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; fail "docker/Dockerfile did not build"; }
dc up --no-start "${services[@]}" >/dev/null 2>&1 || dc up --no-start "${services[@]}"
# the fake is reached at the host's address on the stack's network: its gateway (Docker 20.10 takes the first
# address of ip_range, 172.28.0.128, not 172.28.0.1), known once the network exists; `up -d` then makes the
# containers anew with it
network=$(docker network inspect -f '{{.Id}}' "${project}_default")
gateway=$(ip -4 -o addr show "br-${network:0:12}" 2>/dev/null | awk '{ print $4 }' | cut -d/ -f1)
[[ -n $gateway ]] || fail "the address of the stack's network on this machine was not found (br-${network:0:12})"
set_env TESLA_API_BASE "http://$gateway:$fake_port"
set_env TESLA_TOKEN_BASE "http://$gateway:$fake_port"
# the accounts' token files in DATA_DIR/accounts (docs/accounts.md), as the image's user (the new volume takes
# /data's owner from the image)
docker run --rm -v "${project}_tesla-data:/data" -v "$work/seed:/seed:ro" --entrypoint bash tesla-exporter:local -c \
  "cp -r /seed/accounts /data/ && ls /data/accounts/acct-0/token.json" >/dev/null || fail "the logins could not be put on the first member's volume"
started=$(date +%s)
dc up -d "${services[@]}" >"$work/up.log" 2>&1 || { cat "$work/up.log" >&2; fail "compose up"; }

container() { dc ps -q "$1"; }
address() { docker inspect -f "{{with index .NetworkSettings.Networks \"${project}_default\"}}{{.IPAddress}}{{end}}" "$(container "$1")"; }
metric_at() {   # metric_at IP NAME: the sum of NAME's samples on the exporter at IP (empty while it does not answer)
  { curl -s -m 5 "http://$1:9090/metrics?scope=application&name=$2" || true; } | awk -v n="$2" '$1 ~ "^"n"({|$)" { s += $NF; seen = 1 } END { if (seen) print s }'
}
metric() {   # metric SERVICE NAME: the same on that Compose member
  local ip; ip=$(address "$1") || return 0
  metric_at "$ip" "$2"
}
members=(tesla-exporter tesla-exporter-2 tesla-exporter-3)
each() { local out=""; for m in "${members[@]}"; do out+="$(metric "$m" "$1" || true) "; done; echo "$out"; }
await() {   # await SECONDS WHAT COMMAND...: until COMMAND succeeds, else fail
  local bound=$1 what=$2 t0; shift 2; t0=$(date +%s)
  until "$@"; do (( $(date +%s) - t0 < bound )) || fail "$what (not within $bound s)"; sleep 1; done
}
healthy() { for m in "${members[@]}"; do [[ $(docker inspect -f '{{.State.Health.Status}}' "$(container "$m")") == healthy ]] || return 1; done; }
one_cluster() { [[ $(each tesla_exporter_cluster_members) == "3 3 3 " ]]; }
all_read() { (( $(stat_of cars_read) >= cars )); }
shares_sum() { local s=0 v; for v in $(each tesla_exporter_monitored_vehicles); do s=$((s + v)); done; echo $s; }
shared_out() { [[ $(shares_sum) == "$cars" ]] && ! each tesla_exporter_monitored_vehicles | grep -qw 0; }

say "up; waiting for three healthy members in one cluster"
await 300 "three healthy members" healthy
healthy_after=$(( $(date +%s) - started ))
await 120 "one cluster of three (tesla_exporter_cluster_members: $(each tesla_exporter_cluster_members))" one_cluster
stat_of reads /reset >/dev/null
await 180 "every car read" all_read
await 120 "each car on exactly one member (cars per member: $(each tesla_exporter_monitored_vehicles))" shared_out
first_read=$(( $(date +%s) - started ))
first_shares=$(each tesla_exporter_monitored_vehicles)
say "healthy after ${healthy_after} s, every car read after ${first_read} s; cars per member: $first_shares"

# each car's series on exactly one member
vins=$(for m in "${members[@]}"; do curl -s -m 5 "http://$(address "$m"):9090/metrics?scope=application&name=tesla_battery_level_percent" \
  | sed -nE 's/^tesla_battery_level_percent\{.*vin="([^"]+)".*/\1/p'; done | sort)
[[ $(wc -l <<<"$vins") == "$cars" && -z $(uniq -d <<<"$vins") ]] \
  || fail "tesla_battery_level_percent: $(wc -l <<<"$vins") series for $cars cars, served twice: $(uniq -d <<<"$vins" | head -3 | tr '\n' ' ')"

# --- Prometheus in the stack: the three members, every car once ------------------------------------------
query() { curl -s -m 5 --data-urlencode "query=$1" http://127.0.0.1:9091/api/v1/query | sed -nE 's/.*"value":\[[^,]+,"([^"]+)"\].*/\1/p'; }
prometheus_sees_all() { [[ $(query 'count(up{job="tesla-exporter"} == 1)') == 3 && $(query 'count(tesla_battery_level_percent)') == "$cars" ]]; }
say "waiting for Prometheus to scrape the three members (every 60 s, names looked up every 30 s)"
await 200 "Prometheus scraping three members with every car once (up: $(query 'count(up{job="tesla-exporter"} == 1)'), cars: $(query 'count(tesla_battery_level_percent)'))" prometheus_sees_all
instances=$(curl -s -m 5 --data-urlencode 'query=up{job="tesla-exporter"}' http://127.0.0.1:9091/api/v1/query | grep -o '"instance":"[^"]*"' | sort | tr '\n' ' ')

# --- The journal in the stack's PostgreSQL --------------------------------------------------------------
psql_in() { dc exec -T postgres psql -qtA -U tesla_exporter -d tesla -c "$1"; }
tables=$(psql_in "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'" | tr -d '\r')
reader=$(psql_in "SELECT count(*) FROM pg_roles WHERE rolname = 'grafana_reader'" | tr -d '\r')
(( tables > 0 )) || fail "no journal tables in PostgreSQL"
[[ $reader == 1 ]] || fail "no grafana_reader role in PostgreSQL"

# --- A member's Java killed: Docker restarts it, the others read its cars meanwhile ------------------------
victim=tesla-exporter-3
victim_share=$(metric $victim tesla_exporter_monitored_vehicles)
restarts0=$(docker inspect -f '{{.RestartCount}}' "$(container $victim)")
stat_of reads /reset >/dev/null
kill -9 "$(docker inspect -f '{{.State.Pid}}' "$(container $victim)")"; killed=$(date +%s.%N)
say "killed $victim's Java (it had $victim_share cars)"
await 150 "every car read again after the kill (read: $(stat_of cars_read) of $cars)" all_read
read_again=$(awk -v a="$killed" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
restarted() { (( $(docker inspect -f '{{.RestartCount}}' "$(container $victim)") > restarts0 )); }
await 60 "Docker restarting $victim" restarted
back_in() { one_cluster && [[ $(metric $victim tesla_exporter_monitored_vehicles) -gt 0 ]] && [[ $(shares_sum) == "$cars" ]]; }
await 300 "$victim back in the cluster with a share (members: $(each tesla_exporter_cluster_members), cars: $(each tesla_exporter_monitored_vehicles))" back_in
back_after=$(awk -v a="$killed" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
back_shares=$(each tesla_exporter_monitored_vehicles)
# the fake measures a wait from a car's second read after its reset on: two intervals after the kill, every car has one
while (( $(date +%s) < ${killed%.*} + 2 * interval + 10 )); do sleep 1; done
shortest_ms=$(stat_of shortest_gap_ms)
(( shortest_ms >= 0 )) || fail "no car was read twice in the two intervals after the kill"
shortest=$(( shortest_ms / 1000 ))
awk -v s="$read_again" -v bound=$((interval + 10)) 'BEGIN { exit !(s <= bound) }' || fail "every car read again after $read_again s (bound $((interval + 10)) s)"
(( shortest > interval / 2 )) || fail "a car read twice across the hand-over (shortest wait $shortest s)"

# --- A stranger without the secret ----------------------------------------------------------------------
docker run -d --name "$project-stranger" --network "${project}_default" --env-file "$work/repo/docker/.env" \
  -e CLUSTER_SECRET=not-the-cluster-secret-0000 -e TESLA_TOKEN_BASE=http://127.0.0.1:9 -e TESLA_API_BASE=http://127.0.0.1:9 \
  tesla-exporter:local >/dev/null
say "a stranger without the secret started beside them"
sleep 45
[[ $(each tesla_exporter_cluster_members) == "3 3 3 " ]] || fail "the stranger changed the cluster: $(each tesla_exporter_cluster_members)"
stranger_members=$(docker exec "$project-stranger" bash -c 'exec 3<>/dev/tcp/127.0.0.1/9090; printf "GET /metrics?scope=application&name=tesla_exporter_cluster_members HTTP/1.0\r\n\r\n" >&3; timeout 4 cat <&3' 2>/dev/null \
  | awk '$1 ~ /^tesla_exporter_cluster_members/ { print $NF }')
[[ -z $stranger_members || $stranger_members == 1 ]] || fail "the stranger sees $stranger_members members"

reused=$(stat_of reused)
logged_in=$(each tesla_exporter_auth_ok)
[[ $reused == 0 ]] || fail "$reused refresh tokens used twice"
[[ $logged_in == "$accounts $accounts $accounts " ]] || fail "accounts logged in per member: $logged_in (of $accounts)"
severe=$(dc logs --no-color "${members[@]}" 2>&1 | grep -c SEVERE || true)

# --- Kubernetes' way of finding the members, without Kubernetes ------------------------------------------
# The StatefulSet (docker/kubernetes/tesla-exporter.yaml) gives each pod CLUSTER_KUBERNETES_SERVICE (its headless
# service, publishNotReadyAddresses: every pod's address from the start), CLUSTER_SIZE=3, CLUSTER_PORT=5701,
# CLUSTER_ADDRESS (the pod's IP) and CLUSTER_REQUIRED=true, runs it as uid 1000 without capabilities and with a
# memory limit of 768 MiB (the heap then half of it), each pod with a volume of its own, and asks /health/ready and
# /health/live. Here: three containers with those settings, one network alias for the three (Docker's
# DNS answers it with every address, as a headless service does), and the Compose members' newest logins on
# the first one's volume (the Compose members stopped first, so no two clusters share an account).
dc stop "${members[@]}" >/dev/null 2>&1
docker rm -f "$project-stranger" >/dev/null 2>&1 || true
pods=("$project-pod-0" "$project-pod-1" "$project-pod-2")
pod_ip() { echo "172.28.0.$((20 + $1))"; }   # outside the Compose range (172.28.0.128/25): pod I's IP, known before it starts
for i in 0 1 2; do docker volume create "$project-pod-$i" >/dev/null; done
docker run --rm -v "${project}_tesla-data:/from:ro" -v "$project-pod-0:/data" --entrypoint bash tesla-exporter:local -c \
  "cp -r /from/accounts /data/" || fail "the logins could not be put on the first pod's volume"
stat_of reads /reset >/dev/null
pod_started=$(date +%s)
for i in 0 1 2; do
  ip=$(pod_ip "$i")
  docker run -d --name "${pods[i]}" --network "${project}_default" --ip "$ip" --network-alias tesla-exporter-cluster \
    --env-file "$work/repo/docker/.env" -e CLUSTER_MEMBERS= -e CLUSTER_KUBERNETES_SERVICE=tesla-exporter-cluster \
    -e CLUSTER_SIZE=3 -e CLUSTER_PORT=5701 -e CLUSTER_ADDRESS="$ip" -e CLUSTER_REQUIRED=true -e DATA_DIR=/data \
    -u 1000:1000 --cap-drop ALL --security-opt no-new-privileges --memory 768m -v "$project-pod-$i:/data" tesla-exporter:local >/dev/null
done
pods_each() { local out="" i; for i in 0 1 2; do out+="$(metric_at "$(pod_ip "$i")" "$1") "; done; echo "$out"; }
pods_one_cluster() { [[ $(pods_each tesla_exporter_cluster_members) == "3 3 3 " ]]; }
pods_probes() {   # the StatefulSet's startup/readiness probe and its liveness probe answer on every pod
  local i; for i in 0 1 2; do
    curl -sf -m 5 -o /dev/null "http://$(pod_ip "$i"):9090/health/ready" && curl -sf -m 10 -o /dev/null "http://$(pod_ip "$i"):9090/health/live" || return 1
  done
}
pods_share() { local s=0 v; for v in $(pods_each tesla_exporter_monitored_vehicles); do s=$((s + v)); done; (( s == cars )) && all_read; }
say "three pods found through one DNS name, as a headless service finds them"
await 240 "three pods in one cluster through DNS (members: $(pods_each tesla_exporter_cluster_members))" pods_one_cluster
pods_formed=$(( $(date +%s) - pod_started ))
await 120 "the pods' probes (/health/ready, /health/live) answering on all three" pods_probes
pods_ready=$(( $(date +%s) - pod_started ))
await 240 "every car read by the pods (cars per pod: $(pods_each tesla_exporter_monitored_vehicles), read: $(stat_of cars_read))" pods_share
pods_read=$(( $(date +%s) - pod_started ))
pods_logged_in=$(pods_each tesla_exporter_auth_ok)
[[ $pods_logged_in == "$accounts $accounts $accounts " ]] || fail "accounts logged in per pod: $pods_logged_in (of $accounts)"
[[ $(stat_of reused) == 0 ]] || fail "$(stat_of reused) refresh tokens used twice"
pods_shares=$(pods_each tesla_exporter_monitored_vehicles)
severe=$(( severe + $(for p in "${pods[@]}"; do docker logs "$p" 2>&1; done | grep -c SEVERE || true) ))

echo "=== Compose profile cluster: 3 members, $cars cars of $accounts accounts every $interval s ($([[ $standins == 1 ]] && echo 'stand-in images' || echo 'upstream images'), ${compose[*]})"
echo "three members healthy after:       ${healthy_after} s; every car read after ${first_read} s"
echo "cars per member:                   $first_shares(each car's series on one member)"
echo "Prometheus:                        3 members up ($instances), $cars cars once each"
echo "journal in PostgreSQL:             $tables tables, grafana_reader present"
echo "kill -9 of $victim's Java (it had $victim_share cars): every car read again after $read_again s (target <= $((interval + 10)) s);"
echo "  shortest wait $shortest s (target > $((interval / 2)) s)"
echo "  restarted by Docker, back in the cluster with a share after $back_after s; cars per member: $back_shares"
echo "stranger without the secret:       not let in (members 3 3 3; it sees ${stranger_members:-no cluster})"
echo "refresh tokens used twice:         $reused (target 0); accounts logged in per member: $logged_in(of $accounts)"
echo "Kubernetes' discovery (DNS):       three pods in one cluster after $pods_formed s, ready and live (the probes) after $pods_ready s, every car read after $pods_read s;"
echo "  cars per pod: $pods_shares; accounts logged in per pod: $pods_logged_in; refresh tokens used twice: $(stat_of reused)"
echo "SEVERE lines in the members' logs: $severe"
echo "PASSED"
