// Glass-to-glass latency: one headless Chromium draws Date.now() as a block code into a canvas every
// frame and publishes canvas.captureStream() + an oscillator over WHIP; a second headless Chromium plays
// the room's HLS with hls.js (the web player's live settings, gateway/wwwroot/js/hls-config.js) and
// decodes the drawn clock from the <video> ten times a second. Both browsers run on this machine, so
// latency = Date.now() - decoded clock needs no clock sync.
//
// With rtmpUrl (rtmp://host:port/live/{streamKey}) the publisher is ffmpeg over RTMP instead (rtmp-clock.js: this
// process draws the same clock into raw frames and pipes them to ffmpeg). With whepUrl the viewer plays over WHEP;
// viewerBaseUrl (default baseUrl) is the gateway the viewer watches on, when it is not the one the publisher uses.
//
// Usage: node glass.js '<json>' with { baseUrl, room, key, hlsUrl, seconds, warmupSeconds? (5), guardSeconds?, hlsConfig?,
// rtmpUrl?, whepUrl?, whepVideoOnly? (true: the WHEP viewer offers no audio, so the browser has no audio to hold the
// picture back for lip sync), viewerBaseUrl?, stock? (true: stock hls.js with lowLatencyMode only and no live-edge
// keeper, as a third-party page plays it) }.
// Prints one JSON line: { ok, reason, samples, decodeFailures, distinctClocks, latencyMs: {p50,p95,max,min},
// steadyLatencyMs (after the first 10 s), pdtLatencyMs, hlsJsLatencyMs, bufferAheadMs, publisher: {...}, errors }.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { startRtmpClock } = require('./rtmp-clock.js');

const config = JSON.parse(process.argv[2]);
const seconds = Number(config.seconds || 60);
const guardMs = 1000 * Number(config.guardSeconds || seconds + 90);
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const args = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required',
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
];

// The clock code shared by the drawing and the decoding side: COLS x DATA_ROWS blocks carry bits 0..47 of
// Date.now() (white = 1), then the same rows inverted as the check pattern. Sizes are fractions of the
// frame, so a downscaled encode still decodes.
const CODE = { cols: 16, dataRows: 3, blockW: 1 / 16, blockH: 40 / 360 };

