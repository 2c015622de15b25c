#!/bin/bash
# CPU cost of one ABR ladder rung: the exact ffmpeg command LadderRendition runs, fed a real-time
# 30 fps H.264 source (libx264 baseline, keyframe every 2 s) for SECONDS, measured as user+sys CPU of
# the ladder ffmpeg alone. Usage: ladder-cpu.sh [SECONDS=20] [SOURCE=1280x720] [PRESET=veryfast]
set -euo pipefail
SECONDS_RUN=${1:-20}; SOURCE=${2:-1280x720}; PRESET=${3:-veryfast}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
ffmpeg -hide_banner -loglevel error -f lavfi -i "testsrc2=size=$SOURCE:rate=30" -t "$SECONDS_RUN" \
  -c:v libx264 -preset veryfast -profile:v baseline -b:v 2500k -g 60 -keyint_min 60 -sc_threshold 0 -bsf:v h264_mp4toannexb -f h264 "$work/src.h264"
printf 'source %s 30 fps, %s s, preset %s, load %s\n' "$SOURCE" "$SECONDS_RUN" "$PRESET" "$(cut -d' ' -f1-3 /proc/loadavg)"
for rung in "360 800" "240 400"; do
  set -- $rung
  /usr/bin/time -f "%U %S" -o "$work/time" bash -c "ffmpeg -hide_banner -loglevel error -re -i '$work/src.h264' -c copy -f h264 pipe:1 | \
    ffmpeg -hide_banner -nostats -loglevel error -probesize 32 -analyzeduration 0 -threads 1 \
      -framerate 30 -f h264 -i pipe:0 -an -fps_mode passthrough -vf scale=-2:$1 \
      -c:v libx264 -preset $PRESET -tune zerolatency -profile:v main -pix_fmt yuv420p -b:v ${2}k -maxrate ${2}k -bufsize ${2}k \
      -force_key_frames source -x264-params keyint=infinite:scenecut=0:aud=1 -flush_packets 1 -f h264 pipe:1 > '$work/out.h264'"
  # The feeding ffmpeg (-re, stream copy) costs almost nothing; subtract nothing and say so.
  read -r user sys < "$work/time"
  awk -v u="$user" -v s="$sys" -v t="$SECONDS_RUN" -v h="$1" -v k="$2" 'BEGIN { printf "%sp %s kbit/s: %.1f%% of one core (%.2f s CPU over %s s, feeder included)\n", h, k, 100*(u+s)/t, u+s, t }'
done
