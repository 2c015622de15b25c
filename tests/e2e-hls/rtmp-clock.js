// An RTMP publisher that draws the glass-to-glass clock (glass.js's CODE) the way an encoder sees a camera: this
// process draws Date.now() into each raw 640x360 yuv420p frame at the moment the frame is due (30 fps, paced by the
// wall clock) and pipes it to ffmpeg (Debian), which encodes H.264 + AAC as docs/obs.md recommends for real-time
// viewers (libx264 veryfast, tune zerolatency (no lookahead), B-frames 0 (-bf 0, which zerolatency implies: WHEP
// refuses B-frames), main profile, CBR 2.5 Mbit/s, keyframe every 2 s, AAC 128 kbit/s 48 kHz) and publishes it with -f flv. The drawn blocks are the same fractions of the
// frame as the Chromium publisher's canvas, so glass.js decodes them with the same code.
//
// startRtmpClock(url, code, { seconds }) -> { stats(), stop() }. ffmpeg also stops by itself after `seconds` (-t),
// so it cannot outlive a crashed caller for long.
const { spawn } = require('child_process');

const W = 640;
const H = 360;
const FPS = 30;
const Y = W * H;
const C = (W / 2) * (H / 2);
// Limited-range luma: 235 is white and 16 black once decoded to RGB, as a camera's encoder produces.
const WHITE = 235;
const BLACK = 16;
const GREY = 126;

function startRtmpClock(url, code, { seconds = 600, log = (line) => process.stderr.write(`[rtmp] ${line}\n`) } = {}) {
  const args = [
    '-hide_banner', '-loglevel', 'warning',
    '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${W}x${H}`, '-r', String(FPS), '-thread_queue_size', '64', '-i', 'pipe:0',
    // No -re: ffmpeg takes the stream with the lowest timestamp next, so the tone is generated as the frames arrive.
    // With -re the tone ran on ffmpeg's clock, which starts after its set-up and the RTMP connect, and every frame
    // waited that long in ffmpeg's input queue (3.5 s more glass to glass at load 30).
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-map', '0:v', '-map', '1:a', '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'main', '-pix_fmt', 'yuv420p',
    '-bf', '0', '-g', String(2 * FPS), '-keyint_min', String(2 * FPS), '-sc_threshold', '0',
    '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '2500k',
    '-c:a', 'aac', '-b:a', '128k', '-ar', '48000',
    '-flush_packets', '1', '-f', 'flv', url,
  ];
  const ffmpeg = spawn('/usr/bin/ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  ffmpeg.stderr.setEncoding('utf8');
  ffmpeg.stderr.on('data', (d) => d.split('\n').filter(Boolean).forEach(log));
  ffmpeg.stdin.on('error', () => { /* ffmpeg exited; the exit is reported */ });

  const frame = Buffer.alloc(Y + 2 * C, 128);
  const bw = W * code.blockW;
  const bh = H * code.blockH;
  const state = { framesWritten: 0, lateFrames: 0, maxLateMs: 0, exitCode: null, exitSignal: null, stopped: false };
  const exited = new Promise((resolve) => ffmpeg.on('exit', (c, s) => { state.exitCode = c; state.exitSignal = s; resolve(); }));

  const fillBlock = (x0, y0, w, h, luma) => {
    for (let y = Math.floor(y0); y < Math.floor(y0 + h); y++) frame.fill(luma, y * W + Math.floor(x0), y * W + Math.floor(x0 + w));
  };
  const draw = (now, n) => {
    frame.fill(GREY, 0, Y);
    for (let row = 0; row < 2 * code.dataRows; row++) {
      const dataRow = row % code.dataRows;
      const inverted = row >= code.dataRows;
      for (let col = 0; col < code.cols; col++) {
        const bit = Math.floor(now / 2 ** (dataRow * code.cols + col)) % 2;
        fillBlock(col * bw, row * bh, bw, bh, (bit === 1) !== inverted ? WHITE : BLACK);
      }
    }
    // Something that moves, for people looking at a recording.
    fillBlock((n * 8) % (W - 40), H - 40, 40, 30, BLACK);
  };

  let started = Date.now();
  (async () => {
    for (let n = 0; !state.stopped && state.exitCode === null && state.exitSignal === null; n++) {
      // The schedule starts when ffmpeg has taken the first frame (after its set-up), as a camera starts with the encoder.
      if (n === 1) started = Date.now() - 1000 / FPS;
      const due = started + (n * 1000) / FPS;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const now = Date.now();
      // Never skip a frame: the encoder counts time in frames, so a skipped one would make the media run slow.
      // A late frame is drawn with the time it is drawn at, and the lateness is reported.
      if (now - due > 1000 / FPS) { state.lateFrames++; state.maxLateMs = Math.max(state.maxLateMs, Math.round(now - due)); }
      draw(now, n);
      if (state.stopped) break;
      state.framesWritten++;
      // A copy: the pipe may still hold part of the previous write while the next frame is drawn.
      if (!ffmpeg.stdin.write(Buffer.from(frame))) await new Promise((r) => { ffmpeg.stdin.once('drain', r); exited.then(r); });
    }
  })().catch((e) => log(`frame loop failed: ${e}`));

  return {
    stats: () => ({ ...state, seconds: (Date.now() - started) / 1000, fps: Math.round((10 * state.framesWritten * 1000) / (Date.now() - started)) / 10 }),
    async stop() {
      state.stopped = true;
      // SIGINT: ffmpeg finishes the FLV stream and closes the RTMP session as an encoder's "stop streaming" does.
      ffmpeg.stdin.end();
      if (state.exitCode === null && state.exitSignal === null) ffmpeg.kill('SIGINT');
      const killed = setTimeout(() => ffmpeg.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killed);
      return this.stats();
    },
  };
}

module.exports = { startRtmpClock };
