# Sourced by the benchmark scripts (tests/Stagecast.Rooms.Load/run-bench.sh, run-match-bench.sh,
# tests/Stagecast.Ingest.Load/run-rtmp-bench.sh): one embedded gateway from the Release build, the settings every
# benchmark needs (SQLite under DATA, sandbox payments, no login limit, warnings only), started in the background.
#   start_bench_gateway PORT DATA SILO_PORT ORLEANS_GATEWAY_PORT LOG [extra --Key=value settings...]
# Sets SERVER to its pid and returns once GET /health answers (at most 120 s). The caller builds gateway first.

start_bench_gateway() {
  local port=$1 data=$2 silo_port=$3 orleans_port=$4 log=$5
  shift 5
  dotnet gateway/bin/Release/net10.0/Stagecast.Gateway.dll --environment Development --urls "http://127.0.0.1:$port" \
    --Stagecast:DataDirectory="$data" --Stagecast:SiloPort="$silo_port" --Stagecast:GatewayPort="$orleans_port" \
    --Stagecast:Payments:Sandbox=true --Stagecast:Auth:AttemptsPerMinute=100000 --Logging:LogLevel:Default=Warning \
    "$@" > "$log" 2>&1 &
  SERVER=$!
  local _
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && return 0; sleep 1; done
  echo "the gateway did not answer /health within 120 s; see $log" >&2
  return 1
}
