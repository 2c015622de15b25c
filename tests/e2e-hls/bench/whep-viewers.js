// WHEP viewer-count benchmark (issue 16): one gateway (the built Release binary, as a child process), one room
// published over RTMP at about 2.5 Mbit/s (an ffmpeg-made 1280x720 30 fps H.264 clip, B-frames 0, keyframe every
// second, looped with -c copy so no encoder runs during the measurement), and N werift WHEP viewers spread over W
// Node worker processes. Viewers join at a bounded rate; once all are in (or the join deadline passed) every viewer
// records each frame's arrival (the marker packet) for SECONDS. Reported: viewers connected, frames delivered per
// viewer against the 30 fps sent, frame delay beyond the best frame (arrival minus RTP time over all viewers, the
// minimum subtracted: jitter and queueing, not absolute latency) and after the first viewer that got the same frame
// (the fan-out's spread) p50/p99/max, RTP sequence gaps, Mbit/s delivered,
// and CPU: the gateway process alone, measured over 8 s with the publisher and no viewer (after 8 s of warm-up) (RTMP ingest and HLS
// packaging), so "per viewer" is the gateway's CPU with the viewers minus that, divided by the viewers; and the viewers'.
//
// Usage (from tests/e2e-hls, after `npm ci` there and a Release build of the gateway):
//   node bench/whep-viewers.js [VIEWERS=300] [SECONDS=30] [WORKERS=cores] [JOIN_PER_SECOND=20]
// Prints a JSON line and a docs/BENCHMARKS.md table row. The viewers' own CPU (werift decrypts SRTP in JavaScript)
// dominates on a small box: WORKERS > cores gains nothing. On 16 cores, run with WORKERS=14.
const { spawn, fork, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint()) / 1e6;

if (process.argv[2] === 'worker') worker(JSON.parse(process.argv[3]));
else main().catch((e) => { console.error(e); process.exit(1); });

// ---- Orchestrator ----

