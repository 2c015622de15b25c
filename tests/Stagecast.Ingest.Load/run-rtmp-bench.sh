#!/usr/bin/env bash
# RTMP publishers with LL-HLS packaging on one gateway (issue 16; target: at least 50 publishers per core at 2.5 Mbit/s).
# One embedded gateway (Release, SQLite), N rooms, N ffmpeg publishers that copy one pre-encoded 2.5 Mbit/s FLV
# (H.264 720p30 + AAC, encoded once before the run, so the publishers cost almost nothing: no encoding during it),
# then S seconds measured: the gateway's CPU (from /proc), each room's status and whether each live playlist moved.
# Usage: tests/Stagecast.Ingest.Load/run-rtmp-bench.sh [publishers...] (default 50), SECONDS (default 30),
# WARMUP (default 10), PORT, RTMP_PORT, WORK.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench-gateway.sh
COUNTS=("${@:-50}")
MEASURE=${SECONDS_RUN:-30}
WARMUP=${WARMUP:-10}
PORT=${PORT:-5093}
RTMP_PORT=${RTMP_PORT:-19351}
WORK=${WORK:-/tmp/bench-rtmp}
dotnet build gateway -c Release -v q -nologo -clp:ErrorsOnly
mkdir -p "$WORK"
if [ ! -f "$WORK/sample.flv" ]; then
  ffmpeg -y -nostdin -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -t 20 -c:v libx264 -preset veryfast -b:v 2300k -maxrate 2300k -bufsize 2300k -g 60 -keyint_min 60 -sc_threshold 0 -bf 0 \
    -pix_fmt yuv420p -c:a aac -b:a 128k -ar 48000 -f flv "$WORK/sample.flv"
fi
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for n in "${COUNTS[@]}"; do
  rm -rf "$WORK/data" "$WORK/ff" && mkdir -p "$WORK/data" "$WORK/ff"
  trap 'kill ${SERVER:-} 2>/dev/null || true; pkill -f "$WORK/sample.flv" 2>/dev/null || true' EXIT
  start_bench_gateway "$PORT" "$WORK/data" "${SILO_PORT:-11193}" "${ORLEANS_GATEWAY_PORT:-30093}" "$WORK/gateway.log" \
    --Stagecast:Rtmp:Port="$RTMP_PORT" --Stagecast:Rtmp:BindAddress=127.0.0.1 \
    --Stagecast:Rtmp:MaxConnectionsPerAddress=1000 --Stagecast:Rtmp:MaxConnections=1000 --Replays:Enabled=false
  # One host and room per publisher: "roomId key" per line.
  python3 - "$PORT" "$n" > "$WORK/rooms.txt" <<'EOF'
import json, sys, urllib.request, uuid
port, n = sys.argv[1], int(sys.argv[2])
def call(path, body, token=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    return json.load(urllib.request.urlopen(req))
for i in range(n):
    user = call("/api/auth/register", {"username": f"rtmp{uuid.uuid4().hex[:10]}", "password": "correct horse battery"})
    room = call("/api/live", {"title": f"rtmp bench {i}"}, user["token"])
    print(room["roomId"], room["streamKey"])
EOF
  while read -r room key; do
    ffmpeg -nostdin -loglevel error -re -stream_loop -1 -i "$WORK/sample.flv" -c copy -f flv "rtmp://127.0.0.1:$RTMP_PORT/live/$key" \
      > "$WORK/ff/$room.log" 2>&1 &
  done < "$WORK/rooms.txt"
  sleep "$WARMUP"
  echo "== $n RTMP publishers, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  playlist_state() { # per room: the live playlist's media sequence + segment lines, or "-" when it is not there
    while read -r room _; do
      curl -sf "http://127.0.0.1:$PORT/hls/$room/index.m3u8" | grep -m1 'live.m3u8' | xargs -I{} curl -sf "http://127.0.0.1:$PORT/hls/$room/{}" \
        | awk '/MEDIA-SEQUENCE/{split($0,a,":"); m=a[2]} /^seg/{s++} END{print (m=="" ? "-" : m+s)}' || echo "-"
    done < "$WORK/rooms.txt"
  }
  before=$(playlist_state)
  t0=$(ticks $SERVER); s0=$(date +%s.%N)
  sleep "$MEASURE"
  t1=$(ticks $SERVER); s1=$(date +%s.%N)
  after=$(playlist_state)
  live=0
  while read -r room _; do
    status=$(curl -sf "http://127.0.0.1:$PORT/api/live/$room" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' || echo "?")
    [ "$status" = live ] && live=$((live + 1))
  done < "$WORK/rooms.txt"
  moved=$(paste <(echo "$before") <(echo "$after") | awk '$1 != "-" && $2 != "-" && $2 > $1 {c++} END {print c+0}')
  running=$(pgrep -fc "$WORK/sample.flv" || true)
  hz=$(getconf CLK_TCK)
  python3 - "$n" "$t0" "$t1" "$s0" "$s1" "$hz" "$live" "$moved" "$running" <<'EOF'
import sys
n, t0, t1, s0, s1, hz, live, moved, running = sys.argv[1:]
n = int(n); cpu = (int(t1) - int(t0)) / int(hz) / (float(s1) - float(s0))
print(f"RESULT rtmp publishers={n} live={live} playlists_advancing={moved} ffmpeg_running={running} "
      f"gateway_cpu={cpu * 100:.0f} % of a core, {cpu * 100 / n:.2f} % per publisher -> {n / cpu if cpu else 0:.0f} publishers per core")
EOF
  echo "== done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  pkill -f "$WORK/sample.flv" || true
  kill $SERVER; wait $SERVER 2>/dev/null || true
done
