#!/usr/bin/env bash
# Failover drill (docs/operations.md, "Failover"): three silos, one gateway, Redis and PostgreSQL given by the
# caller; kill -9 silos one after the other and time how long until 10 of 10 users can log in again.
# Usage: REDIS=127.0.0.1:6379 PG="Host=...;Username=...;Database=..." tests/cluster/failover-drill.sh [rounds]
# Needs Release builds of silo/ and gateway/. Prints one line per kill: "kill <n> <silo>: <seconds> s", the time from
# the kill to the start of the first round in which all 10 logins (sent side by side) succeeded.
# Extra silo arguments (Orleans membership overrides, e.g. the pre-fix timing) go in SILO_ARGS.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-2}
: "${REDIS:?REDIS=host:port}" "${PG:?PG=connection string}"
LOGS=${LOGS:-$(mktemp -d)}
SILO="$ROOT/silo/bin/Release/net10.0/Stagecast.Silo.dll"
GW="$ROOT/gateway/bin/Release/net10.0/Stagecast.Gateway.dll"
free_port() { local p; while :; do p=$(( 20000 + RANDOM % 20000 )); (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return; }; done; }

export Stagecast__Mode=Cluster Stagecast__ClusterId="${CLUSTER_ID:-drill-$RANDOM}" Stagecast__ServiceId="${CLUSTER_ID:-drill-$RANDOM}" \
  Stagecast__RedisConnectionString="$REDIS" Stagecast__StorageProvider=Postgres Stagecast__StorageConnectionString="$PG" \
  Stagecast__AdvertisedAddress=127.0.0.1 Stagecast__Jwt__SigningKey=$(head -c 48 /dev/urandom | base64 -w0) \
  Stagecast__Payments__Sandbox=true ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
  Stagecast__Auth__AttemptsPerMinute=1000000 Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff "

declare -A PIDS
n=0
start_silo() {
  n=$((n + 1)); local name="silo$n"
  dotnet "$SILO" --Stagecast:SiloPort="$(free_port)" --Stagecast:GatewayPort="$(free_port)" \
    --Logging:LogLevel:Orleans.Runtime.MembershipService="${MEMBERSHIP_LOG:-Information}" ${SILO_ARGS:-} >"$LOGS/$name.log" 2>&1 &
  PIDS[$name]=$!
}
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_silo; start_silo; start_silo
PORT=$(free_port)
(cd "$ROOT/gateway" && exec dotnet "$GW" --urls "http://127.0.0.1:$PORT") >"$LOGS/gateway.log" 2>&1 &
PIDS[gateway]=$!
BASE="http://127.0.0.1:$PORT"
active() { curl -s -m 5 "$BASE/health" | sed -n 's/.*"activeSilos":\([0-9]*\).*/\1/p'; }
wait_active() { for _ in $(seq 1 600); do [ "$(active)" = "$1" ] && return; sleep 0.5; done; echo "cluster did not reach $1 silos" >&2; exit 1; }
wait_active 3
USERS=()
for i in $(seq 1 10); do
  u="d${i}_$RANDOM$RANDOM"; USERS+=("$u")
  curl -s -m 10 -o /dev/null -w '%{http_code}\n' -H 'content-type: application/json' \
    -d "{\"username\":\"$u\",\"password\":\"drill-password\"}" "$BASE/api/auth/register" | grep -q 201
done
# One round: the 10 users log in side by side; true when all 10 got 200.
logins_ok() {
  local u dir pids=(); dir=$(mktemp -d); ROUND_START=$(date +%s.%N)
  for u in "${USERS[@]}"; do
    curl -s -m "${LOGIN_TIMEOUT:-15}" -o /dev/null -w "%{http_code} %{time_total}\n" -H 'content-type: application/json' \
      -d "{\"username\":\"$u\",\"password\":\"drill-password\"}" "$BASE/api/auth/login" >"$dir/$u" 2>/dev/null &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  local ok; ok=$(cat "$dir"/* | grep -c '^200 ' || true)
  echo "$(date +%T.%3N) $ok/10 $(cat "$dir"/* | cut -d' ' -f1 | sort | uniq -c | tr -s ' \n' ' ')" >>"$LOGS/logins.log"
  rm -rf "$dir"
  [ "$ok" = 10 ]
}
kills=0
for round in $(seq 1 "$ROUNDS"); do
  # Kill two of the three, one after the other (each after logins recovered), then bring two new ones back.
  for _ in 1 2; do
    victim=$(printf "%s\n" "${!PIDS[@]}" | grep -v gateway | sort -V | head -n 1)
    kill -9 "${PIDS[$victim]}"; unset "PIDS[$victim]"; kills=$((kills + 1))
    t0=$(date +%s.%N); echo "$(date +%T.%3N) killed $victim" >>"$LOGS/drill.log"
    until logins_ok; do sleep 0.25; done
    echo "kill $kills $victim: $(echo "$ROUND_START - $t0" | bc | xargs printf '%.1f') s"
  done
  start_silo; start_silo
  wait_active 3
  # Let the gateway's client see the new silos before the next kill.
  sleep "${SETTLE:-15}"
done
# Whole-cluster crash: every silo killed at once and three new ones started. The dead keep their 'Active' rows
# until declared dead, and joining silos wait on them (IAmAlive staleness decides how long).
for victim in $(printf "%s\n" "${!PIDS[@]}" | grep -v gateway); do kill -9 "${PIDS[$victim]}"; unset "PIDS[$victim]"; done
t0=$(date +%s.%N)
start_silo; start_silo; start_silo
until logins_ok; do sleep 0.25; done
echo "all silos killed, three new started: logins back after $(echo "$ROUND_START - $t0" | bc | xargs printf '%.1f') s"
echo "logs in $LOGS"
