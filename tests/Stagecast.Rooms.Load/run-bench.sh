#!/usr/bin/env bash
# Rooms benchmark from a clean checkout: Release build, one embedded gateway, then one load run per viewer count.
# Usage: tests/Stagecast.Rooms.Load/run-bench.sh [seconds] [viewers...]   (default: 30 s at 1000 5000 10000)
# Extra gateway settings: GATEWAY_ARGS="--Stagecast:Rooms:InlineSocketScheduling=true"; extra load-tool flags: LOAD_ARGS.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench-gateway.sh
SECONDS_PER_RUN=${1:-30}
if [ $# -gt 1 ]; then shift; VIEWERS=("$@"); else VIEWERS=(1000 5000 10000); fi
PORT=${PORT:-5091}
WORK=${WORK:-/tmp/bench-rooms}
dotnet build gateway -c Release -v q -nologo
dotnet build tests/Stagecast.Rooms.Load -c Release -v q -nologo
rm -rf "$WORK" && mkdir -p "$WORK/data"
trap 'kill ${SERVER:-} 2>/dev/null || true' EXIT
start_bench_gateway "$PORT" "$WORK/data" "${SILO_PORT:-11191}" "${ORLEANS_GATEWAY_PORT:-30091}" "$WORK/gateway.log" \
  --Stagecast:Rooms:StatsFile="$WORK/stats" ${GATEWAY_ARGS:-}
for viewers in "${VIEWERS[@]}"; do
  echo "== $viewers viewers, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet tests/Stagecast.Rooms.Load/bin/Release/net10.0/Stagecast.Rooms.Load.dll --url "http://127.0.0.1:$PORT" \
    --viewers "$viewers" --rate 50 --seconds "$SECONDS_PER_RUN" --warmup 5 \
    --server-pid $SERVER --server-stats "$WORK/stats" ${LOAD_ARGS:-}
done
