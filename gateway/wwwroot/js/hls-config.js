/**
 * hls.js settings of the live player (player.js). Kept in a file of its own, with no imports, so the
 * glass-to-glass measurement (tests/e2e-hls/glass.js) plays with exactly what viewers get.
 *
 * - No liveSyncDuration/liveSyncDurationCount: setting either makes hls.js ignore the server's
 *   PART-HOLD-BACK (1 s) and sit that many target durations (2 x 2 s = 4 s) behind the live edge.
 * - maxLiveSyncPlaybackRate: after a stall hls.js plays up to 1.5x until it is back at its target latency;
 *   at 1 (the default) every stall adds to the latency for good.
 * - liveSyncOnStallIncrease: each stall raises the target latency by this much (hls.js default 1 s).
 * - hls.js only speeds up while it is less than one target duration (2 s) past its target; a longer stall
 *   leaves it behind for good with seconds of buffer it never plays faster. keepNearLive (below) jumps
 *   to the live sync position instead, as live apps do.
 */
export const LIVE_HLS_CONFIG = Object.freeze({
  lowLatencyMode: true,
  maxLiveSyncPlaybackRate: 1.5,
  liveSyncOnStallIncrease: 0.25,
  backBufferLength: 30,
});

/**
 * Keeps a live hls.js player near the live edge: every half second, when it is more than `maxBehind` seconds
 * behind its target latency and the live sync position is already buffered, it seeks there (no new stall).
 * Returns a function that stops it; it also stops when hls.js is destroyed.
 */
export function keepNearLive(hls, video, { maxBehind = 1.5, everyMs = 500 } = {}) {
  const timer = setInterval(() => {
    const target = hls.targetLatency;
    const live = hls.liveSyncPosition;
    if (video.paused || !Number.isFinite(target) || !Number.isFinite(live) || !Number.isFinite(hls.latency)) return;
    if (hls.latency - target <= maxBehind || live <= video.currentTime) return;
    for (let i = 0; i < video.buffered.length; i++) {
      if (video.buffered.start(i) <= live && live < video.buffered.end(i) - 0.1) {
        video.currentTime = live;
        return;
      }
    }
  }, everyMs);
  const stop = () => clearInterval(timer);
  hls.on('hlsDestroying', stop);
  return stop;
}

/** Replays and previews: no low-latency loading. */
export const VOD_HLS_CONFIG = Object.freeze({
  lowLatencyMode: false,
  liveSyncDurationCount: 3,
  backBufferLength: 30,
});
