#!/usr/bin/env bash
# Scale-out benchmark (docs/operations.md "Sizing", docs/BENCHMARKS.md "Scale-out"): for each N it starts N silos and
# N gateways as separate processes on this machine (Redis membership, PostgreSQL state), then measures
#   logins/s and login latency, gifts/s (exactly-once checked per wallet) and room fan-out (Rooms.Load over all
#   gateways), with the CPU every process used per login / gift / delivered message,
# and, at the largest N, a silo killed with SIGKILL under gift load: time until every sender is served again and
# acknowledged gifts lost (must be 0).
# Usage: tests/cluster/scale-out.sh [N...]            (default: 1 2 4)
#   SECONDS_PER_PHASE=20 CLIENTS=64 (gift senders) LOGIN_CLIENTS=8 (logins side by side: each hashes a password)
#   VIEWERS=2000 RATE=50 (comments/s) KILL=1 (0 skips the kill run) OUT=/tmp/scale-out
# Redis and PostgreSQL: REDIS=host:port and PG="Host=..;Port=..;Username=..;Database=.." to use running ones;
# otherwise the script starts its own from REDIS_SERVER (default: redis-server on PATH) and PG_BIN (default: the
# newest /usr/lib/postgresql/*/bin), and stops them at the end.
# Binaries: the Release build outputs of this checkout, or BUNDLE=/tmp/d for an unpacked
# ../shared/tools/device-bundle.sh bundle of silo gateway tests/Stagecast.ScaleOut tests/Stagecast.Rooms.Load (no SDK).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ $# -gt 0 ]; then COUNTS=("$@"); else COUNTS=(1 2 4); fi
SECS=${SECONDS_PER_PHASE:-20}; CLIENTS=${CLIENTS:-64}; LOGIN_CLIENTS=${LOGIN_CLIENTS:-8}; VIEWERS=${VIEWERS:-2000}; RATE=${RATE:-50}
OUT=${OUT:-/tmp/scale-out}; mkdir -p "$OUT"
if [ -n "${BUNDLE:-}" ]; then
  SILO="$BUNDLE/silo/Stagecast.Silo.dll"; GW="$BUNDLE/gateway/Stagecast.Gateway.dll"
  DRIVER="$BUNDLE/Stagecast.ScaleOut/Stagecast.ScaleOut.dll"; ROOMS="$BUNDLE/Stagecast.Rooms.Load/Stagecast.Rooms.Load.dll"
else
  B=bin/Release/net10.0
  SILO="$ROOT/silo/$B/Stagecast.Silo.dll"; GW="$ROOT/gateway/$B/Stagecast.Gateway.dll"
  DRIVER="$ROOT/tests/Stagecast.ScaleOut/$B/Stagecast.ScaleOut.dll"; ROOMS="$ROOT/tests/Stagecast.Rooms.Load/$B/Stagecast.Rooms.Load.dll"
fi
for f in "$SILO" "$GW" "$DRIVER" "$ROOMS"; do [ -f "$f" ] || { echo "missing $f (build it in Release, or set BUNDLE)" >&2; exit 2; }; done
free_port() { local p; while :; do p=$(( 20000 + RANDOM % 20000 )); (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return; }; done; }
PIDS=(); ROLES=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [ -n "${OWN_PG:-}" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$OWN_PG" -m immediate stop >/dev/null 2>&1 || true
  [ -n "${OWN_REDIS:-}" ] && kill "$OWN_REDIS" 2>/dev/null || true
}
trap cleanup EXIT

if [ -z "${REDIS:-}" ]; then
  rp=$(free_port); "${REDIS_SERVER:-redis-server}" --port "$rp" --bind 127.0.0.1 --save "" --appendonly no >"$OUT/redis.log" 2>&1 &
  OWN_REDIS=$!; REDIS=127.0.0.1:$rp
fi
if [ -z "${PG:-}" ]; then
  PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
  OWN_PG=$(mktemp -d /tmp/scale-out-pg.XXXX); chmod 755 "$OWN_PG"; chown postgres "$OWN_PG" 2>/dev/null || true
  pp=$(free_port); as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  as_pg "$PG_BIN/initdb" -D "$OWN_PG" -U postgres --auth=trust -E UTF8 >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$OWN_PG" -l "$OWN_PG/server.log" -w -t 60 -o "-p $pp -k $OWN_PG -c listen_addresses=127.0.0.1 -c max_connections=600" start >/dev/null
  PG="Host=127.0.0.1;Port=$pp;Username=postgres;Database=postgres"