async function publisherPage({ room, key, code }) {
  {
    const W = 640, H = 360;
    const canvas = document.createElement('canvas');
    canvas.width = W; canvas.height = H;
    document.body.appendChild(canvas);
    const g = canvas.getContext('2d');
    const bw = W * code.blockW, bh = H * code.blockH;
    let frame = 0;
    const draw = () => {
      const now = Date.now();
      g.fillStyle = '#808080';
      g.fillRect(0, 0, W, H);
      for (let row = 0; row < 2 * code.dataRows; row++) {
        const dataRow = row % code.dataRows;
        const inverted = row >= code.dataRows;
        for (let col = 0; col < code.cols; col++) {
          const bit = Math.floor(now / 2 ** (dataRow * code.cols + col)) % 2;
          g.fillStyle = (bit === 1) !== inverted ? '#ffffff' : '#000000';
          g.fillRect(col * bw, row * bh, bw, bh);
        }
      }
      // For people looking at a recording: the time, and something that moves.
      g.fillStyle = '#000000';
      g.font = '28px monospace';
      g.fillText(new Date(now).toISOString().slice(11, 23), 20, H - 70);
      g.fillRect((frame * 8) % W, H - 40, 40, 30);
      frame++;
    };
    draw();
    setInterval(draw, 1000 / 60);

    const stream = canvas.captureStream(30);
    const audio = new AudioContext();
    const osc = audio.createOscillator();
    osc.frequency.value = 440;
    const dest = audio.createMediaStreamDestination();
    osc.connect(dest);
    osc.start();
    await audio.resume();

    const pc = new RTCPeerConnection();
    pc.addTransceiver(dest.stream.getAudioTracks()[0], { direction: 'sendonly' });
    const video = pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly' });
    video.setCodecPreferences(RTCRtpSender.getCapabilities('video').codecs.filter((c) => c.mimeType === 'video/H264'));
    await pc.setLocalDescription(await pc.createOffer());
    const response = await fetch(`/api/live/${room}/whip`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${key}` },
      body: pc.localDescription.sdp,
    });
    if (response.status !== 201) return { status: response.status, body: await response.text() };
    const location = response.headers.get('Location');
    await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    for (let i = 0; i < 150 && pc.connectionState !== 'connected'; i++) await new Promise((r) => setTimeout(r, 100));
    window.__whip = { pc, location };
    return { status: 201, location, connectionState: pc.connectionState };
  }
}

async function publisherStats(page) {
  return page.evaluate(async () => {
    const out = {};
    (await window.__whip.pc.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        Object.assign(out, {
          framesEncoded: s.framesEncoded, keyFramesEncoded: s.keyFramesEncoded, pliCount: s.pliCount,
          frameWidth: s.frameWidth, frameHeight: s.frameHeight, framesPerSecond: s.framesPerSecond,
          encoderImplementation: s.encoderImplementation, qualityLimitationReason: s.qualityLimitationReason,
          avgEncodeMs: s.framesEncoded ? Math.round((1000 * s.totalEncodeTime) / s.framesEncoded) : null,
          avgPacketSendDelayMs: s.packetsSent ? Math.round((1000 * s.totalPacketSendDelay) / s.packetsSent) : null,
        });
      }
    });
    return out;
  });
}

function viewerPage({ url, hlsConfig, seconds, code, whepUrl, whepVideoOnly }) {
  return new Promise((resolve) => {
    const video = document.getElementById('v');
    // WHEP mode: a recvonly RTCPeerConnection instead of hls.js; the same clock decoding.
    // hls.js's own debug log, kept in a ring and attached to each long append gap (issue 16's 6 s gaps): which
    // fragment it picked and why it loaded nothing is only visible there.
    const hlsLog = [];
    const logStart = Date.now(); // the same origin as joinedAt (below), which the Hls constructor would read too early
    const logAt = (level) => (...a) => {
      hlsLog.push({ at: Date.now() - logStart, level, msg: a.map(String).join(' ').slice(0, 400) });
      if (hlsLog.length > 4000) hlsLog.shift();
    };
    const logger = { trace: logAt('trace'), debug: logAt('debug'), log: logAt('log'), info: logAt('info'), warn: logAt('warn'), error: logAt('error') };
    const hls = whepUrl ? null : new Hls(Object.assign({}, hlsConfig, { debug: logger }));
    if (hls && typeof keepNearLive === 'function') keepNearLive(hls, video);
    // What the stream controller decides on each idle tick (issue 16's 6 s gaps: hls.js loads nothing and logs
    // nothing). Logged into the same ring only when the decision changes.
    if (hls && hls.streamController) {
      const sc = hls.streamController;
      const orig = { getNextFragment: sc.getNextFragment, isLoopLoading: sc.isLoopLoading, loadFragment: sc.loadFragment, waitForLive: sc.waitForLive };
      let tick = {};
      let lastLine = '';
      const fr = (f) => (f ? `${f.sn}${f.relurl ? '' : 'h'}[${f.start.toFixed(3)}-${f.end.toFixed(3)}]` : 'null');
      sc.waitForLive = function (...a) { const r = orig.waitForLive.apply(this, a); tick.wait = r; return r; };
      sc.getNextFragment = function (pos, details) {
        const r = orig.getNextFragment.call(this, pos, details);
        const tracker = this.fragmentTracker;
        const partsOf = r && details.partList ? details.partList.filter((p) => p.fragment.sn === r.sn).map((p) => `${p.index}${p.loaded ? 'L' : ''}${p.independent ? 'I' : ''}`).join(',') : '';
        tick.next = `pos=${pos.toFixed(4)} next=${fr(r)} state=${r && tracker ? tracker.getState(r) : '-'} prev=${fr(this.fragPrevious)} prevState=${this.fragPrevious && tracker ? tracker.getState(this.fragPrevious) : '-'} nlp=${this.nextLoadPosition} parts=${partsOf} partEnd=${details.partEnd} fragEnd=${details.fragmentEnd} hint=${fr(details.fragmentHint)} loadingParts=${this.loadingParts}`;
        return r;
      };
      sc.isLoopLoading = function (...a) { const r = orig.isLoopLoading.apply(this, a); tick.loop = r; return r; };
      sc.loadFragment = function (...a) { tick.load = `${a[0].sn}@${a[2]}`; return orig.loadFragment.apply(this, a); };
      const origIdle = sc.doTickIdle;
      sc.doTickIdle = function (...a) {
        tick = {};
        const r = origIdle.apply(this, a);
        const line = `tick wait=${tick.wait} ${tick.next || 'no-next'} loop=${tick.loop} load=${tick.load || '-'}`;
        if (line !== lastLine) { logAt('tick')(line); lastLine = line; }
        return r;
      };
    }
    let seeks = 0;
    video.addEventListener('seeking', () => { seeks++; });
    const errors = [];
    const latencies = [];
    const pdt = [];
    const hlsLatency = [];
    const buffered = [];
    let failures = 0;
    let distinct = 0;
    let lastClock = -1;
    let startedAt = null;
    const canvas = document.createElement('canvas');
    canvas.width = 320; canvas.height = 180;
    const g = canvas.getContext('2d', { willReadFrequently: true });
    const bw = canvas.width * code.blockW, bh = canvas.height * code.blockH;

    const decode = () => {
      g.drawImage(video, 0, 0, canvas.width, canvas.height);
      const rows = 2 * code.dataRows;
      const img = g.getImageData(0, 0, canvas.width, Math.ceil(rows * bh));
      const bitAt = (row, col) => {
        // Mean luma of the block's middle half.
        let sum = 0, n = 0;
        for (let y = Math.floor((row + 0.25) * bh); y < Math.floor((row + 0.75) * bh); y++) {
          for (let x = Math.floor((col + 0.25) * bw); x < Math.floor((col + 0.75) * bw); x++) {
            const i = 4 * (y * img.width + x);
            sum += 0.299 * img.data[i] + 0.587 * img.data[i + 1] + 0.114 * img.data[i + 2];
            n++;
          }
        }
        return sum / n >= 128 ? 1 : 0;
      };
      let clock = 0;
      for (let row = 0; row < code.dataRows; row++) {
        for (let col = 0; col < code.cols; col++) {
          const bit = bitAt(row, col);
          if (bit === bitAt(row + code.dataRows, col)) return null; // the check pattern disagrees
          clock += bit * 2 ** (row * code.cols + col);
        }
      }
      return clock;
    };

    let pc = null;
    let whep = null;
    const joinedAt = Date.now();
    let lastAppend = null;
    const appendGaps = [];
    const finish = async (ok, reason) => {
      clearInterval(timer);
      clearTimeout(guard);
      if (hls) hls.destroy();
      if (pc) {
        const stats = { framesDecoded: 0, nackCount: 0, pliCount: 0, firCount: 0, packetsLost: 0, audioPacketsReceived: 0 };
        (await pc.getStats()).forEach((r) => {
          if (r.type === 'inbound-rtp' && r.kind === 'video') {
            Object.assign(stats, { framesDecoded: r.framesDecoded, keyFramesDecoded: r.keyFramesDecoded, nackCount: r.nackCount,
              pliCount: r.pliCount, firCount: r.firCount, packetsLost: r.packetsLost, packetsReceived: r.packetsReceived,
              frameWidth: r.frameWidth, frameHeight: r.frameHeight, jitterBufferMs: r.jitterBufferEmittedCount ? Math.round(1000 * r.jitterBufferDelay / r.jitterBufferEmittedCount) : null });
          }
          if (r.type === 'inbound-rtp' && r.kind === 'audio') {
            stats.audioPacketsReceived = r.packetsReceived;
            // NetEq's view of the sound: its playout delay, and how much it stretched (concealed, slowed) or squeezed.
            stats.audio = { jitterBufferMs: r.jitterBufferEmittedCount ? Math.round(1000 * r.jitterBufferDelay / r.jitterBufferEmittedCount) : null,
              targetMs: r.jitterBufferEmittedCount ? Math.round(1000 * (r.jitterBufferTargetDelay || 0) / r.jitterBufferEmittedCount) : null,
              totalSamplesReceived: r.totalSamplesReceived, concealedSamples: r.concealedSamples,
              insertedSamplesForDeceleration: r.insertedSamplesForDeceleration, removedSamplesForAcceleration: r.removedSamplesForAcceleration,
              totalSamplesDuration: r.totalSamplesDuration, jitter: r.jitter };
          }
        });
        whep.stats = stats;
        whep.connectionState = pc.connectionState;
        whep.deleteStatus = (await fetch(whep.location, { method: 'DELETE' })).status;
        pc.close();
      }
      resolve({ ok, reason, samples: latencies.length, failures, distinct, latencies, pdt, hlsLatency, buffered, errors,
        currentTime: video.currentTime, seeks, whep, appendGaps });
    };
    const guard = setTimeout(() => finish(false, 'guard timeout'), (seconds + 60) * 1000);
    if (hls) {
      hls.on(Hls.Events.ERROR, (_, d) => {
        errors.push({ at: Date.now() - joinedAt, type: d.type, details: d.details, fatal: d.fatal, reason: d.reason, error: d.error ? String(d.error) : undefined, parent: d.parent, buffer: d.sourceBufferName, t: Math.round(video.currentTime * 1000) });
        if (d.fatal) finish(false, `fatal ${d.type} ${d.details}`);
      });
      // When each part or segment reached the buffer: a stall after a long gap here is late delivery (publisher,
      // ingest, packager or the blocking reload), a stall without one is a defect in the appended media.
      // Issue 16's 6 s gaps: the playlist loads during a long gap (requested directives, what came back, whether hls.js
      // took it as advanced, how long the load took: a few ms is an answer from the HTTP cache) go with the gap.
      const levelLoads = [];
      hls.on(Hls.Events.LEVEL_LOADED, (_, d) => {
        const url = d.networkDetails && d.networkDetails.responseURL ? d.networkDetails.responseURL : '';
        const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
        const l = d.stats && d.stats.loading;
        levelLoads.push({ at: Date.now() - joinedAt, query, lastPartSn: d.details.lastPartSn, lastPartIndex: d.details.lastPartIndex,
          endSN: d.details.endSN, advanced: d.details.advanced, updated: d.details.updated, ms: l ? Math.round(l.end - l.start) : null,
          firstByteMs: l ? Math.round(l.first - l.start) : null });
        if (levelLoads.length > 200) levelLoads.shift();
      });
      // And the part and segment loads (which one hls.js asked for, when, how long it took), for the same gaps.
      const fragLoads = [];
      const fragKey = (d) => `${d.frag.sn}.${d.part ? d.part.index : -1}`;
      hls.on(Hls.Events.FRAG_LOADING, (_, d) => {
        fragLoads.push({ at: Date.now() - joinedAt, key: fragKey(d), loadedMs: null });
        if (fragLoads.length > 200) fragLoads.shift();
      });
      hls.on(Hls.Events.FRAG_LOADED, (_, d) => {
        const key = fragKey(d);
        const entry = fragLoads.findLast((x) => x.key === key && x.loadedMs === null);
        if (entry) entry.loadedMs = Date.now() - joinedAt - entry.at;
      });
      hls.on(Hls.Events.FRAG_BUFFERED, (_, d) => {
        const now = Date.now() - joinedAt;
        if (lastAppend !== null && now - lastAppend >= 700) {
          const gap = { at: now, gapMs: now - lastAppend, sn: d.frag.sn, part: d.part ? d.part.index : -1 };
          if (gap.gapMs >= 1500) gap.frags = fragLoads.filter((x) => x.at >= lastAppend - 1000);
          if (gap.gapMs >= 1500) gap.loads = levelLoads.filter((x) => x.at >= lastAppend - 1000);
          if (gap.gapMs >= 1500) gap.log = hlsLog.filter((x) => x.at >= lastAppend - 300 && x.level !== 'trace');
          appendGaps.push(gap);
        }
        lastAppend = now;
      });
      hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch((e) => errors.push({ play: String(e) })));
      hls.loadSource(url);
      hls.attachMedia(video);
    } else {
      (async () => {
        pc = new RTCPeerConnection();
        pc.addTransceiver('video', { direction: 'recvonly' });
        if (!whepVideoOnly) pc.addTransceiver('audio', { direction: 'recvonly' });
        const stream = new MediaStream();
        pc.ontrack = (e) => { stream.addTrack(e.track); video.srcObject = stream; video.play().catch((err) => errors.push({ play: String(err) })); };
        await pc.setLocalDescription(await pc.createOffer());
        const response = await fetch(whepUrl, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
        whep = { status: response.status, location: response.headers.get('Location'), audio: response.headers.get('Stagecast-Whep-Audio') };
        if (response.status !== 201) { whep.body = await response.text(); finish(false, `WHEP answered ${response.status}`); return; }
        await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
      })().catch((e) => { errors.push({ whep: String(e) }); finish(false, `WHEP failed: ${e}`); });
    }
    const timer = setInterval(() => {
      if (video.readyState < 2 || video.paused || video.currentTime <= 0) return;
      const now = Date.now();
      const clock = decode();
      if (clock === null || clock > now + 1000 || clock < now - 60000) {
        failures++;
        return;
      }
      if (startedAt === null) startedAt = now;
      if (clock !== lastClock) { distinct++; lastClock = clock; }
      latencies.push(now - clock);
      if (hls && hls.playingDate) pdt.push(now - hls.playingDate.getTime());
      if (hls && Number.isFinite(hls.latency)) hlsLatency.push(Math.round(hls.latency * 1000));
      const b = video.buffered;
      if (b.length) buffered.push(Math.round((b.end(b.length - 1) - video.currentTime) * 1000));
      if (now - startedAt >= seconds * 1000) finish(true, 'measured');
    }, 100);
  });
}

const stats = (values) => {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, min: s[0], p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
};

async function waitForPlaylist(url, deadline) {
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.status === 200) return true;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main() {
  const started = Date.now();
  const phase = (name) => process.stderr.write(`[glass] ${((Date.now() - started) / 1000).toFixed(1)} s ${name}\n`);
  const rtmp = config.rtmpUrl ? startRtmpClock(config.rtmpUrl, CODE, { seconds: seconds + 150 }) : null;
  const publisher = rtmp ? null : await chromium.launch({ executablePath, headless: true, args });
  let viewer = null;
  let pubPage = null;
  const result = { ok: false };
  try {
    if (publisher) {
      pubPage = await publisher.newPage();
      pubPage.on('console', (m) => process.stderr.write(`[publisher] ${m.text()}\n`));
      await pubPage.goto(config.baseUrl);
      const whip = await pubPage.evaluate(publisherPage, { room: config.room, key: config.key, code: CODE });
      result.whip = whip;
      if (whip.status !== 201) throw new Error(`WHIP answered ${whip.status}: ${whip.body}`);
    }
    phase('published');
    if (!(await waitForPlaylist(config.hlsUrl, started + 60000))) throw new Error('the room never went live');
    phase('live');
    // A viewer joins a live that is already running, not its first second.
    await new Promise((r) => setTimeout(r, 1000 * Number(config.warmupSeconds ?? 5)));

    viewer = await chromium.launch({ executablePath, headless: true, args });
    const page = await viewer.newPage();
    page.on('console', (m) => process.stderr.write(`[viewer] ${m.text()}\n`));
    if (config.whepUrl) {
      // Same origin as the gateway, so that the WHEP POST needs no CORS.
      await page.goto(config.viewerBaseUrl || config.baseUrl);
      await page.evaluate(() => { document.body.innerHTML = '<video id="v" muted playsinline autoplay width="640" height="360"></video>'; });
    } else {
      await page.setContent('<!doctype html><body style="margin:0"><video id="v" muted playsinline width="640" height="360"></video></body>');
    }
    let hlsConfig = config.hlsConfig;
    if (!config.whepUrl) {
      await page.addScriptTag({ path: require.resolve('hls.js/dist/hls.min.js') });
      if (config.stock) {
        // A third-party page: stock hls.js with only lowLatencyMode, no live-edge keeper (issue 16's second target).
        if (!hlsConfig) hlsConfig = { lowLatencyMode: true };
      } else {
        // The web player's own settings and live-edge keeper, so that what is measured is what viewers get.
        const source = fs.readFileSync(path.join(__dirname, '..', '..', 'gateway', 'wwwroot', 'js', 'hls-config.js'), 'utf8');
        await page.addScriptTag({ content: source.replace(/^export /gm, '') });
        if (!hlsConfig) hlsConfig = await page.evaluate(() => LIVE_HLS_CONFIG);
      }
    }
    result.hlsConfig = hlsConfig;
    phase('viewer ready');
    const measured = await Promise.race([
      page.evaluate(viewerPage, { url: config.hlsUrl, hlsConfig, seconds, code: CODE, whepUrl: config.whepUrl, whepVideoOnly: !!config.whepVideoOnly }),
      // unref: once measured, the pending guard must not keep node running (it held every run ~90 s past its end).
      new Promise((_, reject) => setTimeout(() => reject(new Error('guard timeout')), guardMs).unref()),
    ]);
    phase('measured');
    result.publisher = pubPage ? await publisherStats(pubPage) : rtmp.stats();
    Object.assign(result, {
      ok: measured.ok,
      reason: measured.reason,
      samples: measured.samples,
      decodeFailures: measured.failures,
      distinctClocks: measured.distinct,
      latencyMs: stats(measured.latencies),
      // After the first 10 s (the join and hls.js catching up to its target latency).
      steadyLatencyMs: stats(measured.latencies.slice(100)),
      pdtLatencyMs: stats(measured.pdt),
      hlsJsLatencyMs: stats(measured.hlsLatency),
      bufferAheadMs: stats(measured.buffered),
      // Seeks during playback: hls.js's own start/gap jumps and keepNearLive's jumps back to the live edge.
      seeks: measured.seeks,
      whep: measured.whep,
      // Parts that reached the buffer 0.7 s or more after the one before (ms since the viewer joined).
      appendGaps: measured.appendGaps,
      firstLatencies: measured.latencies.slice(0, 5),
      // The median of each second's samples (10 a second): whether latency drifts, steps or settles over the run.
      latencyBySecond: Array.from({ length: Math.ceil(measured.latencies.length / 10) },
        (_, i) => stats(measured.latencies.slice(10 * i, 10 * i + 10)).p50),
      lastLatencies: measured.latencies.slice(-5),
      errors: measured.errors.slice(0, 20),
      // Every hls.js error by its details (bufferStalledError, bufferSeekOverHole, ...) over the whole run.
      errorCounts: measured.errors.reduce((counts, e) => {
        const key = e.details || (e.play ? 'play' : 'other');
        counts[key] = (counts[key] || 0) + 1;
        return counts;
      }, {}),
    });
    if (pubPage) {
      await pubPage.evaluate(async () => {
        await fetch(window.__whip.location, { method: 'DELETE' });
        window.__whip.pc.close();
      });
    }
  } catch (e) {
    result.reason = String((e && e.stack) || e);
  } finally {
    if (viewer) await viewer.close();
    if (publisher) await publisher.close();
    if (rtmp) result.publisher = await rtmp.stop();
  }
  phase('closed');
  console.log(JSON.stringify(result));
  process.exitCode = result.ok ? 0 : 2;
}

// whep-werift.js reuses the publisher.
module.exports = { publisherPage, waitForPlaylist, args, executablePath, CODE };
if (require.main === module) main();
