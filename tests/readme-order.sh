#!/usr/bin/env bash
# The README's quick start, in README order, on a fresh clone:
#   1. `bash gateway/start.sh` until the platform answers http 200 on / and /health, then stopped;
#   2. `bash tests/run.sh --setup-only`: everything run.sh does before running tests (installs what is
#      missing, npm ci in every source npm project, builds the solution).
# Also checks that the gateway's build output carries no npm project (package.json, package-lock.json).
# Usage: bash tests/readme-order.sh [git revision]   (default: HEAD of this checkout; committed work only)
# Exit status 0 when both steps succeed. Reuses the NuGet and npm caches of the machine.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REV=${1:-HEAD}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[readme-order] %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return; }
  done
}

WORK=$(mktemp -d /tmp/stagecast-readme.XXXXXX)
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -- "-$APP_PID" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$APP_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

CLONE="$WORK/stagecast"
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  git clone -q --no-checkout "$ROOT" "$CLONE" || fail "git clone"
  git -C "$CLONE" checkout -q "$(git -C "$ROOT" rev-parse "$REV")" || fail "checkout $REV"
else
  # Not a git checkout (an unpacked archive): copy the sources without anything built or installed.
  mkdir -p "$CLONE"
  tar -C "$ROOT" --exclude=bin --exclude=obj --exclude=node_modules --exclude=./data --exclude=./artifacts \
    --exclude=./gateway/wwwroot/lib -cf - . | tar -C "$CLONE" -xf - || fail "copy"
fi
log "fresh clone of $REV in $CLONE"
cd "$CLONE"

# Step 1: bash gateway/start.sh (on free ports, so that it runs beside anything else on this machine).
http=$(free_port); silo=$(free_port); gw=$(free_port)
setsid bash gateway/start.sh --urls "http://127.0.0.1:$http" --Stagecast:SiloPort="$silo" --Stagecast:GatewayPort="$gw" \
  > "$WORK/start.log" 2>&1 &
APP_PID=$!
deadline=$(( $(date +%s) + ${STAGECAST_README_START_TIMEOUT:-900} ))
healthy=""
while [ "$(date +%s)" -lt "$deadline" ]; do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    tail -n 40 "$WORK/start.log" >&2; fail "gateway/start.sh exited before the platform answered"
  fi
  home=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http/" || true)
  health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http/health" || true)
  if [ "$home" = 200 ] && [ "$health" = 200 ]; then healthy=1; break; fi
  sleep 1
done
[ -n "$healthy" ] || { tail -n 40 "$WORK/start.log" >&2; fail "no http 200 from / and /health before the deadline"; }
log "start.sh: / and /health answer 200"
kill -- "-$APP_PID" 2>/dev/null
for _ in $(seq 1 200); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
APP_PID=""

leaked=$(find gateway/bin gateway/obj -name 'package*.json' -path '*/web/*' 2>/dev/null)
[ -z "$leaked" ] || fail "the gateway build output carries the npm project: $leaked"

# Step 2: bash tests/run.sh (its setup: what failed at once on a fresh clone).
bash tests/run.sh --setup-only > "$WORK/run.log" 2>&1 || { tail -n 40 "$WORK/run.log" >&2; fail "tests/run.sh after gateway/start.sh"; }
log "run.sh setup after start.sh: ok"
echo "readme order: ok"
