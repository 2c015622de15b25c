// Plays an HLS URL with hls.js in headless Chromium and prints one JSON line:
// {ok, reason, start, currentTime, buffered, errors, latenciesMs, levels, videoHeight}. Usage: node play.js URL SECONDS GUARD_SECONDS [HEIGHT]
// HEIGHT pins hls.js to the variant of that height (an ABR ladder rendition) instead of letting it choose.
// The guard only stops a run that can never succeed; success is the playhead advancing SECONDS.
const { chromium } = require('playwright-core');

const [, , url, seconds = '5', guard = '90', height = '0'] = process.argv;

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => process.stderr.write(`[page] ${m.text()}\n`));
    await page.setContent('<!doctype html><video id="v" muted playsinline></video>');
    await page.addScriptTag({ path: require.resolve('hls.js/dist/hls.min.js') });
    const result = await page.evaluate(
      ({ url, need, guardMs, height }) =>
        new Promise((resolve) => {
          const video = document.getElementById('v');
          const hls = new Hls({ lowLatencyMode: true });
          const errors = [];
          const latenciesMs = [];
          let start = null;
          let timer = null;
          let guardTimer = null;
          const ranges = (r) => Array.from({ length: r.length }, (_, i) => [r.start(i), r.end(i)]);
          const finish = (ok, reason) => {
            clearInterval(timer);
            clearTimeout(guardTimer);
            const r = { ok, reason, start, currentTime: video.currentTime, buffered: ranges(video.buffered), errors, latenciesMs, live: !!(hls.levels[0] && hls.levels[0].details && hls.levels[0].details.live),
              levels: hls.levels.map((l) => ({ width: l.width, height: l.height, bitrate: l.bitrate, codecs: l.codecSet })), level: hls.currentLevel,
              videoWidth: video.videoWidth, videoHeight: video.videoHeight, quality: (() => {
                const q = video.getVideoPlaybackQuality();
                return { total: q.totalVideoFrames, dropped: q.droppedVideoFrames, corrupted: q.corruptedVideoFrames || 0 };
              })() };
            hls.destroy();
            resolve(r);
          };
          guardTimer = setTimeout(() => finish(false, 'guard timeout'), guardMs);
          hls.on(Hls.Events.ERROR, (_, d) => {
            // reason and the fragment or part say where a hole or stall was (bufferSeekOverHole names both ends).
            const at = d.part || d.frag;
            errors.push({ type: d.type, details: d.details, fatal: d.fatal, reason: d.reason || (d.error && d.error.message) || null,
              at: at ? { sn: at.sn, index: at.index === undefined ? null : at.index, start: at.start, duration: at.duration } : null,
              currentTime: video.currentTime, buffered: ranges(video.buffered) });
            if (d.fatal) finish(false, `fatal ${d.type} ${d.details}`);
          });
          hls.on(Hls.Events.MANIFEST_PARSED, () => {
            if (height > 0) {
              const pinned = hls.levels.findIndex((l) => l.height === height);
              if (pinned < 0) return finish(false, `no level of height ${height}`);
              hls.currentLevel = pinned;
            }
            video.play().catch((e) => errors.push({ play: String(e) }));
          });
          hls.loadSource(url);
          hls.attachMedia(video);
          timer = setInterval(() => {
            if (start === null && video.currentTime > 0 && !video.paused) start = video.currentTime;
            // Latency against EXT-X-PROGRAM-DATE-TIME, which the packager takes from capture time.
            if (start !== null && hls.playingDate) latenciesMs.push(Date.now() - hls.playingDate.getTime());
            if (start !== null && video.currentTime - start >= need && (height === 0 || video.videoHeight === height)) finish(true, 'advanced');
          }, 200);
        }),
      { url, need: Number(seconds), guardMs: Number(guard) * 1000, height: Number(height) },
    );
    console.log(JSON.stringify(result));
    process.exitCode = result.ok ? 0 : 2;
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.log(JSON.stringify({ ok: false, reason: String(e) }));
  process.exitCode = 1;
});
