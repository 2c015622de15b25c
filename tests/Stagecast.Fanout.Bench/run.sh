#!/usr/bin/env bash
# Observers vs memory streams vs broadcast channels: K = 1, 4, 16 gateway-like subscribers, 20 rooms, one batch
# of 25 comments per room every 50 ms. Usage: tests/Stagecast.Fanout.Bench/run.sh [seconds] (default 10)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tests/Stagecast.Fanout.Bench -c Release -v q -nologo
for k in 1 4 16; do
  for delivery in observers streams broadcast; do
    dotnet tests/Stagecast.Fanout.Bench/bin/Release/net10.0/Stagecast.Fanout.Bench.dll --delivery "$delivery" \
      --subscribers "$k" --rooms 20 --interval-ms 50 --comments 25 --seconds "${1:-10}" --warmup 5 | grep '^RESULT'
  done
done
