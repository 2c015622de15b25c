#!/usr/bin/env python3
"""The AAC-to-Opus transcoder's own delay (issue 16): AAC frames (ADTS, 48 kHz, as the RTMP glass publisher sends)
are written to ffmpeg at the pace they are captured, with the arguments of media/Whep/AacOpusTranscoder.cs (keep them
the same), and each Opus RTP packet's arrival is set against the moment the last AAC frame it needs was written.

    python3 tests/Stagecast.Ingest.Load/transcoder-delay.py [seconds]
"""
import socket, subprocess, sys, tempfile, threading, time, os

seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
rate, frame_samples = 48000, 1024
src = os.path.join(tempfile.mkdtemp(), "tone.aac")
subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", f"sine=f=440:sample_rate={rate}:d={seconds}",
                "-c:a", "aac", "-b:a", "128k", "-f", "adts", src], check=True)
data = open(src, "rb").read()
frames, i = [], 0
while i + 7 <= len(data):
    length = ((data[i + 3] & 3) << 11) | (data[i + 4] << 3) | (data[i + 5] >> 5)
    frames.append(data[i:i + length])
    i += length

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 0))
port = sock.getsockname()[1]
ffmpeg = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-fflags", "nobuffer", "-probesize", "32", "-analyzeduration", "0",
                           "-f", "aac", "-i", "pipe:0", "-c:a", "libopus", "-b:a", "96k", "-ar", "48000", "-ac", "2",
                           "-application", "lowdelay", "-frame_duration", "20", "-flush_packets", "1",
                           "-f", "rtp", "-payload_type", "111", f"rtp://127.0.0.1:{port}?pkt_size=1200"],
                          stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
arrivals = []

def receive():
    while True:
        packet = sock.recv(2000)
        arrivals.append((time.monotonic(), int.from_bytes(packet[4:8], "big")))

threading.Thread(target=receive, daemon=True).start()
start = time.monotonic() + 0.2
for k, frame in enumerate(frames):
    due = start + k * frame_samples / rate
    while time.monotonic() < due:
        time.sleep(0.0005)
    ffmpeg.stdin.write(frame)
    ffmpeg.stdin.flush()
time.sleep(0.5)
ffmpeg.kill()

# A 20 ms Opus packet (960 samples at 48 kHz) needs the AAC frame that holds its last sample.
first = arrivals[0][1]
delays = sorted((at - (start + int((ts - first + 960) / frame_samples) * frame_samples / rate)) * 1000 for at, ts in arrivals)
gaps = sorted((b[0] - a[0]) * 1000 for a, b in zip(arrivals, arrivals[1:]))
pick = lambda xs, q: xs[min(len(xs) - 1, int(len(xs) * q))]
print(f"{len(arrivals)} Opus packets from {len(frames)} AAC frames; delay after the frame was written: "
      f"min {delays[0]:.1f} / p50 {pick(delays, .5):.1f} / p95 {pick(delays, .95):.1f} / max {delays[-1]:.1f} ms; "
      f"gap between packets p5 {pick(gaps, .05):.1f} / p50 {pick(gaps, .5):.1f} / p95 {pick(gaps, .95):.1f} ms")
