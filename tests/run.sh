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
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || want+=(nginx)
  command -v prometheus >/dev/null || want+=(prometheus)
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
  done < <(find tests gateway \( -name node_modules -o -name bin -o -name obj \) -prune -o -name package-lock.json -print 2>/dev/null)
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

# Reads one project's TRX and prints "results passed failed skipped" (every UnitTestResult counted by
# its outcome; an outcome other than Passed or NotExecuted is a failure).
trx_counts() {
  local trx=$1
  if [ ! -f "$trx" ]; then echo "0 0 0 0"; return; fi
  local outcomes
  outcomes=$(grep -o '<UnitTestResult [^>]*' "$trx" | grep -o ' outcome="[A-Za-z]*"' | cut -d'"' -f2)
  local r p s
  r=$(printf '%s\n' "$outcomes" | grep -c . || true)
  p=$(printf '%s\n' "$outcomes" | grep -cx Passed || true)
  s=$(printf '%s\n' "$outcomes" | grep -cx NotExecuted || true)
  echo "$r $p $(( r - p - s )) $s"
}

# Prints one line per failed result in a TRX: "NAME: TEST: first lines of its message" (at most 300
# characters), so the end of the log names what failed even when the project logged much more.
trx_failures() {
  local name=$1 trx=$2
  [ -f "$trx" ] || return 0
  awk -v name="$name" '
    function flush() { if (test != "") { gsub(/[ \t]+/, " ", msg); sub(/^ /, "", msg); if (msg == "") msg = "(no message)"; print name ": " test ": " substr(msg, 1, 300) } test = ""; msg = "" }
    /<UnitTestResult / {
      flush()
      if (match($0, / outcome="[A-Za-z]*"/)) { o = substr($0, RSTART + 10, RLENGTH - 11) } else { o = "" }
      if (o != "Passed" && o != "NotExecuted" && match($0, / testName="[^"]*"/)) { test = substr($0, RSTART + 11, RLENGTH - 12) }
      inmsg = 0; next
    }
    test != "" && /<Message>/ { inmsg = 1; sub(/.*<Message>/, "") }
    test != "" && inmsg {
      line = $0; done = sub(/<\/Message>.*/, "", line)
      if (length(msg) < 300) msg = msg " " line
      if (done) inmsg = 0
    }
    END { flush() }' "$trx" | sed 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
}

# The minimum number of tests each project had (tests/expected-tests.txt: "Stagecast.X.Tests 123").
EXPECTED_FILE="${STAGECAST_EXPECTED_TESTS:-$ROOT/tests/expected-tests.txt}"
expected_min() { awk -v n="$1" '$1 == n { print $2; exit }' "$EXPECTED_FILE" 2>/dev/null; }

# Judges one project: prints "passed failed skipped" and logs every reason for a failure. A project
# fails when dotnet test exits non-zero, when its TRX holds fewer results than the project is expected
# to have (a crashed or hung host leaves tests out), when it discovers nothing, or when it has no
# minimum in tests/expected-tests.txt.
judge_project() {
  local name=$1 status=$2 trx=$3
  local r p f s min extra=0
  read -r r p f s < <(trx_counts "$trx")
  min=$(expected_min "$name")
  if [ ! -f "$trx" ]; then
    log "$name: no TRX (the test host crashed or did not start)"; extra=$(( extra + 1 ))
  fi
  if [ "$r" -eq 0 ]; then
    log "$name: zero tests discovered or run"; extra=$(( extra + 1 ))
  fi
  if [ -z "$min" ]; then
    log "$name: no minimum in tests/expected-tests.txt (add \"$name $r\")"; extra=$(( extra + 1 ))
  elif [ "$r" -lt "$min" ]; then
    log "$name: $r test results, expected at least $min: $(( min - r )) missing (crashed or hung host, or tests removed)"
    extra=$(( extra + min - r ))
  fi
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && [ "$extra" -eq 0 ]; then
    log "$name: dotnet test exited with $status although no test failed"; extra=1
  fi
  echo "$p $(( f + extra )) $s"
}

# The README's order of commands on a fresh clone (start.sh, then this script's setup), as one check.
readme_order_check() {
  [ "${STAGECAST_SKIP_README_ORDER:-}" = 1 ] && return 0
  log "running the README order check (tests/readme-order.sh)"
  if bash "$ROOT/tests/readme-order.sh" > "$RESULTS/readme-order.log" 2>&1; then
    log "readme-order: passed"; passed=$(( passed + 1 ))
  else
    log "readme-order: FAILED (last lines of its log follow)"; tail -n 30 "$RESULTS/readme-order.log" >&2
    failed=$(( failed + 1 ))
  fi
  cp "$RESULTS/readme-order.log" "$ROOT/artifacts/test-results/" 2>/dev/null || true
}

# --judge NAME STATUS TRX: judge one project's results and print "passed failed skipped" (tests/run-judge-test.sh).
if [ "${1:-}" = "--judge" ]; then judge_project "$2" "$3" "$4"; exit 0; fi
# --failures NAME TRX: list the failed results of one TRX (tests/run-judge-test.sh).
if [ "${1:-}" = "--failures" ]; then trx_failures "$2" "$3"; exit 0; fi

install_missing
log "building"
dotnet build Stagecast.slnx -c Release -nologo -clp:ErrorsOnly || { log "build failed"; echo "0 passed, 1 failed"; exit 1; }
# --setup-only: install and build, run nothing (the README order check uses it on a fresh clone).
if [ "${1:-}" = "--setup-only" ]; then log "setup done"; exit 0; fi
start_redis
start_postgres

RESULTS="$WORK/results"
mkdir -p "$RESULTS"
mkdir -p "$ROOT/artifacts/test-results"
passed=0; failed=0; skipped=0
projects=$(ls tests/*/*.Tests.csproj | sort)
# A project the expected list names that no longer exists is a failure too (renamed or deleted tests).
while read -r want _; do
  case "$want" in ''|'#'*) continue ;; esac
  [ -f "tests/$want/$want.csproj" ] || { log "$want: listed in tests/expected-tests.txt but missing"; failed=$(( failed + 1 )); }
done < "$EXPECTED_FILE"
for proj in $projects; do
  name=$(basename "$proj" .csproj)
  log "running $name"
  trx="$RESULTS/$name.trx"
  timeout --kill-after=30s "${STAGECAST_TEST_PROJECT_TIMEOUT:-2400}" \
    dotnet test "$proj" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$RESULTS" --blame-hang-timeout 8m > "$RESULTS/$name.log" 2>&1
  status=$?
  # A failed test's name, its message and stack (not the log lines of servers that merely say "Failed to").
  grep -E -A12 '^\s+Failed [A-Za-z_][A-Za-z0-9_]*\.' "$RESULTS/$name.log" | head -200 >&2
  grep -E 'Test Run Aborted|The active test run was aborted|crashed' "$RESULTS/$name.log" | head -20 >&2
  trx_failures "$name" "$trx" >> "$RESULTS/failures.txt"
  read -r p f s < <(judge_project "$name" "$status" "$trx")
  log "$name: $p passed, $f failed, $s skipped (dotnet test exit status $status)"
  passed=$(( passed + p )); failed=$(( failed + f )); skipped=$(( skipped + s ))
  cp "$RESULTS/$name.log" "$ROOT/artifacts/test-results/" 2>/dev/null || true
  cp "$trx" "$ROOT/artifacts/test-results/" 2>/dev/null || true
done
readme_order_check
if bash "$ROOT/tests/run-judge-test.sh" > "$RESULTS/run-judge-test.log" 2>&1; then
  passed=$(( passed + 1 ))
else
  log "run-judge-test: FAILED"; cat "$RESULTS/run-judge-test.log" >&2; failed=$(( failed + 1 ))
fi

[ "$skipped" -gt 0 ] && log "$skipped skipped"
# The failed tests once more, last, where a reader of only the end of the log sees them.
if [ -s "$RESULTS/failures.txt" ]; then
  log "failed tests:"; while IFS= read -r line; do log "  $line"; done < "$RESULTS/failures.txt"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
