#!/usr/bin/env bash
# LIVE Match score benchmark (issue 15) from a clean checkout: Release build, one embedded gateway (SQLite ledger),
# then one match run per gift rate with VIEWERS viewers split over the two rooms.
# Usage: tests/Stagecast.Rooms.Load/run-match-bench.sh [seconds] [rates...]   (default: 30 s at 1000 gifts/s)
# VIEWERS (default 10000), SENDERS (default 64), SAMPLE (one viewer in SAMPLE measures latency, default 50),
# GATEWAY_ARGS (extra gateway settings), LOAD_ARGS (extra load-tool flags). On a bigger machine, or against a
# cluster, run the tool directly with --url a,b,... and --server-pid p1,p2,... (see docs/match.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench-gateway.sh
SECONDS_PER_RUN=${1:-30}
if [ $# -gt 1 ]; then shift; RATES=("$@"); else RATES=(1000); fi
PORT=${PORT:-5092}
WORK=${WORK:-/tmp/bench-match}
dotnet build gateway -c Release -v q -nologo -clp:ErrorsOnly
dotnet build tests/Stagecast.Rooms.Load -c Release -v q -nologo -clp:ErrorsOnly
for rate in "${RATES[@]}"; do
  rm -rf "$WORK" && mkdir -p "$WORK/data"
  trap 'kill ${SERVER:-} 2>/dev/null || true' EXIT
  start_bench_gateway "$PORT" "$WORK/data" "${SILO_PORT:-11192}" "${ORLEANS_GATEWAY_PORT:-30092}" "$WORK/gateway.log" ${GATEWAY_ARGS:-}
  echo "== ${VIEWERS:-10000} viewers, $rate gifts/s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet tests/Stagecast.Rooms.Load/bin/Release/net10.0/Stagecast.Rooms.Load.dll --match --url "http://127.0.0.1:$PORT" \
    --viewers "${VIEWERS:-10000}" --rate "$rate" --seconds "$SECONDS_PER_RUN" --warmup 5 --senders "${SENDERS:-64}" \
    --comment-sample "${SAMPLE:-50}" --server-pid $SERVER ${LOAD_ARGS:-}
  echo "== done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  kill $SERVER; wait $SERVER 2>/dev/null || true
done