async function main() {
  const viewers = Number(process.argv[2] || 300);
  const seconds = Number(process.argv[3] || 30);
  const workers = Math.min(viewers, Number(process.argv[4] || os.cpus().length));
  const joinPerSecond = Number(process.argv[5] || 20);
  const root = path.resolve(__dirname, '..', '..', '..');
  const dll = path.join(root, 'gateway', 'bin', 'Release', 'net10.0', 'Stagecast.Gateway.dll');
  if (!fs.existsSync(dll)) throw new Error(`build the gateway first: ${dll}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecast-whep-bench-'));
  const children = [];
  const cleanup = () => { for (const c of children) { try { c.kill('SIGKILL'); } catch { /* gone */ } } fs.rmSync(work, { recursive: true, force: true }); };
  process.on('exit', cleanup);
  process.on('SIGINT', () => process.exit(130));

  const clip = path.join(work, 'clip.flv');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '10',
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '0', '-g', '30', '-b:v', '2500k', '-maxrate', '2500k',
    '-bufsize', '1250k', '-pix_fmt', 'yuv420p', '-f', 'flv', clip]);

  const [httpPort, rtmpPort, siloPort, gatewayPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const base = `http://127.0.0.1:${httpPort}`;
  const gateway = spawn('dotnet', [dll, '--urls', base, `--Stagecast:DataDirectory=${path.join(work, 'data')}`,
    `--Stagecast:SiloPort=${siloPort}`, `--Stagecast:GatewayPort=${gatewayPort}`, '--Stagecast:Auth:AttemptsPerMinute=1000',
    '--Ingest:UdpPort=0', `--Stagecast:Rtmp:Port=${rtmpPort}`, '--Stagecast:Rtmp:BindAddress=127.0.0.1',
    '--Stagecast:Rtmp:WhepAudio=false', '--Replays:Enabled=false', '--Stagecast:Payments:Sandbox=true', '--Logging:LogLevel:Default=Warning'],
  { cwd: path.join(root, 'gateway'), env: { ...process.env, ASPNETCORE_ENVIRONMENT: 'Development', DOTNET_CLI_TELEMETRY_OPTOUT: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(gateway);
  await until(async () => { if (gateway.exitCode !== null) throw new Error('the gateway exited'); return (await fetch(`${base}/health`).catch(() => null))?.ok; }, 120000, 'the gateway did not become healthy');

  const username = `bench${Date.now().toString(36)}`;
  const auth = await json(fetch(`${base}/api/auth/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse battery' }) }));
  const room = await json(fetch(`${base}/api/live`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${auth.token}` }, body: JSON.stringify({ title: 'WHEP bench' }) }));
  const publisher = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-f', 'flv', `${room.rtmpUrl}/${room.streamKey}`], { stdio: 'ignore' });
  children.push(publisher);
  await until(async () => (await json(fetch(`${base}/api/live/${room.roomId}`))).status === 'live', 60000, 'the room did not go live');

  // The gateway's CPU with the publisher alone (RTMP ingest, HLS packaging): subtracted to get the cost of viewers.
  // Measured after the room's first seconds (JIT, grain activations, the first segments), which cost more than its steady state.
  await sleep(8000);
  const idle0 = procCpuSeconds(gateway.pid);
  const idleT0 = now();
  await sleep(8000);
  const publisherOnly = (procCpuSeconds(gateway.pid) - idle0) / ((now() - idleT0) / 1000);

  // Workers join their viewers at JOIN_PER_SECOND / WORKERS each.
  const shares = Array.from({ length: workers }, (_, i) => Math.floor(viewers / workers) + (i < viewers % workers ? 1 : 0));
  const procs = shares.map((count, i) => {
    const child = fork(__filename, ['worker', JSON.stringify({ base, roomId: room.roomId, count, joinPerSecond: joinPerSecond / workers, index: i })], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    children.push(child);
    return child;
  });
  const joined = await Promise.all(procs.map((p) => once(p, (m) => m.type === 'joined')));
  const connected = joined.reduce((a, m) => a + m.connected, 0);
  await sleep(3000); // settle: every viewer past its first keyframe

  const load1 = os.loadavg()[0];
  const cpu0 = procCpuSeconds(gateway.pid);
  const udp0 = udpStats();
  const t0 = now();
  procs.forEach((p) => p.send({ type: 'measure' }));
  await sleep(seconds * 1000);
  procs.forEach((p) => p.send({ type: 'stop' }));
  const reports = await Promise.all(procs.map((p) => once(p, (m) => m.type === 'report')));
  const elapsed = (now() - t0) / 1000;
  const gatewayCpu = (procCpuSeconds(gateway.pid) - cpu0) / elapsed;
  const udp1 = udpStats();
  const load2 = os.loadavg()[0];

  // Each frame's arrival at each viewer (its marker packet). Spread: after the first viewer that got the frame. Delay:
  // arrival minus the frame's RTP time (signed, from the first frame measured), minus the smallest such value.
  const first = new Map();
  const arrivals = reports.flatMap((r) => r.arrivals);
  for (let i = 0; i < arrivals.length; i += 2) {
    const seen = first.get(arrivals[i]);
    if (seen === undefined || arrivals[i + 1] < seen) first.set(arrivals[i], arrivals[i + 1]);
  }
  const ts0 = arrivals[0];
  const spread = [];
  const delays = [];
  for (let i = 0; i < arrivals.length; i += 2) {
    spread.push(arrivals[i + 1] - first.get(arrivals[i]));
    delays.push(arrivals[i + 1] - ((arrivals[i] - ts0) | 0) / 90);
  }
  const best = delays.reduce((m, d) => (d < m ? d : m), Infinity);
  for (let i = 0; i < delays.length; i++) delays[i] -= best;
  delays.sort((a, b) => a - b);
  spread.sort((a, b) => a - b);
  const at = (xs, p) => (xs.length ? round(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]) : NaN);
  const frames = reports.flatMap((r) => r.frames);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const result = {
    viewers, connected, workers, seconds: Number(elapsed.toFixed(1)), cores: os.cpus().length,
    load1: [Number(load1.toFixed(1)), Number(load2.toFixed(1))],
    framesPerViewer: { sent: Math.round(30 * elapsed), min: Math.min(...frames), median: frames.sort((a, b) => a - b)[frames.length >> 1] },
    deliveredFraction: Number((sum(frames) / (connected * 30 * elapsed)).toFixed(4)),
    frameDelayMs: { p50: at(delays, 0.5), p99: at(delays, 0.99), max: at(delays, 1) },
    spreadAcrossViewersMs: { p50: at(spread, 0.5), p99: at(spread, 0.99), max: at(spread, 1) },
    seqGaps: sum(reports.map((r) => r.seqGaps)),
    mbitDelivered: Number((sum(reports.map((r) => r.bytes)) * 8 / elapsed / 1e6).toFixed(1)),
    gatewayCpuCores: Number(gatewayCpu.toFixed(2)),
    gatewayCpuPublisherOnlyCores: Number(publisherOnly.toFixed(2)),
    gatewayCpuPerViewerMs: Number(((gatewayCpu - publisherOnly) * 1000 / Math.max(1, connected)).toFixed(2)),
    // System-wide (the box is shared): datagrams dropped because a receiving socket's buffer was full, or a send failed.
    udpReceiveBufferDrops: udp1.RcvbufErrors - udp0.RcvbufErrors,
    udpSendBufferErrors: udp1.SndbufErrors - udp0.SndbufErrors,
    viewersCpuCores: Number((sum(reports.map((r) => r.cpuSeconds)) / elapsed).toFixed(2)),
  };
  console.log(JSON.stringify(result));
  console.log(`| WHEP viewers, one RTMP room at 2.5 Mbit/s, ${result.cores} cores, load ${result.load1.join('-')} | ${connected}/${viewers} connected; `
    + `${(result.deliveredFraction * 100).toFixed(1)} % of frames delivered; frame delay beyond best p50 ${result.frameDelayMs.p50} / p99 ${result.frameDelayMs.p99} ms, after the first viewer p99 ${result.spreadAcrossViewersMs.p99} ms; ${result.seqGaps} sequence gaps, ${result.udpReceiveBufferDrops} datagrams dropped at full receive buffers; `
    + `${result.mbitDelivered} Mbit/s; gateway ${Math.round(gatewayCpu * 100)} % of a core, ${Math.round(publisherOnly * 100)} % before the viewers joined (${result.gatewayCpuPerViewerMs} ms CPU per viewer-second); viewers ${result.viewersCpuCores} cores | `
    + `\`node bench/whep-viewers.js ${viewers} ${seconds} ${workers} ${joinPerSecond}\` |`);
  process.exit(0);
}

// ---- Worker: COUNT werift viewers ----

function worker(config) {
  const { newViewerConnection } = require('../werift-viewer.js');
  const viewers = [];
  let measuring = false;
  let cpuStart = null;
  (async () => {
    const gap = 1000 / Math.max(0.1, config.joinPerSecond);
    const joins = [];
    for (let i = 0; i < config.count; i++) {
      joins.push(join(newViewerConnection, config).then((v) => viewers.push(v)).catch((e) => console.error(`viewer ${config.index}.${i}: ${e.message}`)));
      await sleep(gap);
    }
    await Promise.allSettled(joins);
    // Joined = first frame seen, within 60 s.
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline && viewers.some((v) => v.frames === 0)) await sleep(200);
    process.send({ type: 'joined', connected: viewers.filter((v) => v.frames > 0).length });
  })();
  process.on('message', (m) => {
    if (m.type === 'measure') {
      for (const v of viewers) Object.assign(v, { frames: 0, bytes: 0, seqGaps: 0, arrivals: [] });
      cpuStart = process.cpuUsage();
      measuring = true;
    } else if (m.type === 'stop') {
      measuring = false;
      const cpu = process.cpuUsage(cpuStart);
      const live = viewers.filter((v) => v.frames > 0);
      process.send({
        type: 'report',
        frames: live.map((v) => v.frames),
        arrivals: live.flatMap((v) => v.arrivals),
        seqGaps: live.reduce((a, v) => a + v.seqGaps, 0),
        bytes: live.reduce((a, v) => a + v.bytes, 0),
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      }, () => process.exit(0));
    }
  });

  async function join(newPc, { base, roomId }) {
    const pc = newPc();
    const v = { pc, frames: 0, bytes: 0, seqGaps: 0, lastSeq: null, arrivals: [] };
    const vt = pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    vt.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => {
      const seq = rtp.header.sequenceNumber;
      if (v.lastSeq !== null && seq !== ((v.lastSeq + 1) & 0xffff)) v.seqGaps++;
      v.lastSeq = seq;
      v.bytes += rtp.payload.length + 12;
      if (!rtp.header.marker) return;
      v.frames++;
      if (!measuring) return;
      // CLOCK_MONOTONIC: comparable across the worker processes.
      v.arrivals.push(rtp.header.timestamp, now());
    }));
    await pc.setLocalDescription(await pc.createOffer());
    for (let i = 0; i < 100 && pc.iceGatheringState !== 'complete'; i++) await sleep(50);
    const response = await fetch(`${base}/api/live/${encodeURIComponent(roomId)}/whep`, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
    const answer = await response.text();
    if (response.status !== 201) throw new Error(`WHEP answered ${response.status}: ${answer.slice(0, 200)}`);
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    return v;
  }
}

// ---- Helpers ----

function round(x) { return Math.round(x * 10) / 10; }

function procCpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks (USER_HZ 100)
}

function udpStats() {
  const lines = fs.readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const names = lines[0].split(/\s+/).slice(1);
  const values = lines[1].split(/\s+/).slice(1).map(Number);
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
    server.on('error', reject);
  });
}

async function json(responsePromise) {
  const response = await responsePromise;
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function until(condition, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try { if (await condition()) return; } catch (e) { if (/exited/.test(e.message)) throw e; }
    await sleep(250);
  }
  throw new Error(message);
}

function once(child, predicate) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => { if (predicate(m)) { child.off('message', onMessage); resolve(m); } };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}