fi
# Their CPU is counted too when known: the postmaster (with its backends) and redis-server.
PG_PID=${PG_PID:-$([ -n "${OWN_PG:-}" ] && head -1 "$OWN_PG/postmaster.pid" || true)}
REDIS_PID=${REDIS_PID:-${OWN_REDIS:-}}
export Stagecast__Mode=Cluster Stagecast__RedisConnectionString="$REDIS" Stagecast__StorageProvider=Postgres \
  Stagecast__StorageConnectionString="$PG" Stagecast__AdvertisedAddress=127.0.0.1 \
  Stagecast__Jwt__SigningKey=$(head -c 48 /dev/urandom | base64 -w0) Stagecast__Payments__Sandbox=true \
  DOTNET_ENVIRONMENT=Staging ASPNETCORE_ENVIRONMENT=Staging Stagecast__Auth__AttemptsPerMinute=100000000 \
  Logging__LogLevel__Default=Warning

for n in "${COUNTS[@]}"; do
  PIDS=(); ROLES=(); URLS=(); SILO_PIDS=()
  export Stagecast__ClusterId="scale-$n-$RANDOM" Stagecast__ServiceId="scale-$n-$RANDOM"
  for i in $(seq 1 "$n"); do
    dotnet "$SILO" --Stagecast:SiloPort="$(free_port)" --Stagecast:GatewayPort="$(free_port)" >"$OUT/n$n-silo$i.log" 2>&1 &
    PIDS+=($!); ROLES+=("silo:$!"); SILO_PIDS+=($!)
  done
  for i in $(seq 1 "$n"); do
    port=$(free_port)
    (cd "$(dirname "$GW")" && exec dotnet "$GW" --urls "http://127.0.0.1:$port") >"$OUT/n$n-gateway$i.log" 2>&1 &
    PIDS+=($!); ROLES+=("gateway:$!"); URLS+=("http://127.0.0.1:$port")
  done
  for u in "${URLS[@]}"; do
    for _ in $(seq 1 240); do
      [ "$(curl -s -m 5 "$u/health" | sed -n 's/.*"activeSilos":\([0-9]*\).*/\1/p')" = "$n" ] && break; sleep 0.5
    done
  done
  [ -n "$PG_PID" ] && ROLES+=("postgres:$PG_PID"); [ -n "$REDIS_PID" ] && ROLES+=("redis:$REDIS_PID")
  urls=$(IFS=,; echo "${URLS[*]}"); pids=$(IFS=,; echo "${ROLES[*]}")
  echo "== N=$n silos + $n gateways, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet "$DRIVER" --urls "$urls" --pids "$pids" --phase logins --seconds "$SECS" --clients "$LOGIN_CLIENTS" | grep RESULT || echo "logins phase failed"
  dotnet "$DRIVER" --urls "$urls" --pids "$pids" --phase gifts --seconds "$SECS" --clients "$CLIENTS" | grep RESULT || echo "gifts phase failed"
  gw_pids=$(printf '%s\n' "${ROLES[@]}" | sed -n 's/^gateway://p' | paste -sd,)
  dotnet "$ROOMS" --url "$urls" --server-pid "$gw_pids,$(IFS=,; echo "${SILO_PIDS[*]}")" --viewers "$VIEWERS" --rate "$RATE" \
    --seconds "$SECS" --warmup 5 --client raw | grep RESULT || true
  if [ "${KILL:-1}" = 1 ] && [ "$n" = "${COUNTS[-1]}" ] && [ "$n" -gt 1 ]; then
    echo "== N=$n: SIGKILL silo 1 of $n under gift load"
    dotnet "$DRIVER" --urls "$urls" --pids "$pids" --phase gifts --seconds $((SECS + 30)) --clients "$CLIENTS" \
      --kill-pid "${SILO_PIDS[0]}" --kill-after 10 | grep -E "RESULT|killed" || echo "kill phase failed"
  fi
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
done
