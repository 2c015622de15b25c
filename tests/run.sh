#!/usr/bin/env bash
# Runs every Stagecast test on a fresh Debian 12 machine (as root) or a developer's:
# installs what is missing, starts Redis and PostgreSQL on loopback (temporary data, free ports),
# runs each test project, stops the servers, and prints the totals as the last line:
#   N passed, N failed
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[tests] %s\n' "$*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install_missing() {
  local want=()
  command -v redis-server >/dev/null || want+=(redis-server)
  [ -n "$(pg_bin)" ] || want+=(postgresql)
  command -v ffmpeg >/dev/null || want+=(ffmpeg)
  command -v chromium >/dev/null || want+=(chromium)
  command -v docker-compose >/dev/null || want+=(docker-compose)
  command -v node >/dev/null || want+=(nodejs npm)
  if [ ${#want[@]} -gt 0 ]; then
    log "installing ${want[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null \
      || { log "apt-get install failed"; exit 1; }
  fi
  command -v dotnet >/dev/null || { log "the .NET 10 SDK is required (https://dot.net); it is not in Debian's archive"; exit 1; }
  local lock
  while IFS= read -r lock; do
    log "npm ci in $(dirname "$lock")"
    (cd "$(dirname "$lock")" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || { log "npm ci failed in $(dirname "$lock")"; exit 1; }
  done < <(find tests gateway -name package-lock.json -not -path '*/node_modules/*' 2>/dev/null)
}

free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return; }
  done
}

WORK=$(mktemp -d /tmp/stagecast-tests.XXXXXX)
chmod 755 "$WORK"
REDIS_PID=""
PGDATA=""
cleanup() {
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null
  if [ -n "$PGDATA" ] && [ -f "$PGDATA/postmaster.pid" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_redis() {
  local port; port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" --logfile "$WORK/redis.log" &
  REDIS_PID=$!
  for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  export STAGECAST_TEST_REDIS="127.0.0.1:$port"
  log "redis on $STAGECAST_TEST_REDIS"
}

start_postgres() {
  local port bin; port=$(free_port); bin=$(pg_bin)
  PGDATA="$WORK/pg"
  mkdir -p "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
  as_pg "$bin/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 >/dev/null || { log "initdb failed"; exit 1; }
  as_pg "$bin/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
    -o "-p $port -k $PGDATA -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=128MB" start >/dev/null \
    || { log "postgres failed to start"; cat "$PGDATA/server.log" >&2; exit 1; }
  export STAGECAST_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  log "postgres on 127.0.0.1:$port"
}

install_missing
log "building"
dotnet build Stagecast.slnx -c Release -nologo -clp:ErrorsOnly || { log "build failed"; echo "0 passed, 1 failed"; exit 1; }
start_redis
start_postgres

RESULTS="$WORK/results"
mkdir -p "$RESULTS"
mkdir -p "$ROOT/artifacts/test-results"
passed=0; failed=0; skipped=0
for proj in $(ls tests/*/*.Tests.csproj | sort); do
  name=$(basename "$proj" .csproj)
  log "running $name"
  dotnet test "$proj" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$RESULTS" --blame-hang-timeout 8m 2>&1 | tee "$RESULTS/$name.log" | grep -E '^\s+(Passed|Failed|Skipped) |Error Message|error' | head -200 >&2
  trx="$RESULTS/$name.trx"
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
    p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
    p=${p:-0}; f=${f:-0}; t=${t:-0}; e=${e:-0}
    # Tests that did not run (crashed host, hang) count as failures; skips are reported apart.
    notrun=$(( t - e )); s=$(grep -c 'outcome="NotExecuted"' "$trx" || true)
    f=$(( f + (notrun > s ? notrun - s : 0) ))
    log "$name: $p passed, $f failed, $s skipped"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  else
    log "$name: no results (the test host crashed or did not start)"
    failed=$((failed + 1))
  fi
  cp "$RESULTS/$name.log" "$ROOT/artifacts/test-results/" 2>/dev/null || true
done

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
